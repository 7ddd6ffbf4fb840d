import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A patron's standing (checked on every checkout, renewal and hold) reads their open loans and their unsettled
 * charges. Open loans had a partial index; unsettled charges did not, so the OR of the two fell back to a scan of
 * every loan ever made. With this index both arms are index scans (BitmapOr), however long the loan history grows.
 */
export class CirculationLoansOwedIndex1764400000000 implements MigrationInterface {
  name = 'CirculationLoansOwedIndex1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX loans_patron_owed_idx ON circulation.loans (patron_id) WHERE fine_vnd > 0 AND fine_settled_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX circulation.loans_patron_owed_idx`);
  }
}
