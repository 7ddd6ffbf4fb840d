import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Circulation: the rule matrix, loans (one open loan per copy, enforced here), holds with a gap-free queue per
 * record, transfers, staff overrides, patron settings (opt-in history) and the patron notice feed. Other modules'
 * rows (copies, records, patrons, institutions, accounts) are referred to by id, without foreign keys.
 */
export class CirculationInit1763830000000 implements MigrationInterface {
  name = 'CirculationInit1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS circulation`);

    await q.query(`
      CREATE TABLE circulation.policies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid,
        patron_category text,
        item_type text,
        loan_days integer NOT NULL,
        max_loans integer NOT NULL,
        renewals_allowed integer NOT NULL,
        renewal_days integer NOT NULL,
        holds_allowed boolean NOT NULL,
        max_holds integer NOT NULL,
        pickup_days integer NOT NULL,
        overdue_fine_per_day_vnd integer NOT NULL DEFAULT 0,
        block_threshold_vnd integer,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT policies_pkey PRIMARY KEY (id),
        CONSTRAINT policies_key_uq UNIQUE NULLS NOT DISTINCT (institution_id, patron_category, item_type),
        CONSTRAINT policies_loan_days_chk CHECK (loan_days BETWEEN 0 AND 366),
        CONSTRAINT policies_max_loans_chk CHECK (max_loans BETWEEN 0 AND 1000),
        CONSTRAINT policies_renewals_chk CHECK (renewals_allowed BETWEEN 0 AND 100 AND renewal_days BETWEEN 1 AND 366),
        CONSTRAINT policies_holds_chk CHECK (max_holds BETWEEN 0 AND 1000 AND pickup_days BETWEEN 1 AND 60),
        CONSTRAINT policies_fine_chk CHECK (overdue_fine_per_day_vnd >= 0 AND (block_threshold_vnd IS NULL OR block_threshold_vnd >= 0))
      )`);
    // The catch-all rule: most Vietnamese public libraries lend for two weeks and charge nothing.
    await q.query(`
      INSERT INTO circulation.policies (institution_id, patron_category, item_type, loan_days, max_loans, renewals_allowed, renewal_days,
        holds_allowed, max_holds, pickup_days, overdue_fine_per_day_vnd, block_threshold_vnd, note)
      VALUES (NULL, NULL, NULL, 14, 5, 2, 14, true, 5, 3, 0, NULL, 'Quy tắc mặc định: mượn 14 ngày, tối đa 5 tài liệu, gia hạn 2 lần, không thu phí quá hạn.')`);

