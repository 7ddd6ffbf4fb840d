import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Clock,
  OutboxService,
  pipelinedReads,
  pipelinedTransaction,
  vietnamDate,
  type Page,
  type Principal,
  isUniqueViolation,
} from '@suotdoi/platform';
import { emitUsage } from '@suotdoi/usage';
import { assertDesk, seesInstitution, soleDesk } from '../access.js';
import { CirculationErrors } from '../circulation.errors.js';
import { daysBetween } from '../dates.js';
import { CopyRouter, type RouteOutcome } from '../holds/copy-router.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import { PatronSettingsRepository } from '../me/patron-settings.repository.js';
import { decide, summarise, type Decision } from '../policies/decision.js';
import { checkoutReasons, renewalReasons } from '../policies/decisions.js';
import { PoliciesRepository } from '../policies/policies.repository.js';
import { PoliciesService } from '../policies/policies.service.js';
import {
  COPY_DIRECTORY,
  PATRON_DIRECTORY,
  type CopyDirectory,
  type CopyInfo,
  type PatronDirectory,
  type PatronInfo,
} from '../ports/ports.js';
import { DueDates } from '../common/due-dates.js';
import { TransfersRepository } from '../transfers/transfers.repository.js';
import { DeskReads, type CheckoutState } from './desk-reads.js';
import { LoansRepository, type LoanRow } from './loans.repository.js';
import { OverridesRepository } from './overrides.repository.js';

/** A loan as callers see it; `status` is derived (overdue = open past its due instant). */
export interface LoanView {
  id: string;
  copyId: string;
  recordId: string;
  patronId: string | null;
  institutionId: string;
  checkedOutAt: Date;
  dueAt: Date;
  /** Due day, Vietnam time (YYYY-MM-DD). */
  dueDate: string;
  renewals: number;
  status: 'on_loan' | 'overdue' | 'returned';
  returnedAt: Date | null;
  returnedInstitutionId: string | null;
  /** The overdue charge: fixed at return; while an overdue loan is open, what it comes to today (see fineAccruing). */
  fineVnd: number;
  /** True while the loan is open and overdue under a rule that charges: fineVnd still grows each day. */
  fineAccruing: boolean;
  /** When the charge was paid or waived (null: none, or still owed). */
  fineSettledAt: Date | null;
}

export interface Override {
  reason: string;
}

export interface CheckoutResult {
  loan: LoanView;
  decision: Decision;
  overridden: boolean;
}

export interface CheckinResult extends RouteOutcome {
  /** The loan closed by this check-in (null when the copy was not on loan, e.g. arriving from a transfer). */
  loan: LoanView | null;
  barcode: string;
}

export interface RenewResult {
  loan: LoanView;
  decision: Decision;
  overridden: boolean;
}

