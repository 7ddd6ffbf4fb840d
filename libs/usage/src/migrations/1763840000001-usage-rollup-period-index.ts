import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rollups are replaced by grain and period: index them that way (the primary key leads with the scope). */
export class UsageRollupPeriodIndex1763840000001 implements MigrationInterface {
  name = 'UsageRollupPeriodIndex1763840000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX rollups_grain_period_idx ON usage.rollups (grain, period_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage.rollups_grain_period_idx`);
  }
}
