import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Opening hours and closures (holidays included) signal their changes: due dates are computed from a cache of them. */
export class NetworkCalendarSignals1764500000100 implements MigrationInterface {
  name = 'NetworkCalendarSignals1764500000100';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['opening_hours', 'closures']) {
      await q.query(
        `CREATE TRIGGER ${table}_signal_change_trg AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network.${table} FOR EACH STATEMENT EXECUTE FUNCTION platform.signal_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['opening_hours', 'closures'])
      await q.query(`DROP TRIGGER ${table}_signal_change_trg ON network.${table}`);
  }
}
