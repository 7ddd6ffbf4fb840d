import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import { reviveDates } from '../common/json-rows.js';

export interface LoanRow {
  id: string;
  copyId: string;
  recordId: string;
  itemType: string;
  patronId: string | null;
  institutionId: string;
  policyId: string;
  checkedOutAt: Date;
  checkedOutBy: string | null;
  dueAt: Date;
  renewals: number;
  lastRenewedAt: Date | null;
  returnedAt: Date | null;
  returnedInstitutionId: string | null;
  fineVnd: number;
  fineSettledAt: Date | null;
}

const COLUMNS = `l.id, l.copy_id AS "copyId", l.record_id AS "recordId", l.item_type AS "itemType", l.patron_id AS "patronId",
  l.institution_id AS "institutionId", l.policy_id AS "policyId", l.checked_out_at AS "checkedOutAt", l.checked_out_by AS "checkedOutBy",
  l.due_at AS "dueAt", l.renewals, l.last_renewed_at AS "lastRenewedAt", l.returned_at AS "returnedAt",
  l.returned_institution_id AS "returnedInstitutionId", l.fine_vnd AS "fineVnd", l.fine_settled_at AS "fineSettledAt"`;

/** For the desk's combined reads (./desk-reads.ts): the columns, and a row back from row_to_json. */
export const LOAN_COLUMNS = COLUMNS;
export const loanFromJson = <T extends LoanRow>(j: T | null): T | undefined =>
  reviveDates(j, ['checkedOutAt', 'dueAt', 'lastRenewedAt', 'returnedAt', 'fineSettledAt']);

export interface Standing {
  open: number;
  overdue: number;
  owedVnd: number;
  thisRecord: number;
}

/**
 * Open loans, overdue loans, unsettled charges, and open loans of one record, for a patron, as one JSON object
 * ({open, overdue, owed, thisRecord}). Two arms, each on its partial index (loans_patron_open_idx,
 * loans_patron_owed_idx), so the cost does not grow with loan history. Arguments are SQL parameter references.
 */
export const standingSql = (patron: string, now: string, record: string) =>
  `SELECT json_build_object('open', count(*) FILTER (WHERE returned_at IS NULL),
            'overdue', count(*) FILTER (WHERE returned_at IS NULL AND due_at < ${now}::timestamptz),
            'owed', coalesce(sum(fine_vnd - fine_settled_vnd) FILTER (WHERE fine_settled_at IS NULL), 0),
            'thisRecord', count(*) FILTER (WHERE returned_at IS NULL AND record_id = ${record}::uuid))
   FROM (SELECT returned_at, due_at, fine_vnd, fine_settled_vnd, fine_settled_at, record_id FROM circulation.loans WHERE patron_id = ${patron}::uuid AND returned_at IS NULL
         UNION ALL
         SELECT returned_at, due_at, fine_vnd, fine_settled_vnd, fine_settled_at, record_id FROM circulation.loans
          WHERE patron_id = ${patron}::uuid AND returned_at IS NOT NULL AND fine_vnd > 0 AND fine_settled_at IS NULL) AS l`;

const STANDING_SQL = `SELECT (${standingSql('$1', '$2', '$3')}) AS s`;

export const standingFromJson = (j: { open: number; overdue: number; owed: number; thisRecord: number }): Standing => ({
  open: Number(j.open),
  overdue: Number(j.overdue),
  owedVnd: Number(j.owed),
  thisRecord: Number(j.thisRecord),
});

export interface NewLoan {
  copyId: string;
  recordId: string;
  itemType: string;
  patronId: string;
  institutionId: string;
  policyId: string;
  checkedOutAt: Date;
  checkedOutBy: string | null;
  dueAt: Date;
}

