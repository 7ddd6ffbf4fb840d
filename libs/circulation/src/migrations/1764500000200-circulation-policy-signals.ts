import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rule matrix signals its changes: rule matching reads a cache of it. */
export class CirculationPolicySignals1764500000200 implements MigrationInterface {
  name = 'CirculationPolicySignals1764500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TRIGGER policies_signal_change_trg AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON circulation.policies FOR EACH STATEMENT EXECUTE FUNCTION platform.signal_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER policies_signal_change_trg ON circulation.policies`);
  }
}
