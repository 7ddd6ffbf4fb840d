import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The copies of a shipment still to be scanned, counted after every scan: a partial index on the packed items, so the
 * count reads only those (it read every item of the shipment, 5,000 per scan of a large shipment).
 */
export class RotationPackedItems1764930000200 implements MigrationInterface {
  name = 'RotationPackedItems1764930000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX shipment_items_packed_idx ON rotation.shipment_items (shipment_id) WHERE state = 'packed'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rotation.shipment_items_packed_idx`);
  }
}