/** The only place that queries circulation.loans. */
@Injectable()
export class LoansRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  /** Insert an open loan. The partial unique index loans_one_open_per_copy_uq refuses a second open loan (23505). */
  async insert(manager: EntityManager, l: NewLoan): Promise<LoanRow> {
    const [row] = await preparedQuery<LoanRow>(
      manager,
      `INSERT INTO circulation.loans AS l (copy_id, record_id, item_type, patron_id, institution_id, policy_id, checked_out_at, checked_out_by, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        l.copyId,
        l.recordId,
        l.itemType,
        l.patronId,
        l.institutionId,
        l.policyId,
        l.checkedOutAt,
        l.checkedOutBy,
        l.dueAt,
      ],
    );
    return row;
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<LoanRow | undefined> {
    const [row]: LoanRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM circulation.loans l WHERE l.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async openForCopy(copyId: string, manager?: EntityManager, lock = false): Promise<LoanRow | undefined> {
    const [row]: LoanRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM circulation.loans l WHERE l.copy_id = $1 AND l.returned_at IS NULL${lock ? ' FOR UPDATE' : ''}`,
      [copyId],
    );
    return row;
  }

  /** Open loans, overdue loans, unsettled charges, and open loans of one record, for a patron (see standingSql). */
  async standing(manager: EntityManager, patronId: string, now: Date, recordId?: string): Promise<Standing> {
    const [row]: { s: Parameters<typeof standingFromJson>[0] }[] = await manager.query(STANDING_SQL, [
      patronId,
      now,
      recordId ?? null,
    ]);
    return standingFromJson(row.s);
  }

  /** Close a loan; returns it as closed. */
  async close(
    manager: EntityManager,
    id: string,
    c: { at: Date; institutionId: string; by: string | null; fineVnd: number; anonymise: boolean },
  ): Promise<LoanRow> {
    const [row] = await preparedQuery<LoanRow>(
      manager,
      `UPDATE circulation.loans l SET returned_at = $2, returned_institution_id = $3, returned_by = $4, fine_vnd = $5,
         patron_id = CASE WHEN $6 AND $5 = 0 THEN NULL ELSE l.patron_id END
       WHERE l.id = $1 RETURNING ${COLUMNS}`,
      [id, c.at, c.institutionId, c.by, c.fineVnd, c.anonymise],
    );
    return row!;
  }

  /**
   * Mark a returned loan's charge settled (row locked by the caller). A patron who keeps no history loses the loan
   * from it now, as an uncharged return does at check-in.
   */
  /**
   * Add `deltaVnd` (negative: a reversal) to what is settled of a returned loan's charge; fully settled, it is stamped
   * `at`. loans_fine_settled_vnd_chk refuses more than the charge (23514), whatever the caller checked.
   */
  async addSettled(manager: EntityManager, id: string, deltaVnd: number, at: Date): Promise<void> {
    await manager.query(
      `UPDATE circulation.loans SET fine_settled_vnd = fine_settled_vnd + $2,
         fine_settled_at = CASE WHEN fine_settled_vnd + $2 = fine_vnd THEN $3::timestamptz END
       WHERE id = $1`,
      [id, deltaVnd, at],
    );
  }

  /** Close an open loan because its copy is lost: charged `fineVnd` in all, `lostItemVnd` of it for the copy. */
  async closeLost(
    manager: EntityManager,
    id: string,
    c: { at: Date; by: string | null; fineVnd: number; lostItemVnd: number },
  ): Promise<void> {
    await manager.query(
      `UPDATE circulation.loans SET returned_at = $2, returned_institution_id = institution_id, returned_by = $3,
         lost_at = $2, fine_vnd = $4, lost_item_vnd = $5
       WHERE id = $1 AND returned_at IS NULL`,
      [id, c.at, c.by, c.fineVnd, c.lostItemVnd],
    );
  }

  /**
   * Settled charges fully settled before `before` whose patron keeps no reading history stop naming the patron
   * (the accounting retention period is over). Returns how many.
   */
  async anonymiseSettledBefore(manager: EntityManager, before: Date, limit: number): Promise<number> {
    const [, n]: [unknown, number] = await manager.query(
      `UPDATE circulation.loans l SET patron_id = NULL
       WHERE l.id IN (SELECT x.id FROM circulation.loans x
         WHERE x.returned_at IS NOT NULL AND x.patron_id IS NOT NULL AND x.fine_settled_at < $1
           AND NOT coalesce((SELECT s.keep_history FROM circulation.patron_settings s WHERE s.patron_id = x.patron_id), false)
         LIMIT $2)`,
      [before, limit],
    );
    return n;
  }

  async renew(manager: EntityManager, id: string, dueAt: Date, at: Date): Promise<void> {
    await manager.query(
      `UPDATE circulation.loans SET due_at = $2, renewals = renewals + 1, last_renewed_at = $3 WHERE id = $1`,
      [id, dueAt, at],
    );
  }

  async list(
    f: { patronId?: string; institutionIds?: string[] | null; open?: boolean; overdueAt?: Date; returned?: boolean },
    limit: number,
    offset: number,
  ): Promise<{ rows: LoanRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.patronId) where.push(`l.patron_id = ${p(f.patronId)}`);
    if (f.institutionIds) where.push(`l.institution_id = ANY(${p(f.institutionIds)}::uuid[])`);
    if (f.open) where.push(`l.returned_at IS NULL`);
    if (f.returned) where.push(`l.returned_at IS NOT NULL`);
    if (f.overdueAt) where.push(`l.returned_at IS NULL AND l.due_at < ${p(f.overdueAt)}`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = f.returned ? 'l.returned_at DESC' : 'l.due_at, l.id';
    const rows: LoanRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.loans l ${w} ORDER BY ${order} LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM circulation.loans l ${w}`,
      params.slice(0, params.length - 2),
    );
    return { rows, total: Number(n) };
  }

  /** Erase a patron's returned loans from their history (the loans stay, anonymised, for statistics). */
  async anonymiseHistory(manager: EntityManager, patronId: string): Promise<number> {
    const res: [unknown[], number] = await manager.query(
      `UPDATE circulation.loans SET patron_id = NULL WHERE patron_id = $1 AND returned_at IS NOT NULL AND (fine_vnd = 0 OR fine_settled_at IS NOT NULL)`,
      [patronId],
    );
    return res[1];
  }
}
