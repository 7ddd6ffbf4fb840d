import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { NoticeParams } from '../templates/notice-template.js';

export interface NoticeRow {
  id: string;
  template: string;
  params: NoticeParams;
  patronId: string | null;
  accountId: string | null;
  guestName: string | null;
  guestEmail: string | null;
  guestPhone: string | null;
  inFeed: boolean;
  byEmail: boolean;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
  attachments: { name: string; contentType: string; size: number }[];
}

const COLUMNS = `n.id, n.template, n.params, n.patron_id AS "patronId", n.account_id AS "accountId", n.guest_name AS "guestName",
  n.guest_email AS "guestEmail", n.guest_phone AS "guestPhone", n.in_feed AS "inFeed", n.by_email AS "byEmail", n.created_at AS "createdAt",
  n.sent_at AS "sentAt", n.read_at AS "readAt",
  coalesce((SELECT json_agg(json_build_object('name', a.name, 'contentType', a.content_type, 'size', octet_length(a.content)) ORDER BY a.name)
            FROM notices.attachments a WHERE a.notice_id = n.id), '[]') AS attachments`;

// A feed is the patron's notices and the account's: one index each, merged by the planner (BitmapOr).
const FEED = `n.in_feed AND (n.patron_id = $1 OR n.account_id = $2)`;

/** The only place that queries notices.notices and notices.attachments. */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Insert once per dedupe key; the new id, or undefined when this event already has its notice. */
  async insert(
    m: EntityManager,
    n: {
      template: string;
      params: NoticeParams;
      patronId: string | null;
      accountId: string | null;
      guest: { name?: string; email?: string; phone?: string } | null;
      inFeed: boolean;
      byEmail: boolean;
      dedupeKey: string;
    },
  ): Promise<string | undefined> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO notices.notices (template, params, patron_id, account_id, guest_name, guest_email, guest_phone, in_feed, by_email, dedupe_key)
       VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        n.template,
        JSON.stringify(n.params),
        n.patronId,
        n.accountId,
        n.guest?.name ?? null,
        n.guest?.email ?? null,
        n.guest?.phone ?? null,
        n.inFeed,
        n.byEmail,
        n.dedupeKey,
      ],
    );
    return rows[0]?.id;
  }

  async addAttachments(
    m: EntityManager,
    noticeId: string,
    files: { name: string; contentType: string; content: Buffer }[],
  ): Promise<void> {
    if (!files.length) return;
    await m.query(
      `INSERT INTO notices.attachments (notice_id, name, content_type, content)
       SELECT $1, f.name, f.content_type, decode(f.content, 'base64') FROM jsonb_to_recordset($2::jsonb) AS f(name text, content_type text, content text)`,
      [
        noticeId,
        JSON.stringify(
          files.map((f) => ({ name: f.name, content_type: f.contentType, content: f.content.toString('base64') })),
        ),
      ],
    );
  }

  /** Which of these dedupe keys already have their notice (a scan skips them). */
  async existing(m: EntityManager | undefined, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows: { k: string }[] = await (m ?? this.ds).query(
      `SELECT dedupe_key AS k FROM notices.notices WHERE dedupe_key = ANY($1::text[])`,
      [keys],
    );
    return new Set(rows.map((r) => r.k));
  }

  async find(m: EntityManager | undefined, id: string): Promise<NoticeRow | undefined> {
    const [row]: NoticeRow[] = await (m ?? this.ds).query(`SELECT ${COLUMNS} FROM notices.notices n WHERE n.id = $1`, [
      id,
    ]);
    return row;
  }

  async attachments(
    m: EntityManager | undefined,
    id: string,
  ): Promise<{ name: string; contentType: string; content: Buffer }[]> {
    return (m ?? this.ds).query(
      `SELECT name, content_type AS "contentType", content FROM notices.attachments WHERE notice_id = $1 ORDER BY name`,
      [id],
    );
  }

  /** Stamp a notice sent, in a statement of its own (committed at once, whatever becomes of the caller's transaction). */
  async markSent(id: string): Promise<void> {
    await this.ds.query(`UPDATE notices.notices SET sent_at = coalesce(sent_at, now()) WHERE id = $1`, [id]);
  }

  async feed(
    patronId: string | null,
    accountId: string,
    limit: number,
    offset: number,
  ): Promise<{ rows: NoticeRow[]; total: number }> {
    const rows: NoticeRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM notices.notices n WHERE ${FEED} ORDER BY n.created_at DESC, n.id LIMIT $3 OFFSET $4`,
      [patronId, accountId, limit, offset],
    );
    const [{ total }]: { total: string }[] = await this.ds.query(
      `SELECT count(*) AS total FROM notices.notices n WHERE ${FEED}`,
      [patronId, accountId],
    );
    return { rows, total: Number(total) };
  }

  async unread(patronId: string | null, accountId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM notices.notices n WHERE ${FEED} AND n.read_at IS NULL`,
      [patronId, accountId],
    );
    return Number(n);
  }

  /** Mark read a notice of this feed; the row, or undefined when it is not in this feed. */
  async markRead(patronId: string | null, accountId: string, id: string): Promise<NoticeRow | undefined> {
    const res: [{ id: string }[], number] = await this.ds.query(
      `UPDATE notices.notices n SET read_at = coalesce(read_at, now()) WHERE n.id = $3 AND ${FEED} RETURNING n.id`,
      [patronId, accountId, id],
    );
    return res[1] > 0 ? this.find(undefined, id) : undefined;
  }

  async markAllRead(patronId: string | null, accountId: string): Promise<number> {
    const res: [unknown[], number] = await this.ds.query(
      `UPDATE notices.notices n SET read_at = now() WHERE ${FEED} AND n.read_at IS NULL`,
      [patronId, accountId],
    );
    return res[1];
  }

  async forExport(patronId: string, accountId: string): Promise<NoticeRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM notices.notices n WHERE n.patron_id = $1 OR n.account_id = $2 ORDER BY n.created_at, n.id`,
      [patronId, accountId],
    );
  }

  /** Delete notices sent to a guest (by exact address or number); how many. */
  async eraseGuest(m: EntityManager, guest: { email?: string; phone?: string }): Promise<number> {
    const res: [unknown[], number] = await m.query(
      `DELETE FROM notices.notices WHERE patron_id IS NULL AND account_id IS NULL AND (lower(guest_email) = lower($1) OR guest_phone = $2)`,
      [guest.email?.trim() ?? null, guest.phone?.trim() ?? null],
    );
    return res[1];
  }

  async erase(m: EntityManager, patronId: string, accountId: string): Promise<void> {
    await m.query(`DELETE FROM notices.notices WHERE patron_id = $1 OR account_id = $2`, [patronId, accountId]);
  }
}
