import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface TransferRow {
  id: string;
  copyId: string;
  recordId: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  reason: 'hold' | 'return_home';
  holdId: string | null;
  status: 'in_transit' | 'received' | 'cancelled';
  sentAt: Date;
  receivedAt: Date | null;
}

const COLUMNS = `t.id, t.copy_id AS "copyId", t.record_id AS "recordId", t.from_institution_id AS "fromInstitutionId",
  t.to_institution_id AS "toInstitutionId", t.reason, t.hold_id AS "holdId", t.status, t.sent_at AS "sentAt", t.received_at AS "receivedAt"`;

/** The only place that queries circulation.transfers. */
@Injectable()
export class TransfersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(manager: EntityManager, t: { copyId: string; recordId: string; from: string; to: string; reason: 'hold' | 'return_home'; holdId: string | null; at: Date; by: string | null }): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO circulation.transfers (copy_id, record_id, from_institution_id, to_institution_id, reason, hold_id, sent_at, sent_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [t.copyId, t.recordId, t.from, t.to, t.reason, t.holdId, t.at, t.by],
    );
    return row.id;
  }

  async find(id: string, manager?: EntityManager): Promise<TransferRow | undefined> {
    const [row]: TransferRow[] = await (manager ?? this.ds.manager).query(`SELECT ${COLUMNS} FROM circulation.transfers t WHERE t.id = $1`, [id]);
    return row;
  }

  async openForCopy(manager: EntityManager, copyId: string): Promise<TransferRow | undefined> {
    const [row]: TransferRow[] = await manager.query(`SELECT ${COLUMNS} FROM circulation.transfers t WHERE t.copy_id = $1 AND t.status = 'in_transit' FOR UPDATE`, [copyId]);
    return row;
  }

  async close(manager: EntityManager, id: string, status: 'received' | 'cancelled', at: Date, by: string | null): Promise<void> {
    await manager.query(`UPDATE circulation.transfers SET status = $2, received_at = CASE WHEN $2 = 'received' THEN $3::timestamptz END, received_by = $4 WHERE id = $1`, [id, status, at, by]);
  }

  /** Open transfers arriving at (incoming) or leaving (outgoing) the institutions, oldest first. */
  list(institutionIds: string[], direction: 'incoming' | 'outgoing', limit: number, offset: number): Promise<TransferRow[]> {
    const col = direction === 'incoming' ? 'to_institution_id' : 'from_institution_id';
    return this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.transfers t WHERE t.status = 'in_transit' AND t.${col} = ANY($1::uuid[]) ORDER BY t.sent_at, t.id LIMIT $2 OFFSET $3`,
      [institutionIds, limit, offset],
    );
  }
}
