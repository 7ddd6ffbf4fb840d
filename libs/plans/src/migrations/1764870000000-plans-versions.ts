import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans entered through the API: a plan is a draft until adopted, then changes only by a new version with a reason
 * (each earlier version kept as a snapshot), has a horizon year, and may target an absolute usage figure
 * (`usage_kinds`). Indicator codes are checked by the indicator registry (other modules add kinds), so the list in
 * the database check becomes a shape check. Reports get revisions: a stored report is regenerated as a new revision
 * that keeps the earlier ones.
 */
export class PlansVersions1764870000000 implements MigrationInterface {
  name = 'PlansVersions1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plans.plans
        ADD COLUMN status text NOT NULL DEFAULT 'adopted',
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN horizon_year integer,
        ADD COLUMN adopted_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN created_by uuid,
        ADD CONSTRAINT plans_status_chk CHECK (status IN ('draft', 'adopted')),
        ADD CONSTRAINT plans_version_chk CHECK (version >= 1),
        ADD CONSTRAINT plans_horizon_chk CHECK (horizon_year IS NULL OR horizon_year > base_year)`);
    // Plans stored before this migration were loaded as adopted.
    await q.query(`UPDATE plans.plans SET adopted_at = created_at`);
    await q.query(`ALTER TABLE plans.plans ALTER COLUMN status SET DEFAULT 'draft',
      ADD CONSTRAINT plans_adopted_chk CHECK (status = 'draft' OR adopted_at IS NOT NULL)`);

    await q.query(`
      CREATE TABLE plans.plan_versions (
        plan_id uuid NOT NULL,
        version integer NOT NULL,
        reason text,
        snapshot jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        CONSTRAINT plan_versions_pkey PRIMARY KEY (plan_id, version),
        CONSTRAINT plan_versions_plan_fk FOREIGN KEY (plan_id) REFERENCES plans.plans (id) ON DELETE CASCADE,
        CONSTRAINT plan_versions_snapshot_chk CHECK (jsonb_typeof(snapshot) = 'object'),
        CONSTRAINT plan_versions_reason_chk CHECK (version = 1 OR length(btrim(reason)) > 0)
      )`);

    await q.query(`ALTER TABLE plans.targets DROP CONSTRAINT targets_indicator_chk`);
    await q.query(`
      ALTER TABLE plans.targets
        ADD COLUMN usage_kinds text[],
        ADD CONSTRAINT targets_indicator_chk CHECK (indicator ~ '^[a-z][a-z0-9_]*$')`);

    await q.query(`ALTER TABLE plans.reports DROP CONSTRAINT reports_plan_period_uq`);
    await q.query(`
      ALTER TABLE plans.reports
        ADD COLUMN revision integer NOT NULL DEFAULT 1,
        ADD COLUMN reason text,
        ADD COLUMN plan_version integer NOT NULL DEFAULT 1,
        ADD CONSTRAINT reports_plan_period_revision_uq UNIQUE (plan_id, period_key, revision),
        ADD CONSTRAINT reports_revision_chk CHECK (revision >= 1),
        ADD CONSTRAINT reports_reason_chk CHECK (revision = 1 OR length(btrim(reason)) > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans.reports DROP CONSTRAINT reports_plan_period_revision_uq, DROP CONSTRAINT reports_revision_chk,
      DROP CONSTRAINT reports_reason_chk, DROP COLUMN revision, DROP COLUMN reason, DROP COLUMN plan_version`);
    await q.query(`ALTER TABLE plans.reports ADD CONSTRAINT reports_plan_period_uq UNIQUE (plan_id, period_key)`);
    await q.query(`ALTER TABLE plans.targets DROP CONSTRAINT targets_indicator_chk, DROP COLUMN usage_kinds`);
    await q.query(`DROP TABLE plans.plan_versions`);
    await q.query(`ALTER TABLE plans.plans DROP CONSTRAINT plans_status_chk, DROP CONSTRAINT plans_version_chk, DROP CONSTRAINT plans_horizon_chk,
      DROP CONSTRAINT plans_adopted_chk, DROP COLUMN status, DROP COLUMN version, DROP COLUMN horizon_year, DROP COLUMN adopted_at,
      DROP COLUMN updated_at, DROP COLUMN created_by`);
  }
}
