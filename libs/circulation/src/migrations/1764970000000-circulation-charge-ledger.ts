import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Charges as libraries keep them: a charge is paid in parts, a settlement entry recorded by mistake is reversed with
 * a reason, and a loan whose copy is lost is closed with a lost-item charge from the copy's price.
 *
 * - loans.fine_settled_vnd: how much of the charge is paid or waived. loans_fine_settled_vnd_chk keeps it between 0
 *   and the charge, so concurrent payments can never overpay whatever the application does; fine_settled_at is set
 *   exactly when the whole charge is settled (loans_fine_settled_full_chk).
 * - loans.lost_at / lost_item_vnd: a loan closed because its copy is lost; lost_item_vnd is the part of fine_vnd
 *   charged for the copy itself (the rest is the overdue charge up to that day).
 * - charge_settlements: many entries per loan (paid, waived, reversal); a reversal names the entry it reverses, at
 *   most once (charge_settlements_one_reversal_uq), and gives a reason. Still append-only.
 */
export class CirculationChargeLedger1764970000000 implements MigrationInterface {
  name = 'CirculationChargeLedger1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE circulation.loans
      ADD COLUMN fine_settled_vnd integer NOT NULL DEFAULT 0,
      ADD COLUMN lost_at timestamptz,
      ADD COLUMN lost_item_vnd integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE circulation.loans SET fine_settled_vnd = fine_vnd WHERE fine_settled_at IS NOT NULL`);
    await q.query(`ALTER TABLE circulation.loans
      ADD CONSTRAINT loans_fine_settled_vnd_chk CHECK (fine_settled_vnd BETWEEN 0 AND fine_vnd),
      ADD CONSTRAINT loans_fine_settled_full_chk CHECK (fine_settled_at IS NULL OR fine_settled_vnd = fine_vnd),
      ADD CONSTRAINT loans_lost_chk CHECK (lost_at IS NULL OR returned_at IS NOT NULL),
      ADD CONSTRAINT loans_lost_item_chk CHECK (lost_item_vnd >= 0 AND lost_item_vnd <= fine_vnd AND (lost_item_vnd = 0 OR lost_at IS NOT NULL))`);

    await q.query(`ALTER TABLE circulation.charge_settlements DROP CONSTRAINT charge_settlements_one_per_loan_uq`);
    await q.query(`ALTER TABLE circulation.charge_settlements DROP CONSTRAINT charge_settlements_kind_chk`);
    await q.query(`ALTER TABLE circulation.charge_settlements
      ADD COLUMN reverses_id uuid,
      ADD CONSTRAINT charge_settlements_kind_chk CHECK (kind IN ('paid', 'waived', 'reversal')),
      ADD CONSTRAINT charge_settlements_reverses_fk FOREIGN KEY (reverses_id) REFERENCES circulation.charge_settlements (id),
      ADD CONSTRAINT charge_settlements_one_reversal_uq UNIQUE (reverses_id),
      ADD CONSTRAINT charge_settlements_reversal_chk CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL) AND (kind <> 'reversal' OR reason IS NOT NULL))`);
    await q.query(`CREATE INDEX charge_settlements_loan_idx ON circulation.charge_settlements (loan_id, settled_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX circulation.charge_settlements_loan_idx`);
    await q.query(`ALTER TABLE circulation.charge_settlements DROP CONSTRAINT charge_settlements_reversal_chk,
      DROP CONSTRAINT charge_settlements_one_reversal_uq, DROP CONSTRAINT charge_settlements_reverses_fk,
      DROP CONSTRAINT charge_settlements_kind_chk, DROP COLUMN reverses_id`);
    await q.query(
      `ALTER TABLE circulation.charge_settlements ADD CONSTRAINT charge_settlements_kind_chk CHECK (kind IN ('paid', 'waived')),
       ADD CONSTRAINT charge_settlements_one_per_loan_uq UNIQUE (loan_id)`,
    );
    await q.query(`ALTER TABLE circulation.loans DROP CONSTRAINT loans_lost_item_chk, DROP CONSTRAINT loans_lost_chk,
      DROP CONSTRAINT loans_fine_settled_full_chk, DROP CONSTRAINT loans_fine_settled_vnd_chk,
      DROP COLUMN lost_item_vnd, DROP COLUMN lost_at, DROP COLUMN fine_settled_vnd`);
  }
}
