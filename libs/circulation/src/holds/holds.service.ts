import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Clock,
  JURISDICTION_DIRECTORY,
  vietnamDate,
  type JurisdictionDirectory,
  type Page,
  type Principal,
  isUniqueViolation,
} from '@suotdoi/platform';
import { assertDesk, seesInstitution } from '../access.js';
import { CirculationErrors } from '../circulation.errors.js';
import { LoansRepository } from '../loans/loans.repository.js';
import { OverridesRepository } from '../loans/overrides.repository.js';
import { PatronSettingsRepository } from '../me/patron-settings.repository.js';
import { HOLD_STATUS_VI, decide, summarise, type Decision } from '../policies/decision.js';
import { holdReasons } from '../policies/decisions.js';
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
import { CopyRouter } from './copy-router.js';
import { HoldsRepository, type HoldRow, type HoldStatus } from './holds.repository.js';

export interface HoldView {
  id: string;
  kind: HoldRow['kind'];
  patronId: string;
  recordId: string;
  copyId: string | null;
  pickupInstitutionId: string;
  status: HoldStatus;
  /** Place in the record's queue (1 = next), while waiting. */
  queuePosition: number | null;
  placedAt: Date;
  suspendedUntil: string | null;
  trappedCopyId: string | null;
  /** Last day to collect it (Vietnam date), once ready. */
  pickupBy: string | null;
  expiresAt: Date | null;
}

export interface PlaceHoldInput {
  recordId: string;
  /** A copy-level hold names the copy; a title-level hold takes the first copy that comes back. */
  copyId?: string;
  pickupInstitutionId: string;
}

export interface HoldResult {
  hold: HoldView;
  decision: Decision;
  overridden: boolean;
}

