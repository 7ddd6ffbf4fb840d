import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type LicenceModel = 'one_copy_one_user' | 'metered' | 'simultaneous' | 'open_access';

export interface LicenceRow {
  id: string;
  resourceId: string;
  institutionId: string;
  model: LicenceModel;
  seats: number;
  checkoutsLeft: number | null;
  validUntil: string | null;
  loanDays: number;
  inUse: number;
  note: string | null;
}

export interface ELoanRow {
  id: string;
  licenceId: string;
  resourceId: string;
  patronId: string;
  accountId: string;
  startedAt: Date;
  endsAt: Date;
  returnedAt: Date | null;
  endReason: 'returned' | 'expired' | null;
}

export interface EHoldRow {
  id: string;
  resourceId: string;
  patronId: string;
  status: 'waiting' | 'offered' | 'fulfilled' | 'expired' | 'cancelled';
  placedAt: Date;
  licenceId: string | null;
  claimUntil: Date | null;
}

/** An e-loan as staff of the licence's institution see it. */
export interface StaffELoanRow extends ELoanRow {
  institutionId: string;
  model: LicenceModel;
}

/** An e-hold as staff see it, with its place in the resource's queue while waiting. */
export interface StaffEHoldRow extends EHoldRow {
  position: number | null;
  offeredAt: Date | null;
  closedAt: Date | null;
}

export type ELoanStatusFilter = 'open' | 'closed' | 'all';
export type EHoldStatusFilter = 'active' | 'waiting' | 'offered' | 'closed' | 'all';

const LICENCE = `id, resource_id AS "resourceId", institution_id AS "institutionId", model, seats, checkouts_left AS "checkoutsLeft",
  valid_until::text AS "validUntil", loan_days AS "loanDays", in_use AS "inUse", note`;
const ELOAN = `id, licence_id AS "licenceId", resource_id AS "resourceId", patron_id AS "patronId", account_id AS "accountId",
  started_at AS "startedAt", ends_at AS "endsAt", returned_at AS "returnedAt", end_reason AS "endReason"`;
const EHOLD = `id, resource_id AS "resourceId", patron_id AS "patronId", status, placed_at AS "placedAt", licence_id AS "licenceId", claim_until AS "claimUntil"`;

