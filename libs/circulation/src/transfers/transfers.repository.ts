import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { reviveDates } from '../common/json-rows.js';

export interface TransferRow {
  id: string;
  copyId: string;
  recordId: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  reason: 'hold' | 'return_home';
  holdId: string | null;
  status: TransferStatus;
  sentAt: Date;
  receivedAt: Date | null;
  /** When it stopped being in transit (received, cancelled or lost), by whom (null: done by the system), and why. */
  closedAt: Date | null;
  closedBy: string | null;
  closeNote: string | null;
}

export type TransferStatus = 'in_transit' | 'received' | 'cancelled' | 'lost';

const COLUMNS = `t.id, t.copy_id AS "copyId", t.record_id AS "recordId", t.from_institution_id AS "fromInstitutionId",
  t.to_institution_id AS "toInstitutionId", t.reason, t.hold_id AS "holdId", t.status, t.sent_at AS "sentAt", t.received_at AS "receivedAt",
  t.closed_at AS "closedAt", t.closed_by AS "closedBy", t.close_note AS "closeNote"`;

/** For the desk's combined reads (../loans/desk-reads.ts): the columns, and a row back from row_to_json. */
export const TRANSFER_COLUMNS = COLUMNS;
export const transferFromJson = (j: TransferRow | null): TransferRow | undefined =>
  reviveDates(j, ['sentAt', 'receivedAt', 'closedAt']);

/** The only place that queries circulation.transfers. */
@Injectable()
export class TransfersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(
    manager: EntityManager,
    t: {
      copyId: string;
      recordId: string;
      from: string;
      to: string;
      reason: 'hold' | 'return_home';
      holdId: string | null;
      at: Date;
      by: string | null;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO circulation.transfers (copy_id, record_id, from_institution_id, to_institution_id, reason, hold_id, sent_at, sent_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [t.copyId, t.recordId, t.from, t.to, t.reason, t.holdId, t.at, t.by],
    );
    return row.id;
  }

  async find(id: string, manager?: EntityManager): Promise<TransferRow | undefined> {
    const [row]: TransferRow[] = await (manager ?? this.ds.manager).query(
      `SELECT ${COLUMNS} FROM circulation.transfers t WHERE t.id = $1`,
      [id],
    );
    return row;
  }

  async openForCopy(manager: EntityManager, copyId: string): Promise<TransferRow | undefined> {
    const [row]: TransferRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM circulation.transfers t WHERE t.copy_id = $1 AND t.status = 'in_transit' FOR UPDATE`,
      [copyId],
    );
    return row;
  }

  /** The transfer, locked (cancel, lost and check-in decide on it one at a time). */
  async lock(manager: EntityManager, id: string): Promise<TransferRow | undefined> {
    const [row]: TransferRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM circulation.transfers t WHERE t.id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** End a transfer in transit. transfers_closed_chk wants closed_at on every closed one; transfers_lost_chk a who and a why when lost. */
  async close(
    manager: EntityManager,
    id: string,
    status: Exclude<TransferStatus, 'in_transit'>,
    at: Date,
    by: string | null,
    note: string | null = null,
  ): Promise<void> {
    await manager.query(
      `UPDATE circulation.transfers SET status = $2::text, closed_at = $3::timestamptz, closed_by = $4, close_note = $5,
         received_at = CASE WHEN $2::text = 'received' THEN $3::timestamptz END, received_by = CASE WHEN $2::text = 'received' THEN $4::uuid END
       WHERE id = $1 AND status = 'in_transit'`,
      [id, status, at, by, note],
    );
  }

  /** Open transfers arriving at (incoming) or leaving (outgoing) the institutions, oldest first. */
  /** One page of the copies in transit to (incoming) or from (outgoing) the institutions, oldest first, and the total. */
  async list(
    institutionIds: string[],
    direction: 'incoming' | 'outgoing',
    limit: number,
    offset: number,
  ): Promise<{ rows: TransferRow[]; total: number }> {
    const col = direction === 'incoming' ? 'to_institution_id' : 'from_institution_id';
    const where = `t.status = 'in_transit' AND t.${col} = ANY($1::uuid[])`;
    const [rows, [{ total }]]: [TransferRow[], { total: number }[]] = await Promise.all([
      this.ds.query(
        `SELECT ${COLUMNS} FROM circulation.transfers t WHERE ${where} ORDER BY t.sent_at, t.id LIMIT $2 OFFSET $3`,
        [institutionIds, limit, offset],
      ),
      this.ds.query(`SELECT count(*)::int AS total FROM circulation.transfers t WHERE ${where}`, [institutionIds]),
    ]);
    return { rows, total };
  }
}