/** Desk circulation: check out by card and barcode, check in anywhere, renew (staff and patron). */
@Injectable()
export class LoansService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly loans: LoansRepository,
    private readonly desk: DeskReads,
    private readonly holds: HoldsRepository,
    private readonly transfers: TransfersRepository,
    private readonly overrides: OverridesRepository,
    private readonly settings: PatronSettingsRepository,
    private readonly policies: PoliciesService,
    private readonly policyRows: PoliciesRepository,
    private readonly router: CopyRouter,
    private readonly dueDates: DueDates,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
    @Inject(PATRON_DIRECTORY) private readonly patrons: PatronDirectory,
  ) {}

  view(l: LoanRow, now = this.clock.now()): LoanView {
    return {
      id: l.id,
      copyId: l.copyId,
      recordId: l.recordId,
      patronId: l.patronId,
      institutionId: l.institutionId,
      checkedOutAt: l.checkedOutAt,
      dueAt: l.dueAt,
      dueDate: vietnamDate(l.dueAt),
      renewals: l.renewals,
      status: l.returnedAt ? 'returned' : l.dueAt < now ? 'overdue' : 'on_loan',
      returnedAt: l.returnedAt,
      returnedInstitutionId: l.returnedInstitutionId,
      fineVnd: l.fineVnd,
      fineAccruing: false,
      fineSettledAt: l.fineSettledAt,
    };
  }

  /** Open overdue loans show the charge they have run up so far (late days × the rule's charge per day). */
  private async withAccruing(views: LoanView[], rows: LoanRow[], now: Date): Promise<LoanView[]> {
    const today = vietnamDate(now);
    const late = rows.filter((r) => !r.returnedAt && r.dueAt < now);
    if (!late.length) return views;
    const perDay = new Map<string, number>();
    for (const id of new Set(late.map((r) => r.policyId)))
      perDay.set(id, (await this.policyRows.find(id))?.overdueFinePerDayVnd ?? 0);
    return views.map((v, i) => {
      const r = rows[i];
      const rate = perDay.get(r.policyId) ?? 0;
      if (r.returnedAt || r.dueAt >= now || rate === 0) return v;
      return { ...v, fineVnd: Math.max(0, daysBetween(vietnamDate(r.dueAt), today)) * rate, fineAccruing: true };
    });
  }

  private async patronByCard(cardNumber: string, manager?: EntityManager): Promise<PatronInfo> {
    const p = await this.patrons.findByCardNumber(cardNumber, manager);
    if (!p) throw CirculationErrors.patronNotFound({ cardNumber });
    return p;
  }

  private async copyByBarcode(barcode: string, manager?: EntityManager): Promise<CopyInfo> {
    const c = await this.copies.findByBarcode(barcode, manager);
    if (!c) throw CirculationErrors.copyNotFound({ barcode });
    return c;
  }

  /** The patron and copy of a checkout (looked up in one write), and the desk's institution, which the actor must serve. */
  private async atDesk(actor: Principal, input: { cardNumber: string; barcode: string; institutionId?: string }) {
    const [patron, copy] = await pipelinedReads(this.ds, (m) =>
      Promise.all([this.patronByCard(input.cardNumber, m), this.copyByBarcode(input.barcode, m)]),
    );
    const institutionId = input.institutionId ?? copy.locationInstitutionId;
    assertDesk(actor, institutionId);
    return { patron, copy, institutionId };
  }

  /** What a checkout would decide, without doing it (the desk shows it before confirming). */
  async previewCheckout(
    actor: Principal,
    input: { cardNumber: string; barcode: string; institutionId?: string },
  ): Promise<Decision> {
    const { patron, copy, institutionId } = await this.atDesk(actor, input);
    const now = this.clock.now();
    const ruleMatch = await this.policies.match({
      institutionId,
      patronCategory: patron.category,
      itemType: copy.itemType,
    });
    return this.ds.transaction(async (m) => {
      const state = await this.desk.checkout(m, { patronId: patron.id, copyId: copy.id, recordId: copy.recordId, now });
      return this.checkoutDecision(patron, copy, ruleMatch, state, now).decision;
    });
  }

  private checkoutDecision(
    patron: PatronInfo,
    copy: CopyInfo,
    ruleMatch: Awaited<ReturnType<PoliciesService['match']>>,
    state: CheckoutState,
    now: Date,
  ) {
    const { rule, matched } = ruleMatch;
    const { standing, trap, othersWaiting } = state;
    const heldForAnother = !!trap && trap.patronId !== patron.id;
    const reasons = checkoutReasons(
      rule,
      {
        status: patron.status,
        cardExpiresOn: patron.cardExpiresOn,
        openLoans: standing.open,
        overdueLoans: standing.overdue,
        owedVnd: standing.owedVnd,
      },
      { status: copy.status, heldForAnother, wantedByHolds: othersWaiting },
      vietnamDate(now),
    );
    return { rule, decision: decide(matched, reasons) };
  }

  /**
   * Lend a copy to a patron at a desk. A refusal can be overridden by staff with a reason (recorded). Whatever the
   * checks say, the partial unique index loans_one_open_per_copy_uq lets only one open loan per copy commit: the
   * losers of a race get circulation/copy_on_loan (409).
   */
  async checkout(
    actor: Principal,
    input: { cardNumber: string; barcode: string; institutionId?: string; override?: Override },
  ): Promise<CheckoutResult> {
    const { patron, copy, institutionId } = await this.atDesk(actor, input);
    if (input.override && input.override.reason.trim().length < 3) throw CirculationErrors.overrideReasonRequired();
    if (copy.status === 'on_loan') throw CirculationErrors.copyOnLoan({ barcode: copy.barcode });
    // Rule and due date are settled before the transaction: inside it, every query uses its one connection.
    const now = this.clock.now();
    const ruleMatch = await this.policies.match({
      institutionId,
      patronCategory: patron.category,
      itemType: copy.itemType,
    });
    const due = await this.dueDates.after(institutionId, now, ruleMatch.rule.loanDays);
    // BEGIN goes out with the patron lock, COMMIT with the outbox rows: see pipelinedTransaction.
    return pipelinedTransaction(this.ds, (m) =>
      this.outbox.batch(m, async () => {
        await this.settings.lock(m, patron.id);
        const state = await this.desk.checkout(m, {
          patronId: patron.id,
          copyId: copy.id,
          recordId: copy.recordId,
          now,
        });
        const { rule, decision } = this.checkoutDecision(patron, copy, ruleMatch, state, now);
        if (!decision.allowed && !input.override)
          throw CirculationErrors.checkoutRefused({ ...summarise(decision.reasons), decision });
        const loan = await this.loans.insert(m, {
          copyId: copy.id,
          recordId: copy.recordId,
          itemType: copy.itemType,
          patronId: patron.id,
          institutionId,
          policyId: rule.id,
          checkedOutAt: now,
          checkedOutBy: actor.accountId,
          dueAt: due.at,
        });
        const loanId = loan.id;
        await this.settleHolds(m, patron.id, copy, state, now);
        await this.copies.changeStatus(
          copy.id,
          'on_loan',
          m,
          institutionId === copy.locationInstitutionId ? undefined : institutionId,
        );
        if (!decision.allowed) {
          await this.overrides.insert(m, {
            action: 'checkout',
            loanId,
            patronId: patron.id,
            copyId: copy.id,
            policyId: rule.id,
            accountId: actor.accountId,
            reason: input.override!.reason,
            refused: decision.reasons,
          });
        }
        await emitUsage(this.outbox, m, {
          source: 'circulation',
          id: loanId,
          kind: 'loan',
          locationId: institutionId,
          at: now,
          patronId: patron.id,
          copyId: copy.id,
        });
        return { loan: this.view(loan, now), decision, overridden: !decision.allowed };
      }),
    ).catch((e: unknown) => {
      throw isUniqueViolation(e) ? CirculationErrors.copyOnLoan({ barcode: copy.barcode }) : e;
    });
  }

  /** The borrower's own hold on the copy or title is fulfilled; a hold of someone else on this copy (override) goes back to the queue front. */
  private async settleHolds(
    m: EntityManager,
    patronId: string,
    copy: CopyInfo,
    { trap, transfer, waiting }: CheckoutState,
    now: Date,
  ): Promise<void> {
    // The copy is at the desk: whatever transfer it was on ends here.
    if (transfer) await this.transfers.close(m, transfer.id, 'cancelled', now, null);
    if (trap && trap.patronId === patronId) {
      await this.holds.close(m, trap.id, 'fulfilled', now);
      return;
    }
    if (trap) {
      // Staff overrode "held for another patron": that patron's hold waits again, first in line.
      await this.holds.lockQueue(m, copy.recordId);
      await this.holds.requeueFirst(m, trap.id, copy.recordId);
    }
    if (waiting && (waiting.copyId === null || waiting.copyId === copy.id)) {
      await this.holds.lockQueue(m, copy.recordId);
      const fresh = (await this.holds.find(waiting.id, m))!;
      await this.holds.leaveQueue(m, fresh);
      await this.holds.close(m, waiting.id, 'fulfilled', now);
    }
  }

  /**
   * Check a copy in at any institution: closes its open loan (charging any overdue fee the rule sets), then sends
   * the copy to the first eligible hold, home, or the shelf. A copy arriving on a transfer is received here.
   */
  async checkin(actor: Principal, input: { barcode: string; institutionId?: string }): Promise<CheckinResult> {
    const copy = await this.copyByBarcode(input.barcode);
    const institutionId = input.institutionId ?? soleDesk(actor) ?? copy.locationInstitutionId;
    assertDesk(actor, institutionId);
    return pipelinedTransaction(this.ds, (m) =>
      this.outbox.batch(m, async () => {
        const now = this.clock.now();
        let closed: LoanRow | null = null;
        const { loan: open, transfer, trap, holdsWaiting } = await this.desk.checkin(m, copy.id, copy.recordId);
        if (open) {
          const lateDays = Math.max(0, daysBetween(vietnamDate(open.dueAt), vietnamDate(now)));
          // The rule is read only for a late return: an on-time one owes nothing whatever the rule says.
          const fineVnd =
            lateDays > 0 ? lateDays * ((await this.policyRows.find(open.policyId, m))?.overdueFinePerDayVnd ?? 0) : 0;
          closed = await this.loans.close(m, open.id, {
            at: now,
            institutionId,
            by: actor.accountId,
            fineVnd,
            anonymise: !open.keepHistory,
          });
          await emitUsage(this.outbox, m, {
            source: 'circulation',
            id: open.id,
            kind: 'return',
            locationId: institutionId,
            at: now,
            patronId: open.patronId,
            copyId: copy.id,
          });
        }
        if (transfer)
          await this.transfers.close(
            m,
            transfer.id,
            transfer.toInstitutionId === institutionId ? 'received' : 'cancelled',
            now,
            actor.accountId,
          );
        const done = (r: RouteOutcome): CheckinResult => ({
          loan: closed && this.view(closed, now),
          barcode: copy.barcode,
          ...r,
        });
        if (trap && trap.pickupInstitutionId === institutionId) {
          // Arrived for a hold, or scanned again on the hold shelf where it already waits.
          const pickupBy =
            trap.status === 'in_transit'
              ? await this.router.arrived(m, trap, copy, institutionId, now)
              : vietnamDate(trap.expiresAt!);
          return done({ outcome: 'hold_shelf', holdId: trap.id, transferId: null, toInstitutionId: null, pickupBy });
        }
        if (trap) {
          // Trapped for a hold elsewhere but it turned up here: send it on.
          const transferId = await this.transfers.insert(m, {
            copyId: copy.id,
            recordId: copy.recordId,
            from: institutionId,
            to: trap.pickupInstitutionId,
            reason: 'hold',
            holdId: trap.id,
            at: now,
            by: actor.accountId,
          });
          await this.copies.changeStatus(copy.id, 'in_transit', m, institutionId);
          return done({
            outcome: 'in_transit',
            holdId: trap.id,
            transferId,
            toInstitutionId: trap.pickupInstitutionId,
            pickupBy: null,
          });
        }
        return done(await this.router.route(m, copy, institutionId, now, actor.accountId, { holdsWaiting }));
      }),
    );
  }

  /** Renew a loan: staff at the institution that lent it, or the borrower (`asPatron`). Others get 404. */
  async renew(
    actor: Principal,
    loanId: string,
    opts: { asPatron: boolean; override?: Override },
  ): Promise<RenewResult> {
    if (opts.override && (opts.asPatron || opts.override.reason.trim().length < 3))
      throw CirculationErrors.overrideReasonRequired();
    return this.ds.transaction(async (m) => {
      const loan = await this.loans.find(loanId, m, true);
      if (!loan || loan.returnedAt || !loan.patronId) throw CirculationErrors.loanNotFound();
      if (
        opts.asPatron
          ? actor.patronId !== loan.patronId
          : !(actor.systemAdmin || seesInstitution(actor, loan.institutionId))
      )
        throw CirculationErrors.loanNotFound();
      if (!opts.asPatron) assertDesk(actor, loan.institutionId);
      const patron = await this.patrons.find(loan.patronId, m);
      if (!patron) throw CirculationErrors.loanNotFound();
      const now = this.clock.now();
      const today = vietnamDate(now);
      const { rule, matched } = await this.policies.match(
        { institutionId: loan.institutionId, patronCategory: patron.category, itemType: loan.itemType },
        m,
      );
      const standing = await this.loans.standing(m, patron.id, now);
      const othersWaiting = await this.holds.othersWaiting(m, loan.recordId, loan.copyId, patron.id, today);
      const reasons = renewalReasons(
        rule,
        {
          status: patron.status,
          cardExpiresOn: patron.cardExpiresOn,
          openLoans: standing.open,
          overdueLoans: standing.overdue,
          owedVnd: standing.owedVnd,
        },
        loan,
        othersWaiting,
        today,
      );
      const decision = decide(matched, reasons);
      if (!decision.allowed && !opts.override)
        throw CirculationErrors.renewalRefused({ ...summarise(reasons), decision });
      // The new period runs from the current due day (or from today when already overdue).
      const dueDay = vietnamDate(loan.dueAt);
      const due = await this.dueDates.after(loan.institutionId, dueDay < today ? today : dueDay, rule.renewalDays, m);
      await this.loans.renew(m, loan.id, due.at, now);
      if (!decision.allowed) {
        await this.overrides.insert(m, {
          action: 'renewal',
          loanId: loan.id,
          patronId: patron.id,
          copyId: loan.copyId,
          policyId: rule.id,
          accountId: actor.accountId,
          reason: opts.override!.reason,
          refused: reasons,
        });
      }
      await emitUsage(this.outbox, m, {
        source: 'circulation',
        id: `${loan.id}:${loan.renewals + 1}`,
        kind: 'renewal',
        locationId: loan.institutionId,
        at: now,
        patronId: patron.id,
        copyId: loan.copyId,
      });
      return { loan: this.view((await this.loans.find(loan.id, m))!, now), decision, overridden: !decision.allowed };
    });
  }

  /** Renew the open loan of a copy by its barcode (staff: a mobile library's offline batch names copies, not loans). */
  async renewByBarcode(actor: Principal, barcode: string, opts: { override?: Override } = {}): Promise<RenewResult> {
    const copy = await this.copyByBarcode(barcode);
    const open = await this.loans.openForCopy(copy.id);
    if (!open) throw CirculationErrors.copyNotOnLoan({ barcode: copy.barcode });
    return this.renew(actor, open.id, { asPatron: false, override: opts.override });
  }

  /**
   * In-house use (đọc tại chỗ): an item used in the library without a loan, counted as a usage event. Scans for
   * transit and the hold shelf are not in-house use and never come here.
   */
  async recordInHouseUse(
    actor: Principal,
    input: { barcode: string; institutionId?: string },
  ): Promise<{ barcode: string; eventId: string }> {
    const copy = await this.copyByBarcode(input.barcode);
    const institutionId = input.institutionId ?? soleDesk(actor) ?? copy.locationInstitutionId;
    assertDesk(actor, institutionId);
    const eventId = randomUUID();
    await this.ds.transaction((m) =>
      emitUsage(this.outbox, m, {
        source: 'circulation',
        id: eventId,
        kind: 'in_house_use',
        locationId: institutionId,
        at: this.clock.now(),
      }),
    );
    return { barcode: copy.barcode, eventId };
  }

  /** One loan: its borrower, or staff of the institution that lent it; others get 404. */
  async get(
    actor: Principal,
    loanId: string,
  ): Promise<LoanView & { overrides: { action: string; accountId: string; reason: string; createdAt: Date }[] }> {
    const loan = await this.loans.find(loanId);
    if (!loan) throw CirculationErrors.loanNotFound();
    const mine = !!actor.patronId && loan.patronId === actor.patronId;
    if (!mine && !seesInstitution(actor, loan.institutionId)) throw CirculationErrors.loanNotFound();
    const overrides = mine
      ? []
      : (await this.overrides.forLoan(this.ds.manager, loanId)).map(({ refused: _r, ...o }) => o);
    const now = this.clock.now();
    const [view] = await this.withAccruing([this.view(loan, now)], [loan], now);
    return { ...view, overrides };
  }

  /** Open loans of a patron (self-service) or of institutions (staff). */
  async list(
    f: { patronId?: string; institutionIds?: string[] | null; overdue?: boolean; returned?: boolean; open?: boolean },
    page: { limit: number; offset: number },
  ): Promise<Page<LoanView>> {
    const now = this.clock.now();
    const { rows, total } = await this.loans.list(
      { ...f, overdueAt: f.overdue ? now : undefined },
      page.limit,
      page.offset,
    );
    const items = await this.withAccruing(
      rows.map((r) => this.view(r, now)),
      rows,
      now,
    );
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
