import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The document a plan comes from, cited by number, date and issuer (shown on the plan and in its reports). */
export class PlansSource1764870000001 implements MigrationInterface {
  name = 'PlansSource1764870000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE plans.plans ADD COLUMN source text, ADD CONSTRAINT plans_source_chk CHECK (source IS NULL OR length(btrim(source)) > 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans.plans DROP CONSTRAINT plans_source_chk, DROP COLUMN source`);
  }
}
