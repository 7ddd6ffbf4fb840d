import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type SettlementKind = 'paid' | 'waived';
export type EntryKind = SettlementKind | 'reversal';

/** One entry of a charge's history: a payment, a waiver, or the reversal of one of them. */
export interface SettlementRow {
  id: string;
  kind: EntryKind;
  amountVnd: number;
  reason: string | null;
  receiptNumber: string | null;
  /** The entry this one reverses (reversals only). */
  reversesId: string | null;
  settledBy: string;
  settledAt: Date;
}

/** A charged loan with its history of settlement entries, oldest first. */
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
  /** Paid or waived so far (net of reversals). */
  fineSettledVnd: number;
  fineSettledAt: Date | null;
  lostAt: Date | null;
  lostItemVnd: number;
  entries: SettlementRow[];
}

export type ChargeStatusFilter = 'unsettled' | 'settled' | 'all';

const COLUMNS = `l.id AS "loanId", l.copy_id AS "copyId", l.record_id AS "recordId", l.patron_id AS "patronId", l.institution_id AS "institutionId",
  l.checked_out_at AS "checkedOutAt", l.due_at AS "dueAt", l.returned_at AS "returnedAt", l.returned_institution_id AS "returnedInstitutionId",
  l.fine_vnd AS "fineVnd", l.fine_settled_vnd AS "fineSettledVnd", l.fine_settled_at AS "fineSettledAt", l.lost_at AS "lostAt", l.lost_item_vnd AS "lostItemVnd",
  coalesce((SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'amountVnd', s.amount_vnd, 'reason', s.reason,
      'receiptNumber', s.receipt_number, 'reversesId', s.reverses_id, 'settledBy', s.settled_by, 'settledAt', s.settled_at)
      ORDER BY s.settled_at, s.id)
    FROM circulation.charge_settlements s WHERE s.loan_id = l.id), '[]'::json) AS entries`;

type Raw = Omit<ChargeRow, 'entries'> & { entries: (Omit<SettlementRow, 'settledAt'> & { settledAt: string })[] };
const hydrate = (r: Raw): ChargeRow => ({
  ...r,
  entries: r.entries.map((e) => ({ ...e, settledAt: new Date(e.settledAt) })),
});

/**
 * The only place that queries circulation.charge_settlements (append-only: payments, waivers, reversals), and the
 * charge-shaped reads of circulation.loans (loans with fine_vnd > 0, joined to their settlement). Writes to loans
 * stay in LoansRepository.
 */
@Injectable()
export class ChargesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Record an entry (payment, waiver, reversal); returns its id. A second reversal of one entry: 23505. */
  async insertEntry(
    manager: EntityManager,
    s: {
      loanId: string;
      kind: EntryKind;
      amountVnd: number;
      reason: string | null;
      receiptNumber: string | null;
      reversesId?: string | null;
      by: string;
      at: Date;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO circulation.charge_settlements (loan_id, kind, amount_vnd, reason, receipt_number, reverses_id, settled_by, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [s.loanId, s.kind, s.amountVnd, s.reason, s.receiptNumber, s.reversesId ?? null, s.by, s.at],
    );
    return row.id;
  }

  async find(loanId: string, manager?: EntityManager): Promise<ChargeRow | undefined> {
    const [row]: Raw[] = await (manager ?? this.ds.manager).query(
      `SELECT ${COLUMNS} FROM circulation.loans l WHERE l.id = $1 AND l.fine_vnd > 0 AND l.returned_at IS NOT NULL`,
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
      `SELECT count(*) AS n, coalesce(sum(l.fine_vnd - l.fine_settled_vnd) FILTER (WHERE l.fine_settled_at IS NULL), 0) AS owed FROM circulation.loans l ${w}`,
      params,
    );
    const rows: Raw[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.loans l ${w}
       ORDER BY l.returned_at DESC, l.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { rows: rows.map(hydrate), total: Number(n), owedVnd: Number(owed) };
  }
}
