import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Circulation's notices now live in the notices module (moved there by NoticesInit1764820000100): drop the old table. */
export class CirculationNoticesMoved1764820000200 implements MigrationInterface {
  name = 'CirculationNoticesMoved1764820000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE circulation.notices`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE circulation.notices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        patron_id uuid NOT NULL,
        kind text NOT NULL,
        dedupe_key text NOT NULL,
        subject_vi text NOT NULL,
        subject_en text NOT NULL,
        body_vi text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz,
        CONSTRAINT notices_pkey PRIMARY KEY (id),
        CONSTRAINT notices_dedupe_key_uq UNIQUE (dedupe_key),
        CONSTRAINT notices_kind_chk CHECK (kind IN ('due_soon', 'overdue', 'hold_ready', 'hold_expiring', 'eloan_ending', 'ehold_offered'))
      )`);
    await q.query(`CREATE INDEX notices_patron_idx ON circulation.notices (patron_id, created_at DESC)`);
  }
}
