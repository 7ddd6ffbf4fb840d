import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CirculationNotice, NoticeKind } from '../ports/ports.js';

export interface NoticeRow {
  id: string;
  patronId: string;
  kind: NoticeKind;
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  params: Record<string, string>;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}

const COLUMNS = `id, patron_id AS "patronId", kind, subject_vi AS "subjectVi", subject_en AS "subjectEn", body_vi AS "bodyVi", params,
  created_at AS "createdAt", sent_at AS "sentAt", read_at AS "readAt"`;

/** The only place that queries circulation.notices. */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Insert once per dedupe key; returns the new id, or undefined when this event already has its notice. */
  async insert(manager: EntityManager, dedupeKey: string, n: CirculationNotice): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO circulation.notices (patron_id, kind, dedupe_key, subject_vi, subject_en, body_vi, params)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [n.patronId, n.kind, dedupeKey, n.subjectVi, n.subjectEn, n.bodyVi, JSON.stringify(n.params)],
    );
    return rows[0]?.id;
  }

  async find(manager: EntityManager, id: string): Promise<NoticeRow | undefined> {
    const [row]: NoticeRow[] = await manager.query(`SELECT ${COLUMNS} FROM circulation.notices WHERE id = $1`, [id]);
    return row;
  }

  /** Stamp a notice sent, in a statement of its own (committed at once, whatever becomes of the caller's transaction). */
  async markSent(id: string): Promise<void> {
    await this.ds.query(`UPDATE circulation.notices SET sent_at = coalesce(sent_at, now()) WHERE id = $1`, [id]);
  }

  async forPatron(patronId: string, limit: number, offset: number): Promise<{ rows: NoticeRow[]; total: number }> {
    const rows: NoticeRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM circulation.notices WHERE patron_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`, [patronId, limit, offset]);
    const [{ n }]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n FROM circulation.notices WHERE patron_id = $1`, [patronId]);
    return { rows, total: Number(n) };
  }

  async markRead(patronId: string, id: string): Promise<boolean> {
    const res: [unknown[], number] = await this.ds.query(`UPDATE circulation.notices SET read_at = coalesce(read_at, now()) WHERE id = $1 AND patron_id = $2`, [id, patronId]);
    return res[1] > 0;
  }
}
