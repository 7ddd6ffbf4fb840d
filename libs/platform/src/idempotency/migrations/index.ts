import { IdempotencyLeases1764950000000 } from './1764950000000-idempotency-leases.js';

/** Idempotency-key migrations, run right after the platform's own (listed in libs/core/src/migrations.ts). */
export const idempotencyMigrations = [IdempotencyLeases1764950000000];
