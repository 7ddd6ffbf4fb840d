import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Demo usage events (client event ids `demo:…`, written only by the demo seeder) counted per figure: a small partial
 * index, so that reading figures where there are none costs one empty index probe.
 */
export class UsageDemoEventsIndex1764950000200 implements MigrationInterface {
  name = 'UsageDemoEventsIndex1764950000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX events_demo_period_idx ON usage.events (period_day, kind) WHERE client_event_id LIKE 'demo:%'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage.events_demo_period_idx`);
  }
}
