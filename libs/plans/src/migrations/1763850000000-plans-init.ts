import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Plans as data: plans, evidence rules, targets, and generated reports (one per plan and period) with their files. */
export class PlansInit1763850000000 implements MigrationInterface {
  name = 'PlansInit1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS plans`);
    await q.query(`
      CREATE TABLE plans.plans (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        title text NOT NULL,
        issuer text NOT NULL,
        level text NOT NULL,
        jurisdiction_unit_id uuid,
        number text,
        issued_on date,
        parent_plan_id uuid,
        base_year integer NOT NULL,
        reporting_calendar jsonb NOT NULL DEFAULT '[]',
        period_definition jsonb NOT NULL DEFAULT '{"type":"calendar_year"}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plans_pkey PRIMARY KEY (id),
        CONSTRAINT plans_code_uq UNIQUE (code),
        CONSTRAINT plans_parent_fk FOREIGN KEY (parent_plan_id) REFERENCES plans.plans (id),
        CONSTRAINT plans_level_chk CHECK (level IN ('national', 'province', 'district', 'commune', 'institution')),
        CONSTRAINT plans_jurisdiction_chk CHECK (level = 'national' OR jurisdiction_unit_id IS NOT NULL),
        CONSTRAINT plans_base_year_chk CHECK (base_year BETWEEN 2000 AND 2100),
        CONSTRAINT plans_calendar_chk CHECK (jsonb_typeof(reporting_calendar) = 'array')
      )`);
    await q.query(`CREATE INDEX plans_jurisdiction_idx ON plans.plans (jurisdiction_unit_id)`);

    await q.query(`
      CREATE TABLE plans.evidence_rules (
        code text NOT NULL,
        description_vi text NOT NULL,
        description_en text NOT NULL,
        rule jsonb NOT NULL,
        CONSTRAINT evidence_rules_pkey PRIMARY KEY (code),
        CONSTRAINT evidence_rules_rule_chk CHECK (jsonb_typeof(rule) = 'object')
      )`);

    await q.query(`
      CREATE TABLE plans.targets (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL,
        key text NOT NULL,
        indicator text NOT NULL,
        institution_types text[] NOT NULL DEFAULT '{}',
        levels text[] NOT NULL DEFAULT '{}',
        unit_kind text,
        year integer NOT NULL,
        value_min numeric NOT NULL,
        value_max numeric,
        evidence_rule_code text,
        activity jsonb,
        description_vi text NOT NULL,
        CONSTRAINT targets_pkey PRIMARY KEY (id),
        CONSTRAINT targets_plan_fk FOREIGN KEY (plan_id) REFERENCES plans.plans (id) ON DELETE CASCADE,
        CONSTRAINT targets_rule_fk FOREIGN KEY (evidence_rule_code) REFERENCES plans.evidence_rules (code),
        CONSTRAINT targets_plan_key_uq UNIQUE (plan_id, key),
        CONSTRAINT targets_indicator_chk CHECK (indicator IN ('lifelong_learning_share', 'it_adoption_share', 'museum_education_share',
          'cultural_centre_activity_share', 'user_visits_growth', 'museum_learning_visits_growth', 'population_participation_share',
          'activity_count')),
        CONSTRAINT targets_range_chk CHECK (value_max IS NULL OR value_max >= value_min),
        CONSTRAINT targets_year_chk CHECK (year BETWEEN 2000 AND 2100)
      )`);
    await q.query(`CREATE INDEX targets_plan_idx ON plans.targets (plan_id, year)`);

    await q.query(`
      CREATE TABLE plans.reports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL,
        period_key text NOT NULL,
        jurisdiction_unit_id uuid,
        due_on date,
        generated_at timestamptz NOT NULL DEFAULT now(),
        content jsonb NOT NULL,
        CONSTRAINT reports_pkey PRIMARY KEY (id),
        CONSTRAINT reports_plan_fk FOREIGN KEY (plan_id) REFERENCES plans.plans (id) ON DELETE CASCADE,
        CONSTRAINT reports_plan_period_uq UNIQUE (plan_id, period_key),
        CONSTRAINT reports_period_key_chk CHECK (period_key ~ '^[0-9]{4}(-H1|-review)?$')
      )`);

    await q.query(`
      CREATE TABLE plans.report_files (
        report_id uuid NOT NULL,
        format text NOT NULL,
        content bytea NOT NULL,
        CONSTRAINT report_files_pkey PRIMARY KEY (report_id, format),
        CONSTRAINT report_files_report_fk FOREIGN KEY (report_id) REFERENCES plans.reports (id) ON DELETE CASCADE,
        CONSTRAINT report_files_format_chk CHECK (format IN ('xlsx', 'csv', 'pdf'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA plans CASCADE`);
  }
}
