import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export type OpKind = 'checkout' | 'checkin' | 'renewal';
export type OpOutcome = 'pending' | 'applied' | 'conflict' | 'resolved';

export interface BatchRow {
  id: string;
  institutionId: string;
  servicePointId: string | null;
  deviceId: string;
  clientBatchId: string;
  status: 'applying' | 'applied';
  submittedAt: Date;
  appliedAt: Date | null;
}

export interface OpRow {
  seq: number;
  clientOpId: string;
  kind: OpKind;
  cardNumber: string | null;
  barcode: string;
  occurredAt: Date;
  outcome: OpOutcome;
  code: string | null;
  message: string | null;
  messageVi: string | null;
  loanId: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

const BATCH = `b.id, b.institution_id AS "institutionId", b.service_point_id AS "servicePointId", b.device_id AS "deviceId", b.client_batch_id AS "clientBatchId",
  b.status, b.submitted_at AS "submittedAt", b.applied_at AS "appliedAt"`;
const OP = `o.seq, o.client_op_id AS "clientOpId", o.kind, o.card_number AS "cardNumber", o.barcode, o.occurred_at AS "occurredAt", o.outcome, o.code, o.message,
  o.message_vi AS "messageVi", o.loan_id AS "loanId", o.resolved_at AS "resolvedAt", o.resolution_note AS "resolutionNote"`;

/** The only place that queries rotation.offline_batches and offline_ops. */
@Injectable()
export class OfflineBatchesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Claim a batch (committed at once): undefined when this device already sent it (the unique index decides). */
  async claim(
    b: { institutionId: string; servicePointId: string | null; deviceId: string; clientBatchId: string; by: string },
    ops: { clientOpId: string; kind: OpKind; cardNumber: string | null; barcode: string; at: Date }[],
  ): Promise<string | undefined> {
    return this.ds.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO rotation.offline_batches (institution_id, service_point_id, device_id, client_batch_id, submitted_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (institution_id, device_id, client_batch_id) DO NOTHING RETURNING id`,
        [b.institutionId, b.servicePointId, b.deviceId, b.clientBatchId, b.by],
      );
      if (!rows.length) return undefined;
      await m.query(
        `INSERT INTO rotation.offline_ops (batch_id, seq, client_op_id, kind, card_number, barcode, occurred_at)
         SELECT $1, u.seq, u.cid, u.kind, u.card, u.barcode, u.at FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS u(seq, cid, kind, card, barcode, at)`,
        [
          rows[0].id,
          ops.map((_, i) => i + 1),
          ops.map((o) => o.clientOpId),
          ops.map((o) => o.kind),
          ops.map((o) => o.cardNumber),
          ops.map((o) => o.barcode),
          ops.map((o) => o.at.toISOString()),
        ],
      );
      return rows[0].id;
    });
  }

  async findByClient(institutionId: string, deviceId: string, clientBatchId: string): Promise<BatchRow | undefined> {
    const [row] = await this.ds.query(
      `SELECT ${BATCH} FROM rotation.offline_batches b WHERE b.institution_id = $1 AND b.device_id = $2 AND b.client_batch_id = $3`,
      [institutionId, deviceId, clientBatchId],
    );
    return row;
  }

  async find(id: string): Promise<BatchRow | undefined> {
    const [row] = await this.ds.query(`SELECT ${BATCH} FROM rotation.offline_batches b WHERE b.id = $1`, [id]);
    return row;
  }

  async ops(batchId: string): Promise<OpRow[]> {
    return this.ds.query(`SELECT ${OP} FROM rotation.offline_ops o WHERE o.batch_id = $1 ORDER BY o.seq`, [batchId]);
  }

  async record(
    batchId: string,
    seq: number,
    r: {
      outcome: OpOutcome;
      code?: string | null;
      message?: string | null;
      messageVi?: string | null;
      loanId?: string | null;
    },
  ): Promise<void> {
    await this.ds.query(
      `UPDATE rotation.offline_ops SET outcome = $3, code = $4, message = $5, message_vi = $6, loan_id = $7 WHERE batch_id = $1 AND seq = $2`,
      [batchId, seq, r.outcome, r.code ?? null, r.message ?? null, r.messageVi ?? null, r.loanId ?? null],
    );
  }

  async applied(batchId: string): Promise<void> {
    await this.ds.query(`UPDATE rotation.offline_batches SET status = 'applied', applied_at = now() WHERE id = $1`, [
      batchId,
    ]);
  }

  async resolve(batchId: string, seq: number, by: string, note: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.ds.query(
      `UPDATE rotation.offline_ops SET outcome = 'resolved', resolved_at = now(), resolved_by = $3, resolution_note = $4 WHERE batch_id = $1 AND seq = $2 AND outcome = 'conflict' RETURNING seq`,
      [batchId, seq, by, note],
    );
    return rows.length > 0;
  }
}
