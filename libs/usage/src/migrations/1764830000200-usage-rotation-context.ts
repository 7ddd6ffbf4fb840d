import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage events about a copy (loans, renewals, returns) remember the copy and, when it was on a rotating collection,
 * the collection and stage, filled in at ingestion through the USAGE_CONTEXT port: figures per collection and stage
 * are read from the events. Nullable columns: adding them rewrites nothing.
 */
export class UsageRotationContext1764830000200 implements MigrationInterface {
  name = 'UsageRotationContext1764830000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE usage.events ADD COLUMN copy_id uuid, ADD COLUMN collection_id uuid, ADD COLUMN stage_id uuid`,
    );
    await q.query(
      `ALTER TABLE usage.events ADD CONSTRAINT events_stage_needs_collection_chk CHECK (stage_id IS NULL OR collection_id IS NOT NULL)`,
    );
    await q.query(
      `CREATE INDEX events_collection_idx ON usage.events (collection_id, stage_id, kind) INCLUDE (patron_key, quantity, copy_id) WHERE collection_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage.events_collection_idx`);
    await q.query(
      `ALTER TABLE usage.events DROP CONSTRAINT events_stage_needs_collection_chk, DROP COLUMN copy_id, DROP COLUMN collection_id, DROP COLUMN stage_id`,
    );
  }
}
