import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type SettlementKind = 'paid' | 'waived';

export interface SettlementRow {
  kind: SettlementKind;
  amountVnd: number;
  reason: string | null;
  receiptNumber: string | null;
  settledBy: string;
  settledAt: Date;
}

/** A charged loan with its settlement, if any. */
export interface ChargeRow {
  loanId: string;
  copyId: string;
  recordId: string;
  patronId: string | null;
  institutionId: string;
  checkedOutAt: Date;
  dueAt: Date;
  returnedAt: Date;
  returnedInstitutionId: string;
  fineVnd: number;
  fineSettledAt: Date | null;
  settlement: SettlementRow | null;
}

export type ChargeStatusFilter = 'unsettled' | 'settled' | 'all';

const COLUMNS = `l.id AS "loanId", l.copy_id AS "copyId", l.record_id AS "recordId", l.patron_id AS "patronId", l.institution_id AS "institutionId",
  l.checked_out_at AS "checkedOutAt", l.due_at AS "dueAt", l.returned_at AS "returnedAt", l.returned_institution_id AS "returnedInstitutionId",
  l.fine_vnd AS "fineVnd", l.fine_settled_at AS "fineSettledAt",
  CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('kind', s.kind, 'amountVnd', s.amount_vnd, 'reason', s.reason, 'receiptNumber', s.receipt_number,
    'settledBy', s.settled_by, 'settledAt', s.settled_at) END AS settlement`;

type Raw = Omit<ChargeRow, 'settlement'> & {
  settlement: (Omit<SettlementRow, 'settledAt'> & { settledAt: string }) | null;
};
const hydrate = (r: Raw): ChargeRow => ({
  ...r,
  settlement: r.settlement && { ...r.settlement, settledAt: new Date(r.settlement.settledAt) },
});

/**
 * The only place that queries circulation.charge_settlements (append-only: one row per settled charge), and the
 * charge-shaped reads of circulation.loans (loans with fine_vnd > 0, joined to their settlement). Writes to loans
 * stay in LoansRepository.
 */
@Injectable()
export class ChargesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Record a settlement. charge_settlements_one_per_loan_uq refuses a second one for the same loan (23505). */
  async insertSettlement(
    manager: EntityManager,
    s: {
      loanId: string;
      kind: SettlementKind;
      amountVnd: number;
      reason: string | null;
      receiptNumber: string | null;
      by: string;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO circulation.charge_settlements (loan_id, kind, amount_vnd, reason, receipt_number, settled_by, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.loanId, s.kind, s.amountVnd, s.reason, s.receiptNumber, s.by, s.at],
    );
  }

  async find(loanId: string, manager?: EntityManager): Promise<ChargeRow | undefined> {
    const [row]: Raw[] = await (manager ?? this.ds.manager).query(
      `SELECT ${COLUMNS} FROM circulation.loans l LEFT JOIN circulation.charge_settlements s ON s.loan_id = l.id WHERE l.id = $1 AND l.fine_vnd > 0 AND l.returned_at IS NOT NULL`,
      [loanId],
    );
    return row && hydrate(row);
  }

  /**
   * Charges of a patron and/or owed to institutions, newest return first, with the total still owed among them.
   * Unsettled ones are read through the partial indexes loans_patron_owed_idx / loans_institution_owed_idx.
   */
  async list(
    f: { patronId?: string; institutionIds?: string[]; status: ChargeStatusFilter },
    limit: number,
    offset: number,
  ): Promise<{ rows: ChargeRow[]; total: number; owedVnd: number }> {
    const where = ['l.fine_vnd > 0', 'l.returned_at IS NOT NULL'];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.patronId) where.push(`l.patron_id = ${p(f.patronId)}`);
    if (f.institutionIds) where.push(`l.institution_id = ANY(${p(f.institutionIds)}::uuid[])`);
    if (f.status === 'unsettled') where.push('l.fine_settled_at IS NULL');
    if (f.status === 'settled') where.push('l.fine_settled_at IS NOT NULL');
    const w = `WHERE ${where.join(' AND ')}`;
    const [{ n, owed }]: { n: string; owed: string }[] = await this.ds.query(
      `SELECT count(*) AS n, coalesce(sum(l.fine_vnd) FILTER (WHERE l.fine_settled_at IS NULL), 0) AS owed FROM circulation.loans l ${w}`,
      params,
    );
    const rows: Raw[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.loans l LEFT JOIN circulation.charge_settlements s ON s.loan_id = l.id ${w}
       ORDER BY l.returned_at DESC, l.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { rows: rows.map(hydrate), total: Number(n), owedVnd: Number(owed) };
  }
}
