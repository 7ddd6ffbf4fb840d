import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys that survive a crash: an in-progress key is a lease (its `expires_at` is renewed while the request
 * runs) held by one request (`owner`); `committed_at` is written inside the request's business transaction; a
 * completed key keeps the response as sent (`response_text`) and the headers that matter (`response_headers`).
 */
export class IdempotencyLeases1764950000000 implements MigrationInterface {
  name = 'IdempotencyLeases1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE platform.idempotency_keys
        ADD COLUMN owner uuid,
        ADD COLUMN committed_at timestamptz,
        ADD COLUMN response_text text,
        ADD COLUMN response_headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD CONSTRAINT idempotency_keys_response_headers_chk CHECK (jsonb_typeof(response_headers) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE platform.idempotency_keys
        DROP CONSTRAINT idempotency_keys_response_headers_chk,
        DROP COLUMN response_headers,
        DROP COLUMN response_text,
        DROP COLUMN committed_at,
        DROP COLUMN owner`);
  }
}
