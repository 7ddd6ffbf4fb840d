import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, staffInstitutions, vietnamDate, type Page, type Principal, isUniqueViolation } from '@suotdoi/platform';
import { seesInstitution } from '../access.js';
import { CirculationErrors } from '../circulation.errors.js';
import { LoansRepository } from '../loans/loans.repository.js';
import { PatronSettingsRepository } from '../me/patron-settings.repository.js';
import { PATRON_DIRECTORY, type PatronDirectory, type PatronInfo } from '../ports/ports.js';
import {
  ChargesRepository,
  type ChargeRow,
  type ChargeStatusFilter,
  type SettlementKind,
} from './charges.repository.js';

const KIND_VI: Record<SettlementKind, string> = { paid: 'đã thu', waived: 'đã miễn' };
const ROLE_VI = { circulation: 'lưu thông', manager: 'quản lý' } as const;

/** An overdue charge as callers see it: the loan it was fixed on, and how it was settled. */
export interface ChargeView {
  loanId: string;
  copyId: string;
  recordId: string;
  /** Null once the loan was anonymised (settled, and the patron keeps no history; or erased). */
  patronId: string | null;
  /** The lending institution: the one owed, the one that takes payment. */
  institutionId: string;
  checkedOutAt: Date;
  dueAt: Date;
  dueDate: string;
  returnedAt: Date;
  returnedInstitutionId: string;
  amountVnd: number;
  status: 'unsettled' | SettlementKind;
  settlement: {
    kind: SettlementKind;
    amountVnd: number;
    reason: string | null;
    receiptNumber: string | null;
    /** Staff account that recorded it (not shown to the patron). */
    settledBy: string | null;
    settledAt: Date;
  } | null;
}

export interface ChargePage extends Page<ChargeView> {
  /** Sum still owed among the charges matched (all pages). */
  owedVnd: number;
}

export type Settlement =
  { kind: 'paid'; receiptNumber?: string | null; note?: string | null } | { kind: 'waived'; reason: string };

/**
 * Overdue charges (phí quá hạn): fixed at return by the rule's charge per day (0 by default), settled once, by
 * payment at the lending institution's desk or by a manager's waiver with a reason. Settlement is race-safe: the
 * loan row is locked and charge_settlements_one_per_loan_uq lets one settlement per loan commit; the other
 * attempt gets circulation/charge_already_settled (409). Settled, the loan leaves the history of a patron who keeps none.
 */
@Injectable()
export class ChargesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly charges: ChargesRepository,
    private readonly loans: LoansRepository,
    private readonly settings: PatronSettingsRepository,
    private readonly clock: Clock,
    @Inject(PATRON_DIRECTORY) private readonly patrons: PatronDirectory,
  ) {}

  view(c: ChargeRow, forPatron = false): ChargeView {
    const s = c.settlement;
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
      amountVnd: c.fineVnd,
      status: s ? s.kind : 'unsettled',
      settlement: s && {
        kind: s.kind,
        amountVnd: s.amountVnd,
        reason: s.reason,
        receiptNumber: s.receiptNumber,
        settledBy: forPatron ? null : s.settledBy,
        settledAt: s.settledAt,
      },
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

  /**
   * Record payment (circulation role) or waive (manager role, with a reason) the charge of a returned loan, at the
   * lending institution. Others who can see the charge get 403 circulation/role_required; the rest 404.
   */
  async settle(actor: Principal, loanId: string, s: Settlement): Promise<ChargeView> {
    const reason = s.kind === 'waived' ? s.reason.normalize('NFC').trim() : s.note?.normalize('NFC').trim() || null;
    if (s.kind === 'waived' && (!reason || reason.length < 3)) throw CirculationErrors.waiverReasonRequired();
    const receiptNumber = s.kind === 'paid' ? s.receiptNumber?.normalize('NFC').trim() || null : null;
    const before = await this.charges.find(loanId);
    if (!before || !(await this.visible(actor, before))) throw CirculationErrors.chargeNotFound();
    const role = s.kind === 'waived' ? 'manager' : 'circulation';
    if (!actor.systemAdmin && !staffInstitutions(actor, role).includes(before.institutionId)) {
      throw CirculationErrors.roleRequired({ role, roleVi: ROLE_VI[role], institutionId: before.institutionId });
    }
    return this.ds
      .transaction(async (m) => {
        // The loan's row lock: a second settlement of the same charge waits here, then finds it settled.
        const loan = await this.loans.find(loanId, m, true);
        if (!loan || !loan.returnedAt || loan.fineVnd <= 0) throw CirculationErrors.chargeNotFound();
        if (loan.fineSettledAt) throw this.alreadySettled((await this.charges.find(loanId, m))?.settlement?.kind);
        const now = this.clock.now();
        const keepHistory = loan.patronId ? (await this.settings.get(m, loan.patronId)).keepHistory : true;
        await this.charges.insertSettlement(m, {
          loanId,
          kind: s.kind,
          amountVnd: loan.fineVnd,
          reason,
          receiptNumber,
          by: actor.accountId,
          at: now,
        });
        await this.loans.settleFine(m, loanId, now, !keepHistory);
        return this.view((await this.charges.find(loanId, m))!);
      })
      .catch((e: unknown) => {
        // charge_settlements_one_per_loan_uq: another settlement committed first.
        throw isUniqueViolation(e) ? this.alreadySettled(undefined) : e;
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