/** Holds (đặt mượn): a fair first-come queue per record, suspend/resume, cancel, expiry; online reservation of a copy on the shelf. */
@Injectable()
export class HoldsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly holds: HoldsRepository,
    private readonly loans: LoansRepository,
    private readonly transfers: TransfersRepository,
    private readonly overrides: OverridesRepository,
    private readonly settings: PatronSettingsRepository,
    private readonly policies: PoliciesService,
    private readonly router: CopyRouter,
    private readonly dueDates: DueDates,
    private readonly clock: Clock,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
    @Inject(PATRON_DIRECTORY) private readonly patrons: PatronDirectory,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  view(h: HoldRow): HoldView {
    return {
      id: h.id,
      kind: h.kind,
      patronId: h.patronId,
      recordId: h.recordId,
      copyId: h.copyId,
      pickupInstitutionId: h.pickupInstitutionId,
      status: h.status,
      queuePosition: h.queuePosition,
      placedAt: h.placedAt,
      suspendedUntil: h.suspendedUntil,
      trappedCopyId: h.trappedCopyId,
      pickupBy: h.status === 'ready' && h.expiresAt ? vietnamDate(h.expiresAt) : null,
      expiresAt: h.expiresAt,
    };
  }

  /** Staff place a hold for the patron with this card (at an institution they serve). */
  async placeForCard(
    actor: Principal,
    cardNumber: string,
    input: PlaceHoldInput,
    override?: { reason: string },
  ): Promise<HoldResult> {
    const patron = await this.patrons.findByCardNumber(cardNumber);
    if (!patron) throw CirculationErrors.patronNotFound({ cardNumber });
    assertDesk(actor, input.pickupInstitutionId);
    if (override && override.reason.trim().length < 3) throw CirculationErrors.overrideReasonRequired();
    return this.place(actor, patron, input, override);
  }

  /** A patron places a hold for themself. */
  async placeForSelf(actor: Principal, input: PlaceHoldInput): Promise<HoldResult> {
    const patron = actor.patronId ? await this.patrons.find(actor.patronId) : undefined;
    if (!patron) throw CirculationErrors.holdNotFound();
    return this.place(actor, patron, input);
  }

  private async itemTypeFor(input: PlaceHoldInput): Promise<{ itemType: string; copy?: CopyInfo }> {
    if (input.copyId) {
      const copy = await this.copies.find(input.copyId);
      if (!copy || copy.recordId !== input.recordId) throw CirculationErrors.copyNotFound({ barcode: input.copyId });
      return { itemType: copy.itemType, copy };
    }
    const copies = await this.copies.forRecord(input.recordId);
    if (!copies.length) throw CirculationErrors.copyNotFound({ barcode: `record ${input.recordId}` });
    return { itemType: copies[0].itemType };
  }

  private async place(
    actor: Principal,
    patron: PatronInfo,
    input: PlaceHoldInput,
    override?: { reason: string },
  ): Promise<HoldResult> {
    const [pickup] = await this.directory.describeInstitutions([input.pickupInstitutionId]);
    if (!pickup) throw CirculationErrors.institutionNotServed({ institutionId: input.pickupInstitutionId });
    const { itemType } = await this.itemTypeFor(input);
    return this.ds
      .transaction(async (m) => {
        await this.settings.lock(m, patron.id);
        const now = this.clock.now();
        const { rule, matched } = await this.policies.match(
          { institutionId: input.pickupInstitutionId, patronCategory: patron.category, itemType },
          m,
        );
        const decision = decide(matched, await this.holdDecisionReasons(m, rule, patron, input.recordId, now));
        if (!decision.allowed && !override)
          throw CirculationErrors.holdRefused({ ...summarise(decision.reasons), decision });
        const position = await this.holds.nextPosition(m, input.recordId);
        const id = await this.holds.insert(m, {
          kind: input.copyId ? 'copy' : 'title',
          patronId: patron.id,
          recordId: input.recordId,
          copyId: input.copyId ?? null,
          pickupInstitutionId: input.pickupInstitutionId,
          policyId: rule.id,
          status: 'waiting',
          queuePosition: position,
          placedAt: now,
          placedBy: actor.accountId,
        });
        if (!decision.allowed) {
          await this.overrides.insert(m, {
            action: 'hold',
            holdId: id,
            patronId: patron.id,
            policyId: rule.id,
            accountId: actor.accountId,
            reason: override!.reason,
            refused: decision.reasons,
          });
        }
        return { hold: this.view((await this.holds.find(id, m))!), decision, overridden: !decision.allowed };
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e))
          throw CirculationErrors.holdRefused({
            summary: 'The patron already has a hold on this title.',
            summaryVi: 'Bạn đọc đã đặt mượn tài liệu này.',
          });
        throw e;
      });
  }

  private async holdDecisionReasons(
    m: EntityManager,
    rule: Parameters<typeof holdReasons>[0],
    patron: PatronInfo,
    recordId: string,
    now: Date,
  ) {
    const loans = await this.loans.standing(m, patron.id, now, recordId);
    const holds = await this.holds.standing(m, patron.id, recordId);
    return holdReasons(
      rule,
      {
        status: patron.status,
        cardExpiresOn: patron.cardExpiresOn,
        openLoans: loans.open,
        overdueLoans: loans.overdue,
        owedVnd: loans.owedVnd,
        activeHolds: holds.active,
        holdsThisRecord: holds.thisRecord,
        loansThisRecord: loans.thisRecord,
      },
      vietnamDate(now),
    );
  }

  /**
   * Online reservation ("mượn trực tuyến"): the patron reserves a copy that is on the shelf; it is set aside on the
   * hold shelf until the end of the rule's pickup days. Two patrons racing for one copy: one wins, the other 409.
   */
  async reserve(actor: Principal, barcode: string): Promise<HoldResult> {
    const patron = actor.patronId ? await this.patrons.find(actor.patronId) : undefined;
    if (!patron) throw CirculationErrors.holdNotFound();
    const copy = await this.copies.findByBarcode(barcode);
    if (!copy) throw CirculationErrors.copyNotFound({ barcode });
    if (copy.status !== 'available') throw CirculationErrors.copyNotOnShelf({ barcode });
    const institutionId = copy.locationInstitutionId;
    return this.ds
      .transaction(async (m) => {
        await this.settings.lock(m, patron.id);
        const now = this.clock.now();
        const { rule, matched } = await this.policies.match(
          { institutionId, patronCategory: patron.category, itemType: copy.itemType },
          m,
        );
        const decision = decide(matched, await this.holdDecisionReasons(m, rule, patron, copy.recordId, now));
        if (!decision.allowed) throw CirculationErrors.holdRefused({ ...summarise(decision.reasons), decision });
        if (await this.loans.openForCopy(copy.id, m)) throw CirculationErrors.copyNotOnShelf({ barcode });
        const deadline = await this.dueDates.after(institutionId, now, rule.pickupDays, m);
        const id = await this.holds.insert(m, {
          kind: 'reservation',
          patronId: patron.id,
          recordId: copy.recordId,
          copyId: copy.id,
          pickupInstitutionId: institutionId,
          policyId: rule.id,
          status: 'ready',
          queuePosition: null,
          placedAt: now,
          placedBy: actor.accountId,
          trappedCopyId: copy.id,
          expiresAt: deadline.at,
        });
        await this.copies.changeStatus(copy.id, 'on_hold_shelf', m);
        return { hold: this.view((await this.holds.find(id, m))!), decision, overridden: false };
      })
      .catch((e: unknown) => {
        // holds_one_trap_per_copy_uq: someone else set this copy aside first.
        if (isUniqueViolation(e)) throw CirculationErrors.copyNotOnShelf({ barcode });
        throw e;
      });
  }

  /** The hold, if the caller may act on it: its patron (`asPatron`), or staff of its pickup institution. Else 404. */
  private async visible(m: EntityManager, actor: Principal, id: string, asPatron: boolean): Promise<HoldRow> {
    const h = await this.holds.find(id, m);
    if (!h) throw CirculationErrors.holdNotFound();
    if (asPatron ? h.patronId !== actor.patronId : !seesInstitution(actor, h.pickupInstitutionId))
      throw CirculationErrors.holdNotFound();
    return h;
  }

  /**
   * A hold for its patron (`asPatron`), for staff of its pickup institution, or for staff of a library holding a copy
   * of the title (where the copy is now, its home or its base): that library fills the hold from its shelf.
   */
  async get(actor: Principal, id: string, asPatron: boolean): Promise<HoldView> {
    const h = await this.holds.find(id);
    if (!h) throw CirculationErrors.holdNotFound();
    if (asPatron ? h.patronId !== actor.patronId : !(await this.staffSees(actor, h)))
      throw CirculationErrors.holdNotFound();
    return this.view(h);
  }

  private async staffSees(actor: Principal, h: HoldRow): Promise<boolean> {
    if (seesInstitution(actor, h.pickupInstitutionId)) return true;
    const copies = await this.copies.forRecord(h.recordId);
    return copies.some(
      (c) =>
        (h.copyId === null || c.id === h.copyId) &&
        [c.locationInstitutionId, c.homeInstitutionId, c.baseInstitutionId].some((i) => seesInstitution(actor, i)),
    );
  }

  /** Cancel a hold. A copy it had trapped is routed on (next hold, home or shelf) from where it is. */
  async cancel(actor: Principal, id: string, asPatron: boolean): Promise<HoldView> {
    return this.ds.transaction(async (m) => {
      const h = await this.visible(m, actor, id, asPatron);
      // A hold in transit has a transfer that release() closes: lock it first, in the order check-in and transfer
      // cancel / lost use (transfer, queue, hold), so a cancellation racing them waits instead of deadlocking.
      if (h.status === 'in_transit' && h.trappedCopyId) await this.transfers.openForCopy(m, h.trappedCopyId);
      await this.holds.lockQueue(m, h.recordId);
      const hold = (await this.holds.find(id, m, true))!;
      if (!['waiting', 'in_transit', 'ready'].includes(hold.status))
        throw CirculationErrors.holdNotActive({
          status: hold.status,
          statusVi: HOLD_STATUS_VI[hold.status] ?? hold.status,
        });
      const now = this.clock.now();
      await this.holds.leaveQueue(m, hold);
      await this.holds.close(m, hold.id, 'cancelled', now);
      if (hold.trappedCopyId) await this.release(m, hold, now, actor.accountId);
      return this.view((await this.holds.find(id, m))!);
    });
  }

  /** A trapped copy is no longer wanted by its hold: route it on from where it is now. */
  private async release(m: EntityManager, hold: HoldRow, now: Date, by: string | null): Promise<void> {
    const copy = await this.copies.find(hold.trappedCopyId!, m);
    if (!copy) return;
    const transfer = await this.transfers.openForCopy(m, copy.id);
    if (transfer) {
      await this.transfers.close(m, transfer.id, 'cancelled', now, by);
      if (transfer.fromInstitutionId === copy.baseInstitutionId) {
        // Sent from its base (home, or a rotation host): as if it had not left, it goes to the next hold, or back on the shelf there.
        await this.router.route(m, copy, transfer.fromInstitutionId, now, by);
      } else {
        // Still travelling: it now goes to its base instead (received there like any return).
        await this.transfers.insert(m, {
          copyId: copy.id,
          recordId: copy.recordId,
          from: transfer.fromInstitutionId,
          to: copy.baseInstitutionId,
          reason: 'return_home',
          holdId: null,
          at: now,
          by,
        });
      }
      return;
    }
    await this.router.route(m, copy, copy.locationInstitutionId, now, by);
  }

  /** Suspend a waiting hold until a date (it keeps its place but is skipped), or resume it (`until` null). */
  async suspend(actor: Principal, id: string, until: string | null, asPatron: boolean): Promise<HoldView> {
    return this.ds.transaction(async (m) => {
      const h = await this.visible(m, actor, id, asPatron);
      const hold = (await this.holds.find(h.id, m, true))!;
      if (hold.status !== 'waiting') throw CirculationErrors.holdNotSuspendable();
      await this.holds.setSuspension(m, id, until);
      return this.view((await this.holds.find(id, m))!);
    });
  }

  /**
   * Ready holds past their pickup deadline expire; each copy goes to the next eligible hold (or home, or the shelf).
   * Run by the scheduled job; idempotent (expired holds are no longer ready). One transaction per hold, taking the
   * record's queue lock before the hold's row, in the same order as placement and cancellation (no deadlock).
   */
  async expireOverdueHolds(limit = 200): Promise<number> {
    const due = await this.holds.expiredReady(this.ds.manager, this.clock.now(), limit);
    let expired = 0;
    for (const candidate of due) {
      expired += await this.ds.transaction(async (m) => {
        await this.holds.lockQueue(m, candidate.recordId);
        const h = await this.holds.find(candidate.id, m, true);
        const now = this.clock.now();
        if (!h || h.status !== 'ready' || !h.expiresAt || h.expiresAt >= now) return 0;
        await this.holds.close(m, h.id, 'expired', now);
        await this.release(m, h, now, null);
        return 1;
      });
    }
    return expired;
  }

  async list(
    f: { patronId?: string; recordId?: string; pickupInstitutionIds?: string[] | null; statuses?: HoldStatus[] },
    page: { limit: number; offset: number },
  ): Promise<Page<HoldView>> {
    const { rows, total } = await this.holds.list(f, page.limit, page.offset);
    return { items: rows.map((r) => this.view(r)), total, limit: page.limit, offset: page.offset };
  }
}
