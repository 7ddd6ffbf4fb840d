import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions, the immutable unaccent wrapper used by search indexes, the outbox and idempotency keys. */
export class PlatformInit1763798400000 implements MigrationInterface {
  name = 'PlatformInit1763798400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);

    // unaccent() is STABLE (it reads a dictionary) so it cannot be used in an index; this wrapper pins
    // the dictionary and folds đ/Đ, which unaccent leaves alone in some dictionary versions.
    await q.query(`
      CREATE FUNCTION platform.fold_vi(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT lower(translate(public.unaccent('public.unaccent'::regdictionary, normalize(input, NFC)), 'đĐ', 'dD'))
      $$`);

    await q.query(`
      CREATE TABLE platform.outbox (
        id bigint GENERATED ALWAYS AS IDENTITY,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        dedupe_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        processed_at timestamptz,
        failed_at timestamptz,
        CONSTRAINT outbox_pkey PRIMARY KEY (id),
        CONSTRAINT outbox_topic_format_chk CHECK (topic ~ '^[a-z][a-z0-9_.-]*$'),
        CONSTRAINT outbox_attempts_chk CHECK (attempts >= 0)
      )`);
    await q.query(
      `CREATE INDEX outbox_pending_idx ON platform.outbox (available_at, id) WHERE processed_at IS NULL AND failed_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_processed_at_idx ON platform.outbox (processed_at) WHERE processed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX outbox_topic_dedupe_key_uq ON platform.outbox (topic, dedupe_key) WHERE dedupe_key IS NOT NULL`,
    );
    // Wake relays as soon as a transaction that wrote outbox rows commits (NOTIFY is delivered on commit only).
    await q.query(`
      CREATE FUNCTION platform.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('platform_outbox', ''); RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER outbox_notify_trg AFTER INSERT ON platform.outbox FOR EACH STATEMENT EXECUTE FUNCTION platform.outbox_notify()`,
    );

    await q.query(`
      CREATE TABLE platform.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        state text NOT NULL DEFAULT 'in_progress',
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key),
        CONSTRAINT idempotency_keys_state_chk CHECK (state IN ('in_progress', 'completed')),
        CONSTRAINT idempotency_keys_completed_chk CHECK (state = 'in_progress' OR response_status IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires_at_idx ON platform.idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.idempotency_keys`);
    await q.query(`DROP TABLE platform.outbox`);
    await q.query(`DROP FUNCTION platform.outbox_notify()`);
    await q.query(`DROP FUNCTION platform.fold_vi(text)`);
    await q.query(`DROP SCHEMA platform`);
  }
}
