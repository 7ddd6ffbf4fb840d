import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  Clock,
  formatMoneyVi,
  isUniqueViolation,
  staffInstitutions,
  vietnamDate,
  type Page,
  type Principal,
} from '@suotdoi/platform';
import { assertDesk, seesInstitution } from '../access.js';
import { daysBetween } from '../dates.js';
import { PoliciesRepository } from '../policies/policies.repository.js';
import { CirculationErrors } from '../circulation.errors.js';
import { LoansRepository } from '../loans/loans.repository.js';
import {
  COPY_DIRECTORY,
  PATRON_DIRECTORY,
  type CopyDirectory,
  type PatronDirectory,
  type PatronInfo,
} from '../ports/ports.js';
import {
  ChargesRepository,
  type ChargeRow,
  type ChargeStatusFilter,
  type EntryKind,
  type SettlementKind,
} from './charges.repository.js';

/** A CHECK constraint of this name refused the write (23514). */
const isCheckViolation = (e: unknown, constraint: string): boolean => {
  const d = (e as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  return d?.code === '23514' && d.constraint === constraint;
};

/** Years a settled charge keeps naming its patron (accounting records: Luật Kế toán 2015, Article 41: at least 5 years). */
export const ACCOUNTING_RETENTION_YEARS = 5;

const KIND_VI: Record<SettlementKind, string> = { paid: 'đã thu', waived: 'đã miễn' };
const ROLE_VI = { circulation: 'lưu thông', manager: 'quản lý' } as const;

/** One entry of a charge's history as callers see it. */
export interface ChargeEntryView {
  id: string;
  kind: EntryKind;
  amountVnd: number;
  /** The amount written the Vietnamese way ("12.000 đồng"). */
  amountVi: string;
  /** Waiver or reversal reason, or payment note. */
  reason: string | null;
  receiptNumber: string | null;
  /** The entry a reversal reverses. */
  reversesId: string | null;
  /** A payment or waiver later reversed. */
  reversed: boolean;
  /** Staff account that recorded it (not shown to the patron). */
  settledBy: string | null;
  settledAt: Date;
}

/** A charge as callers see it: the loan it was fixed on, what it is for, and its history of settlement. */
export interface ChargeView {
  loanId: string;
  copyId: string;
  recordId: string;
  /** Null once the loan was anonymised (after the accounting retention period, or erased). */
  patronId: string | null;
  /** The lending institution: the one owed, the one that takes payment. */
  institutionId: string;
  checkedOutAt: Date;
  dueAt: Date;
  dueDate: string;
  returnedAt: Date;
  returnedInstitutionId: string;
  /** overdue: returned late; lost: the copy was lost (its price, plus any overdue charge to that day). */
  kind: 'overdue' | 'lost';
  amountVnd: number;
  /** Part of the amount charged for the lost copy itself. */
  lostItemVnd: number;
  /** Paid or waived so far, net of reversals. */
  settledVnd: number;
  owedVnd: number;
  amountVi: string;
  owedVi: string;
  status: 'unsettled' | 'partly_settled' | SettlementKind;
  /** The entry that settled the charge in full (null while anything is owed). */
  settlement: ChargeEntryView | null;
  entries: ChargeEntryView[];
}

export interface ChargePage extends Page<ChargeView> {
  /** Sum still owed among the charges matched (all pages). */
  owedVnd: number;
}

export type Settlement =
  | { kind: 'paid'; amountVnd?: number; receiptNumber?: string | null; note?: string | null }
  | { kind: 'waived'; reason: string };

/**
 * Charges (phí): an overdue charge fixed at return by the rule's charge per day (0 by default), or a lost-item
 * charge from the copy's price when a loan is closed as lost. Paid in one or more parts at the lending institution's
 * desk, the rest waived by a manager with a reason; an entry recorded by mistake is reversed by a manager with a
 * reason. Race-safe: the loan row is locked, and loans_fine_settled_vnd_chk never lets what is settled exceed the
 * charge (concurrent payments cannot overpay). The history is append-only; the loan keeps naming its patron for the
 * accounting retention period (ACCOUNTING_RETENTION_YEARS), after which a nightly job anonymises it.
 */
@Injectable()
export class ChargesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly charges: ChargesRepository,
    private readonly loans: LoansRepository,
    private readonly policies: PoliciesRepository,
    private readonly clock: Clock,
    @Inject(PATRON_DIRECTORY) private readonly patrons: PatronDirectory,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
  ) {}

  view(c: ChargeRow, forPatron = false): ChargeView {
    const reversed = new Set(c.entries.filter((e) => e.reversesId).map((e) => e.reversesId));
    const entries: ChargeEntryView[] = c.entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountVnd: e.amountVnd,
      amountVi: formatMoneyVi(e.amountVnd),
      reason: e.reason,
      receiptNumber: e.receiptNumber,
      reversesId: e.reversesId,
      reversed: reversed.has(e.id),
      settledBy: forPatron ? null : e.settledBy,
      settledAt: e.settledAt,
    }));
    const live = entries.filter((e) => e.kind !== 'reversal' && !e.reversed);
    const full = c.fineSettledAt !== null;
    const owed = c.fineVnd - c.fineSettledVnd;
    return {
      loanId: c.loanId,
      copyId: c.copyId,
      recordId: c.recordId,
      patronId: c.patronId,
      institutionId: c.institutionId,
      checkedOutAt: c.checkedOutAt,
      dueAt: c.dueAt,
      dueDate: vietnamDate(c.dueAt),
      returnedAt: c.returnedAt,
      returnedInstitutionId: c.returnedInstitutionId,
      kind: c.lostAt ? 'lost' : 'overdue',
      amountVnd: c.fineVnd,
      lostItemVnd: c.lostItemVnd,
      settledVnd: c.fineSettledVnd,
      owedVnd: owed,
      amountVi: formatMoneyVi(c.fineVnd),
      owedVi: formatMoneyVi(owed),
      status: full
        ? live.some((e) => e.kind === 'waived')
          ? 'waived'
          : 'paid'
        : c.fineSettledVnd > 0
          ? 'partly_settled'
          : 'unsettled',
      settlement: full ? (live.at(-1) ?? null) : null,
      entries,
    };
  }

  /** Staff of the lending institution, or of the patron's home institution, see a charge. */
  private async visible(actor: Principal, c: { institutionId: string; patronId: string | null }): Promise<boolean> {
    if (seesInstitution(actor, c.institutionId)) return true;
    const mine = staffInstitutions(actor);
    if (!c.patronId || !mine.length) return false;
    const patron = await this.patrons.find(c.patronId);
    return !!patron && mine.includes(patron.homeInstitutionId);
  }

  async get(actor: Principal, loanId: string): Promise<ChargeView> {
    const c = await this.charges.find(loanId);
    if (!c || !(await this.visible(actor, c))) throw CirculationErrors.chargeNotFound();
    return this.view(c);
  }

  /** The charge, for staff of the lending institution with `role` (others who see it: 403; the rest: 404). */
  private async forSettling(actor: Principal, loanId: string, role: 'circulation' | 'manager'): Promise<void> {
    const before = await this.charges.find(loanId);
    if (!before || !(await this.visible(actor, before))) throw CirculationErrors.chargeNotFound();
    if (!actor.systemAdmin && !staffInstitutions(actor, role).includes(before.institutionId)) {
      throw CirculationErrors.roleRequired({ role, roleVi: ROLE_VI[role], institutionId: before.institutionId });
    }
  }

  /**
   * Record a payment (circulation role: all that is owed, or `amountVnd` of it) or waive what is still owed (manager
   * role, with a reason) at the lending institution. A settled charge answers 409 charge_already_settled; more than
   * is owed, 409 charge_overpaid.
   */
  async settle(actor: Principal, loanId: string, s: Settlement): Promise<ChargeView> {
    const reason = s.kind === 'waived' ? s.reason.normalize('NFC').trim() : s.note?.normalize('NFC').trim() || null;
    if (s.kind === 'waived' && (!reason || reason.length < 3)) throw CirculationErrors.waiverReasonRequired();
    const receiptNumber = s.kind === 'paid' ? s.receiptNumber?.normalize('NFC').trim() || null : null;
    await this.forSettling(actor, loanId, s.kind === 'waived' ? 'manager' : 'circulation');
    return this.ds
      .transaction(async (m) => {
        // The loan's row lock: a second settlement of the same charge waits here, then sees what is left.
        const loan = await this.loans.find(loanId, m, true);
        if (!loan || !loan.returnedAt || loan.fineVnd <= 0) throw CirculationErrors.chargeNotFound();
        const charge = (await this.charges.find(loanId, m))!;
        if (loan.fineSettledAt) throw this.alreadySettled(this.view(charge).status as SettlementKind);
        const owed = charge.fineVnd - charge.fineSettledVnd;
        const amount = s.kind === 'paid' ? (s.amountVnd ?? owed) : owed;
        if (amount > owed) throw this.overpaid(amount, owed);
        const now = this.clock.now();
        await this.charges.insertEntry(m, {
          loanId,
          kind: s.kind,
          amountVnd: amount,
          reason,
          receiptNumber,
          by: actor.accountId,
          at: now,
        });
        await this.loans.addSettled(m, loanId, amount, now);
        return this.view((await this.charges.find(loanId, m))!);
      })
      .catch((e: unknown) => {
        // loans_fine_settled_vnd_chk: the database's own refusal to settle more than the charge.
        if (isCheckViolation(e, 'loans_fine_settled_vnd_chk'))
          throw this.overpaid(s.kind === 'paid' ? (s.amountVnd ?? 0) : 0, 0);
        throw e;
      });
  }

  /**
   * Reverse a payment or waiver recorded by mistake (manager of the lending institution, with a reason): a new
   * entry naming it, and the amount is owed again. Each entry is reversed at most once
   * (charge_settlements_one_reversal_uq).
   */
  async reverse(actor: Principal, loanId: string, entryId: string, reasonIn: string): Promise<ChargeView> {
    const reason = reasonIn.normalize('NFC').trim();
    if (reason.length < 3) throw CirculationErrors.reversalReasonRequired();
    await this.forSettling(actor, loanId, 'manager');
    return this.ds
      .transaction(async (m) => {
        await this.loans.find(loanId, m, true);
        const charge = (await this.charges.find(loanId, m))!;
        const entry = this.view(charge).entries.find((e) => e.id === entryId);
        if (!entry) throw CirculationErrors.chargeEntryNotFound();
        if (entry.kind === 'reversal' || entry.reversed) throw CirculationErrors.chargeEntryReversed();
        const now = this.clock.now();
        await this.charges.insertEntry(m, {
          loanId,
          kind: 'reversal',
          amountVnd: entry.amountVnd,
          reason,
          receiptNumber: null,
          reversesId: entry.id,
          by: actor.accountId,
          at: now,
        });
        await this.loans.addSettled(m, loanId, -entry.amountVnd, now);
        return this.view((await this.charges.find(loanId, m))!);
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? CirculationErrors.chargeEntryReversed() : e;
      });
  }

  /**
   * Close an open loan because its copy is lost (circulation staff of the lending institution): the patron is charged
   * the copy's price from the catalogue (or `priceVnd` when it has none, or the library sets another), plus any
   * overdue charge to today; the copy becomes lost. Found later, it is simply checked in.
   */
  async declareLost(actor: Principal, loanId: string, input: { priceVnd?: number }): Promise<ChargeView> {
    const first = await this.loans.find(loanId);
    if (!first || first.returnedAt || !seesInstitution(actor, first.institutionId))
      throw CirculationErrors.loanNotFound();
    assertDesk(actor, first.institutionId);
    return this.ds.transaction(async (m) => {
      const loan = await this.loans.find(loanId, m, true);
      if (!loan || loan.returnedAt) throw CirculationErrors.loanNotFound();
      const copy = await this.copies.find(loan.copyId, m);
      const price = input.priceVnd ?? copy?.priceVnd ?? null;
      if (price === null || price <= 0)
        throw CirculationErrors.copyPriceUnknown({ barcode: copy?.barcode ?? loan.copyId });
      const now = this.clock.now();
      const lateDays = Math.max(0, daysBetween(vietnamDate(loan.dueAt), vietnamDate(now)));
      const overdue =
        lateDays > 0 ? lateDays * ((await this.policies.find(loan.policyId, m))?.overdueFinePerDayVnd ?? 0) : 0;
      const lostItemVnd = Math.round(price);
      await this.loans.closeLost(m, loanId, {
        at: now,
        by: actor.accountId,
        fineVnd: overdue + lostItemVnd,
        lostItemVnd,
      });
      if (copy) await this.copies.changeStatus(copy.id, 'lost', m);
      return this.view((await this.charges.find(loanId, m))!);
    });
  }

  /**
   * Anonymise settled charges past the accounting retention period: the loan stops naming its patron unless the
   * patron keeps a reading history. Run nightly by a job; idempotent. Returns how many loans it anonymised.
   */
  async anonymiseExpired(limit = 1000): Promise<number> {
    const before = new Date(this.clock.now());
    before.setUTCFullYear(before.getUTCFullYear() - ACCOUNTING_RETENTION_YEARS);
    return this.loans.anonymiseSettledBefore(this.ds.manager, before, limit);
  }

  private overpaid(amount: number, owed: number) {
    return CirculationErrors.chargeOverpaid({
      amountVnd: amount,
      owedVnd: owed,
      amountVi: formatMoneyVi(amount),
      owedVi: formatMoneyVi(owed),
    });
  }

  private alreadySettled(kind: SettlementKind | undefined) {
    return CirculationErrors.chargeSettled({ kind: kind ?? 'settled', kindVi: kind ? KIND_VI[kind] : 'đã xử lý' });
  }

  /**
   * Charges for the desk: a patron's (staff of their home institution: every institution's charges; by card number
   * or id) and/or those owed to an institution the caller works at. Default: unsettled only.
   */
  async list(
    actor: Principal,
    q: { cardNumber?: string; patronId?: string; institutionId?: string; status?: ChargeStatusFilter },
    page: { limit: number; offset: number },
  ): Promise<ChargePage> {
    let patron: PatronInfo | undefined;
    if (q.cardNumber !== undefined || q.patronId !== undefined) {
      patron =
        q.cardNumber !== undefined
          ? await this.patrons.findByCardNumber(q.cardNumber)
          : await this.patrons.find(q.patronId!);
      if (patron && q.patronId !== undefined && patron.id !== q.patronId) patron = undefined;
    }
    if (q.institutionId !== undefined) {
      if (!seesInstitution(actor, q.institutionId))
        throw CirculationErrors.institutionNotServed({ institutionId: q.institutionId });
      if ((q.cardNumber !== undefined || q.patronId !== undefined) && !patron)
        throw CirculationErrors.patronNotServed();
    } else {
      if (q.cardNumber === undefined && q.patronId === undefined) throw CirculationErrors.chargeFilterRequired();
      if (!patron || !(actor.systemAdmin || staffInstitutions(actor).includes(patron.homeInstitutionId)))
        throw CirculationErrors.patronNotServed();
    }
    const { rows, total, owedVnd } = await this.charges.list(
      {
        patronId: patron?.id,
        institutionIds: q.institutionId !== undefined ? [q.institutionId] : undefined,
        status: q.status ?? 'unsettled',
      },
      page.limit,
      page.offset,
    );
    return { items: rows.map((r) => this.view(r)), total, limit: page.limit, offset: page.offset, owedVnd };
  }

  /** The patron's own charges (self-service); default: unsettled only. */
  async mine(
    actor: Principal,
    status: ChargeStatusFilter | undefined,
    page: { limit: number; offset: number },
  ): Promise<ChargePage> {
    const { rows, total, owedVnd } = await this.charges.list(
      { patronId: actor.patronId!, status: status ?? 'unsettled' },
      page.limit,
      page.offset,
    );
    return { items: rows.map((r) => this.view(r, true)), total, limit: page.limit, offset: page.offset, owedVnd };
  }
}
