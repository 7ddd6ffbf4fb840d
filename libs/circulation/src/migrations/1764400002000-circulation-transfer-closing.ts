import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers can be cancelled by the sender and marked lost in transit by a manager at either end: a new status
 * `lost`, and who closed a transfer, when, and (required when lost) why. Every closed transfer now has closed_at;
 * for rows closed before this migration it is received_at, or for cancelled ones sent_at (the real time was not
 * recorded; sent_at is the earliest it can have been).
 */
export class CirculationTransferClosing1764400002000 implements MigrationInterface {
  name = 'CirculationTransferClosing1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE circulation.transfers ADD COLUMN closed_at timestamptz, ADD COLUMN closed_by uuid, ADD COLUMN close_note text`,
    );
    await q.query(
      `UPDATE circulation.transfers SET closed_at = coalesce(received_at, sent_at) WHERE status <> 'in_transit'`,
    );
    await q.query(`ALTER TABLE circulation.transfers DROP CONSTRAINT transfers_status_chk`);
    await q.query(
      `ALTER TABLE circulation.transfers ADD CONSTRAINT transfers_status_chk CHECK (status IN ('in_transit', 'received', 'cancelled', 'lost'))`,
    );
    await q.query(
      `ALTER TABLE circulation.transfers ADD CONSTRAINT transfers_closed_chk CHECK ((status = 'in_transit') = (closed_at IS NULL))`,
    );
    await q.query(
      `ALTER TABLE circulation.transfers ADD CONSTRAINT transfers_close_note_chk CHECK (close_note IS NULL OR length(btrim(close_note)) BETWEEN 3 AND 1000)`,
    );
    // Declaring a copy lost is a manager's decision on the record: who, and what happened.
    await q.query(
      `ALTER TABLE circulation.transfers ADD CONSTRAINT transfers_lost_chk CHECK (status <> 'lost' OR (closed_by IS NOT NULL AND close_note IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE circulation.transfers DROP CONSTRAINT transfers_lost_chk`);
    await q.query(`ALTER TABLE circulation.transfers DROP CONSTRAINT transfers_close_note_chk`);
    await q.query(`ALTER TABLE circulation.transfers DROP CONSTRAINT transfers_closed_chk`);
    await q.query(`ALTER TABLE circulation.transfers DROP CONSTRAINT transfers_status_chk`);
    await q.query(`UPDATE circulation.transfers SET status = 'cancelled' WHERE status = 'lost'`);
    await q.query(
      `ALTER TABLE circulation.transfers ADD CONSTRAINT transfers_status_chk CHECK (status IN ('in_transit', 'received', 'cancelled'))`,
    );
    await q.query(
      `ALTER TABLE circulation.transfers DROP COLUMN close_note, DROP COLUMN closed_by, DROP COLUMN closed_at`,
    );
  }
}
