import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * platform.signal_change(): a statement-level trigger function that NOTIFYs channel platform_changes with the
 * changed table's "schema.table" (delivered on commit only). Modules attach it to tables that in-process caches
 * read (ChangeSignals, SignalledCache).
 */
export class PlatformChangeSignals1764500000000 implements MigrationInterface {
  name = 'PlatformChangeSignals1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION platform.signal_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('platform_changes', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION platform.signal_change()`);
  }
}
