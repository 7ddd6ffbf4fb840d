// The SET builder is the platform's (database/sql-set.ts); identity's repositories import it from here.
export { assignments } from '@suotdoi/platform';
