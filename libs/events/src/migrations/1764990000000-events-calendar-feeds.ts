import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A patron's private calendar feed: calendar apps cannot send a bearer token, so the feed's address carries a secret.
 * Only its SHA-256 is kept; issuing a new one replaces the old (the old address stops working).
 */
export class EventsCalendarFeeds1764990000000 implements MigrationInterface {
  name = 'EventsCalendarFeeds1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events.calendar_feeds (
        patron_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_read_at timestamptz,
        CONSTRAINT calendar_feeds_pk PRIMARY KEY (patron_id),
        CONSTRAINT calendar_feeds_token_hash_uq UNIQUE (token_hash),
        CONSTRAINT calendar_feeds_token_hash_len_chk CHECK (octet_length(token_hash) = 32)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE events.calendar_feeds`);
  }
}
