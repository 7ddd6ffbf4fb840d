import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-lending: licences per digital resource (catalogue's digital_resources, by id), e-loans and e-holds. Licence
 * counters can never go negative or past their seats: CHECK constraints here, row locks in the service.
 */
export class CirculationElending1763830000001 implements MigrationInterface {
  name = 'CirculationElending1763830000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE circulation.licences (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL,
        institution_id uuid NOT NULL,
        model text NOT NULL,
        seats integer NOT NULL DEFAULT 1,
        checkouts_left integer,
        valid_until date,
        loan_days integer NOT NULL DEFAULT 14,
        in_use integer NOT NULL DEFAULT 0,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT licences_pkey PRIMARY KEY (id),
        CONSTRAINT licences_model_chk CHECK (model IN ('one_copy_one_user', 'metered', 'simultaneous', 'open_access')),
        CONSTRAINT licences_in_use_chk CHECK (in_use >= 0),
        CONSTRAINT licences_checkouts_left_chk CHECK (checkouts_left IS NULL OR checkouts_left >= 0),
        CONSTRAINT licences_seats_chk CHECK (seats BETWEEN 1 AND 100000 AND (model IN ('simultaneous', 'open_access') OR in_use <= seats)),
        CONSTRAINT licences_metered_chk CHECK (model <> 'metered' OR checkouts_left IS NOT NULL OR valid_until IS NOT NULL),
        CONSTRAINT licences_loan_days_chk CHECK (loan_days BETWEEN 1 AND 90)
      )`);
    await q.query(`CREATE INDEX licences_resource_idx ON circulation.licences (resource_id)`);

    await q.query(`
      CREATE TABLE circulation.e_loans (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        licence_id uuid NOT NULL,
        resource_id uuid NOT NULL,
        patron_id uuid NOT NULL,
        account_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        returned_at timestamptz,
        end_reason text,
        CONSTRAINT e_loans_pkey PRIMARY KEY (id),
        CONSTRAINT e_loans_licence_fk FOREIGN KEY (licence_id) REFERENCES circulation.licences (id),
        CONSTRAINT e_loans_period_chk CHECK (ends_at > started_at),
        CONSTRAINT e_loans_end_chk CHECK ((returned_at IS NULL) = (end_reason IS NULL) AND (end_reason IS NULL OR end_reason IN ('returned', 'expired')))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX e_loans_one_open_per_patron_resource_uq ON circulation.e_loans (patron_id, resource_id) WHERE returned_at IS NULL`,
    );
    await q.query(`CREATE INDEX e_loans_open_ends_idx ON circulation.e_loans (ends_at) WHERE returned_at IS NULL`);
    await q.query(
      `CREATE INDEX e_loans_account_open_idx ON circulation.e_loans (account_id, resource_id) WHERE returned_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE circulation.e_holds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL,
        patron_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'waiting',
        placed_at timestamptz NOT NULL,
        licence_id uuid,
        offered_at timestamptz,
        claim_until timestamptz,
        closed_at timestamptz,
        CONSTRAINT e_holds_pkey PRIMARY KEY (id),
        CONSTRAINT e_holds_licence_fk FOREIGN KEY (licence_id) REFERENCES circulation.licences (id),
        CONSTRAINT e_holds_status_chk CHECK (status IN ('waiting', 'offered', 'fulfilled', 'expired', 'cancelled')),
        CONSTRAINT e_holds_offer_chk CHECK (status <> 'offered' OR (licence_id IS NOT NULL AND claim_until IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX e_holds_one_active_uq ON circulation.e_holds (patron_id, resource_id) WHERE status IN ('waiting', 'offered')`,
    );
    await q.query(
      `CREATE INDEX e_holds_queue_idx ON circulation.e_holds (resource_id, placed_at, id) WHERE status = 'waiting'`,
    );
    await q.query(`CREATE INDEX e_holds_claim_idx ON circulation.e_holds (claim_until) WHERE status = 'offered'`);
    await q.query(`ALTER TABLE circulation.notices DROP CONSTRAINT notices_kind_chk`);
    await q.query(
      `ALTER TABLE circulation.notices ADD CONSTRAINT notices_kind_chk CHECK (kind IN ('due_soon', 'overdue', 'hold_ready', 'hold_expiring', 'eloan_ending', 'ehold_offered'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE circulation.notices DROP CONSTRAINT notices_kind_chk`);
    await q.query(
      `ALTER TABLE circulation.notices ADD CONSTRAINT notices_kind_chk CHECK (kind IN ('due_soon', 'overdue', 'hold_ready', 'hold_expiring', 'eloan_ending'))`,
    );
    await q.query(`DROP TABLE circulation.e_holds`);
    await q.query(`DROP TABLE circulation.e_loans`);
    await q.query(`DROP TABLE circulation.licences`);
  }
}
