import { vietnamDate } from '@suotdoi/platform';

// Day arithmetic lives in the platform's Vietnam dates (clock.ts); circulation's files import it from here.
export { addDays, daysBetween, endOfVietnamDay } from '@suotdoi/platform';

export const today = (now: Date): string => vietnamDate(now);
