import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff view of e-lending lists a licence's e-loans over time and a resource's e-holds in every status. The
 * existing indexes cover only open e-loans per patron or account and waiting e-holds, so these lists would scan
 * every e-loan or e-hold ever made.
 */
export class CirculationElendingStaffIndexes1764400003000 implements MigrationInterface {
  name = 'CirculationElendingStaffIndexes1764400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX e_loans_licence_idx ON circulation.e_loans (licence_id, started_at DESC)`);
    await q.query(`CREATE INDEX e_holds_resource_idx ON circulation.e_holds (resource_id, placed_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX circulation.e_holds_resource_idx`);
    await q.query(`DROP INDEX circulation.e_loans_licence_idx`);
  }
}
