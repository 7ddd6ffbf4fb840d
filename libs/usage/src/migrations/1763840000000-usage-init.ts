import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage: the immutable event log, manual figures, the dirty-day queue the rollup drains, rollups and restatements.
 * Periods are Vietnam calendar days (`period_day`), fixed when the event is written.
 */
export class UsageInit1763840000000 implements MigrationInterface {
  name = 'UsageInit1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS usage`);
    await q.query(`
      CREATE TABLE usage.events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        client_event_id text NOT NULL,
        kind text NOT NULL,
        institution_id uuid NOT NULL,
        service_point_id uuid,
        unit_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        period_day date NOT NULL,
        patron_key text,
        quantity numeric(14,1) NOT NULL,
        raw_crossings integer,
        basis text NOT NULL,
        source text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_pkey PRIMARY KEY (id),
        CONSTRAINT events_client_event_id_uq UNIQUE (client_event_id),
        CONSTRAINT events_kind_chk CHECK (kind IN ('visit','virtual_visit','loan','renewal','return','in_house_use',
          'e_resource_request','programme_session','programme_attendance','museum_learning_visit')),
        CONSTRAINT events_basis_chk CHECK (basis IN ('counted','estimated')),
        CONSTRAINT events_source_chk CHECK (source IN ('api','gate_counter','outbox')),
        CONSTRAINT events_quantity_chk CHECK (quantity >= 0),
        CONSTRAINT events_crossings_chk CHECK (raw_crossings IS NULL OR (kind = 'visit' AND raw_crossings >= 0)),
        CONSTRAINT events_client_event_id_len_chk CHECK (length(client_event_id) BETWEEN 1 AND 200)
      )`);
    await q.query(`CREATE INDEX events_period_day_idx ON usage.events (period_day)`);
    // Events are immutable: refuse UPDATE and DELETE at the database.
    await q.query(`
      CREATE FUNCTION usage.events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'usage.events rows are immutable'; END $$`);
    await q.query(
      `CREATE TRIGGER events_immutable_trg BEFORE UPDATE OR DELETE ON usage.events FOR EACH ROW EXECUTE FUNCTION usage.events_immutable()`,
    );

    await q.query(`
      CREATE TABLE usage.manual_figures (
        id bigint GENERATED ALWAYS AS IDENTITY,
        institution_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        kind text NOT NULL,
        grain text NOT NULL,
        period_start date NOT NULL,
        value numeric(14,1) NOT NULL,
        basis text NOT NULL,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz,
        CONSTRAINT manual_figures_pkey PRIMARY KEY (id),
        CONSTRAINT manual_figures_grain_chk CHECK (grain IN ('month','year')),
        CONSTRAINT manual_figures_period_chk CHECK (
          (grain = 'month' AND extract(day FROM period_start) = 1) OR
          (grain = 'year' AND extract(day FROM period_start) = 1 AND extract(month FROM period_start) = 1)),
        CONSTRAINT manual_figures_basis_chk CHECK (basis IN ('counted','estimated')),
        CONSTRAINT manual_figures_value_chk CHECK (value >= 0)
      )`);
    // One current figure per institution, kind and period; earlier ones are kept, superseded.
    await q.query(
      `CREATE UNIQUE INDEX manual_figures_current_uq ON usage.manual_figures (institution_id, kind, grain, period_start) WHERE superseded_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE usage.dirty_days (
        day date NOT NULL,
        marked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dirty_days_pkey PRIMARY KEY (day)
      )`);

    await q.query(`
      CREATE TABLE usage.rollups (
        scope text NOT NULL,
        scope_id uuid NOT NULL,
        grain text NOT NULL,
        period_start date NOT NULL,
        kind text NOT NULL,
        value numeric(16,1) NOT NULL,
        estimated_value numeric(16,1) NOT NULL,
        manual_value numeric(16,1) NOT NULL,
        event_count bigint NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rollups_pkey PRIMARY KEY (scope, grain, kind, period_start, scope_id),
        CONSTRAINT rollups_scope_chk CHECK (scope IN ('institution','unit')),
        CONSTRAINT rollups_grain_chk CHECK (grain IN ('day','month','year'))
      )`);
    await q.query(`CREATE INDEX rollups_scope_id_idx ON usage.rollups (scope_id, grain, period_start)`);

    await q.query(`
      CREATE TABLE usage.restatements (
        id bigint GENERATED ALWAYS AS IDENTITY,
        scope text NOT NULL,
        scope_id uuid NOT NULL,
        grain text NOT NULL,
        period_start date NOT NULL,
        kind text NOT NULL,
        old_value numeric(16,1),
        new_value numeric(16,1),
        restated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT restatements_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX restatements_scope_idx ON usage.restatements (scope_id, grain, period_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA usage CASCADE`);
  }
}
