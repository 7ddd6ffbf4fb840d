import { idempotencyMigrations, platformMigrations } from '@suotdoi/platform';
import { catalogueMigrations } from '@suotdoi/catalogue';
import { circulationMigrations } from '@suotdoi/circulation';
import { rotationMigrations } from '@suotdoi/rotation';
import { networkMigrations } from '@suotdoi/network';
import { identityMigrations } from '@suotdoi/identity';
import { noticesMigrations } from '@suotdoi/notices';
import { eventsMigrations } from '@suotdoi/events';
import { usageMigrations } from '@suotdoi/usage';
import { plansMigrations } from '@suotdoi/plans';

/**
 * Every module's migrations, in the order they must run. A module's migrations are exported from its index;
 * add them here when the module is added.
 */
export const allMigrations: (new () => unknown)[] = [
  ...platformMigrations,
  ...idempotencyMigrations,
  ...networkMigrations,
  ...identityMigrations,
  ...noticesMigrations,
  ...catalogueMigrations,
  ...circulationMigrations,
  ...rotationMigrations,
  ...eventsMigrations,
  ...usageMigrations,
  ...plansMigrations,
];