/** The only place that queries circulation.licences, e_loans and e_holds. */
@Injectable()
export class ELendingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insertLicence(l: Omit<LicenceRow, 'id' | 'inUse'>): Promise<string> {
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO circulation.licences (resource_id, institution_id, model, seats, checkouts_left, valid_until, loan_days, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [l.resourceId, l.institutionId, l.model, l.seats, l.checkoutsLeft, l.validUntil, l.loanDays, l.note],
    );
    return row.id;
  }

  async licence(id: string, manager?: EntityManager): Promise<LicenceRow | undefined> {
    const [row]: LicenceRow[] = await this.m(manager).query(
      `SELECT ${LICENCE} FROM circulation.licences WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Every licence of a resource, locked: e-loans of one resource are decided one at a time. */
  lockLicences(manager: EntityManager, resourceId: string): Promise<LicenceRow[]> {
    return manager.query(
      `SELECT ${LICENCE} FROM circulation.licences WHERE resource_id = $1 ORDER BY created_at, id FOR UPDATE`,
      [resourceId],
    );
  }

  licencesOf(resourceId: string): Promise<LicenceRow[]> {
    return this.ds.query(`SELECT ${LICENCE} FROM circulation.licences WHERE resource_id = $1 ORDER BY created_at, id`, [
      resourceId,
    ]);
  }

  /** Take a seat (and a metered checkout). The CHECK constraints refuse going past the seats or below zero. */
  async takeSeat(manager: EntityManager, licenceId: string): Promise<void> {
    await manager.query(
      `UPDATE circulation.licences SET in_use = in_use + 1, checkouts_left = CASE WHEN checkouts_left IS NULL THEN NULL ELSE checkouts_left - 1 END WHERE id = $1`,
      [licenceId],
    );
  }

  async freeSeat(manager: EntityManager, licenceId: string, refundCheckout: boolean): Promise<void> {
    await manager.query(
      `UPDATE circulation.licences SET in_use = in_use - 1,
         checkouts_left = CASE WHEN checkouts_left IS NOT NULL AND $2 THEN checkouts_left + 1 ELSE checkouts_left END WHERE id = $1`,
      [licenceId, refundCheckout],
    );
  }

  async insertLoan(
    manager: EntityManager,
    l: { licenceId: string; resourceId: string; patronId: string; accountId: string; startedAt: Date; endsAt: Date },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO circulation.e_loans (licence_id, resource_id, patron_id, account_id, started_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [l.licenceId, l.resourceId, l.patronId, l.accountId, l.startedAt, l.endsAt],
    );
    return row.id;
  }

  async loan(id: string, manager?: EntityManager, lock = false): Promise<ELoanRow | undefined> {
    const [row]: ELoanRow[] = await this.m(manager).query(
      `SELECT ${ELOAN} FROM circulation.e_loans WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async closeLoan(manager: EntityManager, id: string, at: Date, reason: 'returned' | 'expired'): Promise<void> {
    await manager.query(`UPDATE circulation.e_loans SET returned_at = $2, end_reason = $3 WHERE id = $1`, [
      id,
      at,
      reason,
    ]);
  }

  /** Open e-loans past their end (locked, skipping those another worker holds). */
  endedLoans(manager: EntityManager, now: Date, limit: number): Promise<ELoanRow[]> {
    return manager.query(
      `SELECT ${ELOAN} FROM circulation.e_loans WHERE returned_at IS NULL AND ends_at <= $1 ORDER BY ends_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  openLoansOf(patronId: string): Promise<ELoanRow[]> {
    return this.ds.query(
      `SELECT ${ELOAN} FROM circulation.e_loans WHERE patron_id = $1 AND returned_at IS NULL ORDER BY ends_at`,
      [patronId],
    );
  }

  async hasOpenLoan(accountId: string, resourceId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM circulation.e_loans WHERE account_id = $1 AND resource_id = $2 AND returned_at IS NULL AND ends_at > $3`,
      [accountId, resourceId, now],
    );
    return rows.length > 0;
  }

  async insertHold(manager: EntityManager, resourceId: string, patronId: string, at: Date): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO circulation.e_holds (resource_id, patron_id, placed_at) VALUES ($1, $2, $3) RETURNING id`,
      [resourceId, patronId, at],
    );
    return row.id;
  }

  async hold(id: string, manager?: EntityManager): Promise<EHoldRow | undefined> {
    const [row]: EHoldRow[] = await this.m(manager).query(`SELECT ${EHOLD} FROM circulation.e_holds WHERE id = $1`, [
      id,
    ]);
    return row;
  }

  async activeHoldOf(manager: EntityManager, patronId: string, resourceId: string): Promise<EHoldRow | undefined> {
    const [row]: EHoldRow[] = await manager.query(
      `SELECT ${EHOLD} FROM circulation.e_holds WHERE patron_id = $1 AND resource_id = $2 AND status IN ('waiting', 'offered') FOR UPDATE`,
      [patronId, resourceId],
    );
    return row;
  }

  /** First come, first served: the oldest waiting e-hold of the resource. */
  async firstWaiting(manager: EntityManager, resourceId: string): Promise<EHoldRow | undefined> {
    const [row]: EHoldRow[] = await manager.query(
      `SELECT ${EHOLD} FROM circulation.e_holds WHERE resource_id = $1 AND status = 'waiting' ORDER BY placed_at, id LIMIT 1 FOR UPDATE`,
      [resourceId],
    );
    return row;
  }

  async waitingCount(manager: EntityManager, resourceId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM circulation.e_holds WHERE resource_id = $1 AND status = 'waiting'`,
      [resourceId],
    );
    return Number(n);
  }

  async position(hold: EHoldRow): Promise<number | null> {
    if (hold.status !== 'waiting') return null;
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM circulation.e_holds WHERE resource_id = $1 AND status = 'waiting' AND (placed_at, id) <= ($2, $3)`,
      [hold.resourceId, hold.placedAt, hold.id],
    );
    return Number(n);
  }

  async offer(manager: EntityManager, id: string, licenceId: string, at: Date, claimUntil: Date): Promise<void> {
    await manager.query(
      `UPDATE circulation.e_holds SET status = 'offered', licence_id = $2, offered_at = $3, claim_until = $4 WHERE id = $1`,
      [id, licenceId, at, claimUntil],
    );
  }

  async closeHold(
    manager: EntityManager,
    id: string,
    status: 'fulfilled' | 'expired' | 'cancelled',
    at: Date,
  ): Promise<void> {
    await manager.query(`UPDATE circulation.e_holds SET status = $2, closed_at = $3 WHERE id = $1`, [id, status, at]);
  }

  /**
   * E-loans on licences of the institutions (null: all), optionally of one resource, newest first. Reads through
   * licences_resource_idx / the e_loans indexes; the count runs the same filter.
   */
  async loansForStaff(
    f: { institutionIds: string[] | null; resourceId?: string; status: ELoanStatusFilter },
    limit: number,
    offset: number,
  ): Promise<{ rows: StaffELoanRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.institutionIds) where.push(`l.institution_id = ANY(${p(f.institutionIds)}::uuid[])`);
    if (f.resourceId) where.push(`e.resource_id = ${p(f.resourceId)}`);
    if (f.status === 'open') where.push('e.returned_at IS NULL');
    if (f.status === 'closed') where.push('e.returned_at IS NOT NULL');
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM circulation.e_loans e JOIN circulation.licences l ON l.id = e.licence_id';
    const [{ n }]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n ${from} ${w}`, params);
    const rows: StaffELoanRow[] = await this.ds.query(
      `SELECT e.id, e.licence_id AS "licenceId", e.resource_id AS "resourceId", e.patron_id AS "patronId", e.account_id AS "accountId",
         e.started_at AS "startedAt", e.ends_at AS "endsAt", e.returned_at AS "returnedAt", e.end_reason AS "endReason",
         l.institution_id AS "institutionId", l.model
       ${from} ${w} ORDER BY e.started_at DESC, e.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { rows, total: Number(n) };
  }

  /**
   * E-holds on resources licensed by the institutions (null: all), optionally of one resource: the queue in order
   * (oldest first), each waiting one with its place among those waiting for its resource.
   */
  async holdsForStaff(
    f: { institutionIds: string[] | null; resourceId?: string; status: EHoldStatusFilter },
    limit: number,
    offset: number,
  ): Promise<{ rows: StaffEHoldRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.institutionIds)
      where.push(
        `EXISTS (SELECT 1 FROM circulation.licences l WHERE l.resource_id = h.resource_id AND l.institution_id = ANY(${p(f.institutionIds)}::uuid[]))`,
      );
    if (f.resourceId) where.push(`h.resource_id = ${p(f.resourceId)}`);
    const statuses = {
      active: ['waiting', 'offered'],
      waiting: ['waiting'],
      offered: ['offered'],
      closed: ['fulfilled', 'expired', 'cancelled'],
      all: null,
    }[f.status];
    if (statuses) where.push(`h.status = ANY(${p(statuses)}::text[])`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM circulation.e_holds h ${w}`,
      params,
    );
    const rows: (Omit<StaffEHoldRow, 'position'> & { position: string | null })[] = await this.ds.query(
      `SELECT h.id, h.resource_id AS "resourceId", h.patron_id AS "patronId", h.status, h.placed_at AS "placedAt", h.licence_id AS "licenceId",
         h.claim_until AS "claimUntil", h.offered_at AS "offeredAt", h.closed_at AS "closedAt",
         CASE WHEN h.status = 'waiting' THEN (SELECT count(*) FROM circulation.e_holds q
           WHERE q.resource_id = h.resource_id AND q.status = 'waiting' AND (q.placed_at, q.id) <= (h.placed_at, h.id)) END AS position
       FROM circulation.e_holds h ${w} ORDER BY h.resource_id, h.placed_at, h.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return {
      rows: rows.map((r) => ({ ...r, position: r.position === null ? null : Number(r.position) })),
      total: Number(n),
    };
  }

  /** Offers whose claim window has passed (locked). */
  lapsedOffers(manager: EntityManager, now: Date, limit: number): Promise<EHoldRow[]> {
    return manager.query(
      `SELECT ${EHOLD} FROM circulation.e_holds WHERE status = 'offered' AND claim_until <= $1 ORDER BY claim_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }
}
