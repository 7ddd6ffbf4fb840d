import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settling overdue charges: one settlement per charged loan (paid at the desk, or waived by a manager with a reason),
 * who recorded it and when. The unique loan_id is the guarantee against settling one charge twice, whatever the
 * application does; the table is append-only (a trigger refuses UPDATE and DELETE), so it stays an audit trail.
 * Settlement rows do not name the patron: the loan does, until it is anonymised like any returned loan.
 */
export class CirculationChargeSettlements1764400001000 implements MigrationInterface {
  name = 'CirculationChargeSettlements1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE circulation.charge_settlements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        loan_id uuid NOT NULL,
        kind text NOT NULL,
        amount_vnd integer NOT NULL,
        reason text,
        receipt_number text,
        settled_by uuid NOT NULL,
        settled_at timestamptz NOT NULL,
        CONSTRAINT charge_settlements_pkey PRIMARY KEY (id),
        CONSTRAINT charge_settlements_loan_fk FOREIGN KEY (loan_id) REFERENCES circulation.loans (id),
        CONSTRAINT charge_settlements_one_per_loan_uq UNIQUE (loan_id),
        CONSTRAINT charge_settlements_kind_chk CHECK (kind IN ('paid', 'waived')),
        CONSTRAINT charge_settlements_amount_chk CHECK (amount_vnd > 0),
        CONSTRAINT charge_settlements_reason_chk CHECK (reason IS NULL OR length(btrim(reason)) BETWEEN 3 AND 1000),
        CONSTRAINT charge_settlements_waiver_reason_chk CHECK (kind <> 'waived' OR reason IS NOT NULL),
        CONSTRAINT charge_settlements_receipt_chk CHECK (receipt_number IS NULL OR length(btrim(receipt_number)) BETWEEN 1 AND 64)
      )`);
    await q.query(`
      CREATE FUNCTION circulation.charge_settlements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'circulation.charge_settlements is an audit trail: rows are never changed or deleted' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER charge_settlements_append_only_trg BEFORE UPDATE OR DELETE ON circulation.charge_settlements
      FOR EACH ROW EXECUTE FUNCTION circulation.charge_settlements_append_only()`);
    // Only a returned loan with a charge can be settled (nothing ever set fine_settled_at before this migration).
    await q.query(
      `ALTER TABLE circulation.loans ADD CONSTRAINT loans_fine_settled_chk CHECK (fine_settled_at IS NULL OR (fine_vnd > 0 AND returned_at IS NOT NULL))`,
    );
    // A desk's list of charges owed to it (the patron's side has loans_patron_owed_idx).
    await q.query(
      `CREATE INDEX loans_institution_owed_idx ON circulation.loans (institution_id, returned_at) WHERE fine_vnd > 0 AND fine_settled_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX circulation.loans_institution_owed_idx`);
    await q.query(`ALTER TABLE circulation.loans DROP CONSTRAINT loans_fine_settled_chk`);
    await q.query(`DROP TABLE circulation.charge_settlements`);
    await q.query(`DROP FUNCTION circulation.charge_settlements_append_only()`);
  }
}