    await q.query(`
      CREATE TABLE circulation.loans (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        copy_id uuid NOT NULL,
        record_id uuid NOT NULL,
        item_type text NOT NULL,
        patron_id uuid,
        institution_id uuid NOT NULL,
        policy_id uuid NOT NULL,
        checked_out_at timestamptz NOT NULL,
        checked_out_by uuid,
        due_at timestamptz NOT NULL,
        renewals integer NOT NULL DEFAULT 0,
        last_renewed_at timestamptz,
        returned_at timestamptz,
        returned_institution_id uuid,
        returned_by uuid,
        fine_vnd integer NOT NULL DEFAULT 0,
        fine_settled_at timestamptz,
        CONSTRAINT loans_pkey PRIMARY KEY (id),
        CONSTRAINT loans_policy_fk FOREIGN KEY (policy_id) REFERENCES circulation.policies (id),
        CONSTRAINT loans_due_chk CHECK (due_at > checked_out_at),
        CONSTRAINT loans_returned_chk CHECK (returned_at IS NULL OR (returned_at >= checked_out_at AND returned_institution_id IS NOT NULL)),
        CONSTRAINT loans_renewals_chk CHECK (renewals >= 0),
        CONSTRAINT loans_fine_chk CHECK (fine_vnd >= 0),
        -- an open loan always names its patron; a returned one may be anonymised (history is opt-in)
        CONSTRAINT loans_open_patron_chk CHECK (returned_at IS NOT NULL OR patron_id IS NOT NULL)
      )`);
    // THE guarantee: a copy has at most one open loan, whatever the application does.
    await q.query(
      `CREATE UNIQUE INDEX loans_one_open_per_copy_uq ON circulation.loans (copy_id) WHERE returned_at IS NULL`,
    );
    await q.query(`CREATE INDEX loans_patron_open_idx ON circulation.loans (patron_id) WHERE returned_at IS NULL`);
    await q.query(
      `CREATE INDEX loans_patron_history_idx ON circulation.loans (patron_id, returned_at DESC) WHERE returned_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX loans_open_due_idx ON circulation.loans (due_at) WHERE returned_at IS NULL`);
    await q.query(
      `CREATE INDEX loans_institution_open_idx ON circulation.loans (institution_id, due_at) WHERE returned_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE circulation.hold_queues (
        record_id uuid NOT NULL,
        length integer NOT NULL DEFAULT 0,
        CONSTRAINT hold_queues_pkey PRIMARY KEY (record_id),
        CONSTRAINT hold_queues_length_chk CHECK (length >= 0)
      )`);
    await q.query(`
      CREATE TABLE circulation.holds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        patron_id uuid NOT NULL,
        record_id uuid NOT NULL,
        copy_id uuid,
        pickup_institution_id uuid NOT NULL,
        policy_id uuid NOT NULL,
        status text NOT NULL,
        queue_position integer,
        placed_at timestamptz NOT NULL,
        placed_by uuid,
        suspended_until date,
        trapped_copy_id uuid,
        trapped_at timestamptz,
        ready_at timestamptz,
        expires_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT holds_pkey PRIMARY KEY (id),
        CONSTRAINT holds_policy_fk FOREIGN KEY (policy_id) REFERENCES circulation.policies (id),
        CONSTRAINT holds_kind_chk CHECK (kind IN ('title', 'copy', 'reservation')),
        CONSTRAINT holds_copy_chk CHECK ((kind = 'title') = (copy_id IS NULL)),
        CONSTRAINT holds_status_chk CHECK (status IN ('waiting', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired')),
        CONSTRAINT holds_position_chk CHECK ((status = 'waiting') = (queue_position IS NOT NULL) AND (queue_position IS NULL OR queue_position >= 1)),
        CONSTRAINT holds_trapped_chk CHECK (status NOT IN ('in_transit', 'ready') OR trapped_copy_id IS NOT NULL),
        CONSTRAINT holds_ready_chk CHECK (status <> 'ready' OR expires_at IS NOT NULL),
        CONSTRAINT holds_closed_chk CHECK ((status IN ('fulfilled', 'cancelled', 'expired')) = (closed_at IS NOT NULL)),
        CONSTRAINT holds_suspend_chk CHECK (suspended_until IS NULL OR status = 'waiting'),
        -- a fair queue: within a record no two waiting holds share a position (checked at commit, so a queue can
        -- be renumbered in one statement); the queue row lock keeps positions gap-free
        CONSTRAINT holds_queue_position_excl EXCLUDE USING btree (record_id WITH =, queue_position WITH =)
          WHERE (queue_position IS NOT NULL) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(
      `CREATE UNIQUE INDEX holds_one_active_per_patron_record_uq ON circulation.holds (patron_id, record_id) WHERE status IN ('waiting', 'in_transit', 'ready')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX holds_one_trap_per_copy_uq ON circulation.holds (trapped_copy_id) WHERE status IN ('in_transit', 'ready')`,
    );
    await q.query(`CREATE INDEX holds_patron_idx ON circulation.holds (patron_id, placed_at DESC)`);
    await q.query(`CREATE INDEX holds_ready_expiry_idx ON circulation.holds (expires_at) WHERE status = 'ready'`);
    await q.query(
      `CREATE INDEX holds_pickup_idx ON circulation.holds (pickup_institution_id, status) WHERE status IN ('in_transit', 'ready')`,
    );

    await q.query(`
      CREATE TABLE circulation.transfers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        copy_id uuid NOT NULL,
        record_id uuid NOT NULL,
        from_institution_id uuid NOT NULL,
        to_institution_id uuid NOT NULL,
        reason text NOT NULL,
        hold_id uuid,
        status text NOT NULL DEFAULT 'in_transit',
        sent_at timestamptz NOT NULL,
        sent_by uuid,
        received_at timestamptz,
        received_by uuid,
        CONSTRAINT transfers_pkey PRIMARY KEY (id),
        CONSTRAINT transfers_hold_fk FOREIGN KEY (hold_id) REFERENCES circulation.holds (id),
        CONSTRAINT transfers_reason_chk CHECK (reason IN ('hold', 'return_home')),
        CONSTRAINT transfers_status_chk CHECK (status IN ('in_transit', 'received', 'cancelled')),
        CONSTRAINT transfers_places_chk CHECK (from_institution_id <> to_institution_id),
        CONSTRAINT transfers_received_chk CHECK ((status = 'received') = (received_at IS NOT NULL)),
        CONSTRAINT transfers_hold_chk CHECK ((reason = 'hold') = (hold_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX transfers_one_open_per_copy_uq ON circulation.transfers (copy_id) WHERE status = 'in_transit'`,
    );
    await q.query(
      `CREATE INDEX transfers_to_open_idx ON circulation.transfers (to_institution_id, sent_at) WHERE status = 'in_transit'`,
    );
    await q.query(
      `CREATE INDEX transfers_from_open_idx ON circulation.transfers (from_institution_id, sent_at) WHERE status = 'in_transit'`,
    );

    await q.query(`
      CREATE TABLE circulation.overrides (
        id bigint GENERATED ALWAYS AS IDENTITY,
        action text NOT NULL,
        loan_id uuid,
        hold_id uuid,
        patron_id uuid NOT NULL,
        copy_id uuid,
        policy_id uuid NOT NULL,
        account_id uuid NOT NULL,
        reason text NOT NULL,
        refused jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT overrides_pkey PRIMARY KEY (id),
        CONSTRAINT overrides_action_chk CHECK (action IN ('checkout', 'renewal', 'hold')),
        CONSTRAINT overrides_reason_chk CHECK (length(btrim(reason)) BETWEEN 3 AND 1000),
        CONSTRAINT overrides_target_chk CHECK (loan_id IS NOT NULL OR hold_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX overrides_loan_idx ON circulation.overrides (loan_id) WHERE loan_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE circulation.patron_settings (
        patron_id uuid NOT NULL,
        keep_history boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patron_settings_pkey PRIMARY KEY (patron_id)
      )`);

    await q.query(`
      CREATE TABLE circulation.notices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        patron_id uuid NOT NULL,
        kind text NOT NULL,
        dedupe_key text NOT NULL,
        subject_vi text NOT NULL,
        subject_en text NOT NULL,
        body_vi text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz,
        CONSTRAINT notices_pkey PRIMARY KEY (id),
        CONSTRAINT notices_dedupe_key_uq UNIQUE (dedupe_key),
        CONSTRAINT notices_kind_chk CHECK (kind IN ('due_soon', 'overdue', 'hold_ready', 'hold_expiring', 'eloan_ending'))
      )`);
    await q.query(`CREATE INDEX notices_patron_idx ON circulation.notices (patron_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA circulation CASCADE`);
  }
}
