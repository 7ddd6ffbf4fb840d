import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schema `notices`: one row per notice (template key + params; rendered when read or sent), who it is for (a patron,
 * an account, or a guest's address), whether it shows in the feed, and files attached to its e-mail. Moves
 * circulation's notices here (same ids, dedupe keys scoped `circulation:`), turns their undelivered outbox rows into
 * this module's topic, and does the same for identity's queued "card issued" e-mails.
 */
export class NoticesInit1764820000100 implements MigrationInterface {
  name = 'NoticesInit1764820000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS notices`);
    await q.query(`
      CREATE TABLE notices.notices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        template text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        patron_id uuid,
        account_id uuid,
        guest_name text,
        guest_email text,
        guest_phone text,
        in_feed boolean NOT NULL,
        by_email boolean NOT NULL DEFAULT true,
        dedupe_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz,
        CONSTRAINT notices_pk PRIMARY KEY (id),
        CONSTRAINT notices_dedupe_key_uq UNIQUE (dedupe_key),
        CONSTRAINT notices_template_ck CHECK (template ~ '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$'),
        CONSTRAINT notices_recipient_ck CHECK (patron_id IS NOT NULL OR account_id IS NOT NULL OR guest_email IS NOT NULL OR guest_phone IS NOT NULL),
        CONSTRAINT notices_feed_ck CHECK (NOT in_feed OR patron_id IS NOT NULL OR account_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX notices_patron_feed_idx ON notices.notices (patron_id, created_at DESC) WHERE in_feed AND patron_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX notices_account_feed_idx ON notices.notices (account_id, created_at DESC) WHERE in_feed AND account_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE notices.attachments (
        notice_id uuid NOT NULL,
        name text NOT NULL,
        content_type text NOT NULL,
        content bytea NOT NULL,
        CONSTRAINT attachments_pk PRIMARY KEY (notice_id, name),
        CONSTRAINT attachments_notice_fk FOREIGN KEY (notice_id) REFERENCES notices.notices (id) ON DELETE CASCADE
      )`);

    // Circulation's notices, kept as they were (feed rows; sent and read stamps).
    await q.query(`
      INSERT INTO notices.notices (id, template, params, patron_id, in_feed, dedupe_key, created_at, sent_at, read_at)
      SELECT id, 'circulation.' || kind, params, patron_id, true, 'circulation:' || dedupe_key, created_at, sent_at, read_at FROM circulation.notices`);
    await q.query(`
      UPDATE platform.outbox SET topic = 'notices.deliver', dedupe_key = 'circulation:' || dedupe_key
      WHERE topic = 'circulation.notice' AND processed_at IS NULL AND failed_at IS NULL`);
    // Identity's queued card e-mails become notices (feed rows too, as new ones are).
    await q.query(`
      WITH cards AS (
        SELECT o.id AS outbox_id, (o.payload->>'patronId')::uuid AS patron_id,
               'card_issued:' || (o.payload->>'patronId') || ':' || coalesce(o.payload->>'cardNumber', '-') || ':' || (o.payload->>'cardExpiresOn') AS key,
               jsonb_strip_nulls(jsonb_build_object('cardNumber', o.payload->>'cardNumber', 'cardExpiresOn', o.payload->>'cardExpiresOn',
                 'renewed', CASE WHEN (o.payload->>'renewed')::boolean THEN 'true' END)) AS params
        FROM platform.outbox o WHERE o.topic = 'identity.card_issued' AND o.processed_at IS NULL AND o.failed_at IS NULL
      ), moved AS (
        INSERT INTO notices.notices (template, params, patron_id, in_feed, dedupe_key)
        SELECT DISTINCT ON (key) 'identity.card_issued', params, patron_id, true, 'identity:' || key FROM cards
        ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key
      ), queued AS (
        INSERT INTO platform.outbox (topic, payload, dedupe_key) SELECT 'notices.deliver', jsonb_build_object('noticeId', id), dedupe_key FROM moved
      )
      UPDATE platform.outbox o SET processed_at = now() FROM cards c WHERE o.id = c.outbox_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA notices CASCADE`);
  }
}
