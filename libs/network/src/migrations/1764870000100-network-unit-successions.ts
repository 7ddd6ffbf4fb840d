import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which unit took over which on a reorganisation (1 July 2025: communes merged, districts abolished, provinces
 * merged). A successor that starts on the effective day and whose predecessors all lay inside one old unit carries
 * that unit's ground on; a unit that continues and absorbs another (Quảng Ngãi taking in Kon Tum) is a successor too.
 */
export class NetworkUnitSuccessions1764870000100 implements MigrationInterface {
  name = 'NetworkUnitSuccessions1764870000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE network.unit_successions (
        predecessor_id uuid NOT NULL,
        successor_id uuid NOT NULL,
        effective_on date NOT NULL,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_successions_pkey PRIMARY KEY (predecessor_id, successor_id),
        CONSTRAINT unit_successions_predecessor_fk FOREIGN KEY (predecessor_id) REFERENCES network.admin_units (id),
        CONSTRAINT unit_successions_successor_fk FOREIGN KEY (successor_id) REFERENCES network.admin_units (id),
        CONSTRAINT unit_successions_not_self_chk CHECK (predecessor_id <> successor_id),
        CONSTRAINT unit_successions_kind_chk CHECK (kind IN ('merge', 'split', 'absorb', 'rename'))
      )`);
    await q.query(`CREATE INDEX unit_successions_successor_idx ON network.unit_successions (successor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE network.unit_successions`);
  }
}
