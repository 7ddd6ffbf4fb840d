import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mobile library (thư viện lưu động): routes of stops, each at a place in a commune, on a weekly slot (Vietnam time)
 * or on dated visits; a stop visit records its headcount once per stop and day (mobile_stop_visits_one_per_day_uq).
 * Deposit collections (tủ sách gửi): counts reported for a host with no system, once per collection and month
 * (deposit_reports_one_per_period_uq). Shipments are found by their dispatch time, so that usage is stamped with the
 * stage a collection was on when the event happened.
 */
export class RotationMobileDeposit1764930000100 implements MigrationInterface {
  name = 'RotationMobileDeposit1764930000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rotation.mobile_routes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        service_point_id uuid,
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mobile_routes_pkey PRIMARY KEY (id),
        CONSTRAINT mobile_routes_name_chk CHECK (length(btrim(name)) BETWEEN 1 AND 300)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX mobile_routes_name_uq ON rotation.mobile_routes (institution_id, lower(name)) WHERE active`,
    );
    await q.query(`
      CREATE TABLE rotation.mobile_stops (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        route_id uuid NOT NULL,
        seq integer NOT NULL,
        place text NOT NULL,
        unit_id uuid NOT NULL,
        service_point_id uuid,
        weekday smallint,
        starts_at time NOT NULL,
        ends_at time NOT NULL,
        active boolean NOT NULL DEFAULT true,
        CONSTRAINT mobile_stops_pkey PRIMARY KEY (id),
        CONSTRAINT mobile_stops_route_fkey FOREIGN KEY (route_id) REFERENCES rotation.mobile_routes (id) ON DELETE RESTRICT,
        CONSTRAINT mobile_stops_place_chk CHECK (length(btrim(place)) BETWEEN 1 AND 300),
        CONSTRAINT mobile_stops_weekday_chk CHECK (weekday BETWEEN 1 AND 7),
        CONSTRAINT mobile_stops_times_chk CHECK (ends_at > starts_at),
        CONSTRAINT mobile_stops_seq_chk CHECK (seq >= 1)
      )`);
    await q.query(`CREATE UNIQUE INDEX mobile_stops_seq_uq ON rotation.mobile_stops (route_id, seq) WHERE active`);
    await q.query(`
      CREATE TABLE rotation.mobile_stop_dates (
        stop_id uuid NOT NULL,
        on_date date NOT NULL,
        CONSTRAINT mobile_stop_dates_pkey PRIMARY KEY (stop_id, on_date),
        CONSTRAINT mobile_stop_dates_stop_fkey FOREIGN KEY (stop_id) REFERENCES rotation.mobile_stops (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX mobile_stop_dates_on_idx ON rotation.mobile_stop_dates (on_date)`);
    await q.query(`
      CREATE TABLE rotation.mobile_stop_visits (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        stop_id uuid NOT NULL,
        visited_on date NOT NULL,
        headcount integer NOT NULL,
        note text,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mobile_stop_visits_pkey PRIMARY KEY (id),
        CONSTRAINT mobile_stop_visits_stop_fkey FOREIGN KEY (stop_id) REFERENCES rotation.mobile_stops (id) ON DELETE RESTRICT,
        CONSTRAINT mobile_stop_visits_headcount_chk CHECK (headcount BETWEEN 0 AND 100000)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX mobile_stop_visits_one_per_day_uq ON rotation.mobile_stop_visits (stop_id, visited_on)`,
    );
    await q.query(`
      CREATE TABLE rotation.deposit_reports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        collection_id uuid NOT NULL,
        stage_id uuid NOT NULL,
        host_institution_id uuid NOT NULL,
        period_start date NOT NULL,
        loans integer NOT NULL,
        readers integer NOT NULL,
        basis text NOT NULL,
        reported_by uuid NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deposit_reports_pkey PRIMARY KEY (id),
        CONSTRAINT deposit_reports_collection_fkey FOREIGN KEY (collection_id) REFERENCES rotation.collections (id) ON DELETE RESTRICT,
        CONSTRAINT deposit_reports_stage_fkey FOREIGN KEY (stage_id) REFERENCES rotation.stages (id) ON DELETE RESTRICT,
        CONSTRAINT deposit_reports_month_chk CHECK (extract(day FROM period_start) = 1),
        CONSTRAINT deposit_reports_counts_chk CHECK (loans BETWEEN 0 AND 1000000 AND readers BETWEEN 0 AND 1000000),
        CONSTRAINT deposit_reports_basis_chk CHECK (basis IN ('counted', 'estimated'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX deposit_reports_one_per_period_uq ON rotation.deposit_reports (collection_id, period_start)`,
    );
    await q.query(
      `CREATE INDEX shipments_collection_dispatched_idx ON rotation.shipments (collection_id, dispatched_at) WHERE dispatched_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rotation.shipments_collection_dispatched_idx`);
    await q.query(`DROP TABLE rotation.deposit_reports`);
    await q.query(`DROP TABLE rotation.mobile_stop_visits`);
    await q.query(`DROP TABLE rotation.mobile_stop_dates`);
    await q.query(`DROP TABLE rotation.mobile_stops`);
    await q.query(`DROP TABLE rotation.mobile_routes`);
  }
}
