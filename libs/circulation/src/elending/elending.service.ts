import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DigitalResourcesService, type DigitalResource, type Download } from '@suotdoi/catalogue';
import {
  AppConfig,
  Clock,
  staffInstitutions,
  vietnamDate,
  type Page,
  type Principal,
  isDomainError,
  isUniqueViolation,
} from '@suotdoi/platform';
import { CirculationErrors } from '../circulation.errors.js';
import { PatronNotices } from '../notices/patron-notices.js';
import {
  ELendingRepository,
  type EHoldRow,
  type EHoldStatusFilter,
  type ELoanRow,
  type ELoanStatusFilter,
  type LicenceModel,
  type LicenceRow,
  type StaffEHoldRow,
} from './elending.repository.js';

const DAY = 86_400_000;
/** Days a patron has to claim an e-book offered to their hold. */
export const CLAIM_DAYS = 3;
/** Lifetime of a signed reading link. */
export const LINK_TTL_MS = 15 * 60 * 1000;

export interface LicenceInput {
  resourceId: string;
  model: LicenceModel;
  seats?: number;
  checkoutsLeft?: number | null;
  validUntil?: string | null;
  loanDays?: number;
  note?: string | null;
}

export interface ELoanView {
  id: string;
  resourceId: string;
  licenceId: string;
  startedAt: Date;
  endsAt: Date;
  returnedAt: Date | null;
  endReason: string | null;
}

export interface EHoldView {
  id: string;
  resourceId: string;
  status: EHoldRow['status'];
  placedAt: Date;
  /** Place among those waiting (1 = next), while waiting. */
  position: number | null;
  /** Deadline to borrow it, once offered. */
  claimUntil: Date | null;
}

/** An e-loan in the staff view: the e-loan, its borrower and the licence's institution and model. */
export interface StaffELoanView extends ELoanView {
  patronId: string;
  institutionId: string;
  model: LicenceModel;
}

/** Whether a licence may lend one more copy today. */
export function hasSeat(l: LicenceRow, today: string): boolean {
  if (!lendsNow(l, today)) return false;
  return l.model === 'simultaneous' || l.model === 'open_access' || l.inUse < l.seats;
}

/** Whether a licence lends at all today (not expired, checkouts not used up), whether or not a seat is free. */
export function lendsNow(l: Pick<LicenceRow, 'validUntil' | 'checkoutsLeft'>, today: string): boolean {
  if (l.validUntil !== null && l.validUntil < today) return false;
  return l.checkoutsLeft === null || l.checkoutsLeft > 0;
}

/**
 * E-lending under licences: perpetual one-copy-one-user, metered (N checkouts and/or until a date), simultaneous
 * use, open access. The resource's licence rows are locked while a seat is taken or freed, and CHECK constraints
 * keep the counters within bounds, so concurrent borrowers of a one-seat licence get one e-loan and the others a
 * clear refusal. Freed seats go to the oldest e-hold first, with a claim window.
 */
@Injectable()
export class ELendingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ELendingRepository,
    private readonly resources: DigitalResourcesService,
    private readonly notices: PatronNotices,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private loanView(l: ELoanRow): ELoanView {
    return {
      id: l.id,
      resourceId: l.resourceId,
      licenceId: l.licenceId,
      startedAt: l.startedAt,
      endsAt: l.endsAt,
      returnedAt: l.returnedAt,
      endReason: l.endReason,
    };
  }

  private async holdView(h: EHoldRow): Promise<EHoldView> {
    return {
      id: h.id,
      resourceId: h.resourceId,
      status: h.status,
      placedAt: h.placedAt,
      position: await this.repo.position(h),
      claimUntil: h.status === 'offered' ? h.claimUntil : null,
    };
  }

  private async resource(resourceId: string) {
    return this.resources.get(resourceId).catch(() => {
      throw CirculationErrors.resourceNotFound();
    });
  }

  /** Add a licence to a resource (managers of the owning institution, or system administrators). */
  async addLicence(actor: Principal, input: LicenceInput): Promise<LicenceRow> {
    const res = await this.resource(input.resourceId);
    if (!actor.systemAdmin && !staffInstitutions(actor, 'manager').includes(res.institutionId))
      throw CirculationErrors.resourceNotFound();
    const id = await this.repo.insertLicence({
      resourceId: input.resourceId,
      institutionId: res.institutionId,
      model: input.model,
      seats: input.seats ?? 1,
      checkoutsLeft: input.checkoutsLeft ?? null,
      validUntil: input.validUntil ?? null,
      loanDays: input.loanDays ?? 14,
      note: input.note ?? null,
    });
    return (await this.repo.licence(id))!;
  }

  /** Licences of a resource held by the caller's institutions (all for a system administrator); others 404. */
  /** A page of a resource's licences held by the caller's institutions (a resource has a handful: paged in memory). */
  async licences(
    actor: Principal,
    resourceId: string,
    page: { limit: number; offset: number },
  ): Promise<Page<LicenceRow>> {
    const scope = await this.staffScope(actor, { resourceId });
    const all = (await this.repo.licencesOf(resourceId)).filter((l) => !scope || scope.includes(l.institutionId));
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, ...page };
  }

  /** Borrow a digital resource: an offered e-hold is claimed first; else a free seat of any valid licence. */
  async borrow(actor: Principal, resourceId: string): Promise<ELoanView> {
    const patronId = actor.patronId;
    if (!patronId) throw CirculationErrors.resourceNotFound();
    await this.resource(resourceId);
    return this.ds
      .transaction(async (m) => {
        const now = this.clock.now();
        const licences = await this.repo.lockLicences(m, resourceId);
        const mine = await this.repo.activeHoldOf(m, patronId, resourceId);
        let licence: LicenceRow | undefined;
        if (mine?.status === 'offered') {
          licence = licences.find((l) => l.id === mine.licenceId);
          await this.repo.closeHold(m, mine.id, 'fulfilled', now);
        } else {
          if (!licences.some((l) => lendsNow(l, vietnamDate(now)))) throw CirculationErrors.noLicence();
          // Seats freed while others wait are offered to them, never taken by a newcomer.
          const waiting = (await this.repo.waitingCount(m, resourceId)) - (mine ? 1 : 0);
          licence = licences.find(
            (l) =>
              hasSeat(l, vietnamDate(now)) &&
              (waiting === 0 || l.model === 'open_access' || l.model === 'simultaneous'),
          );
          if (!licence) throw CirculationErrors.noLicenceAvailable({ canHold: true, waiting });
          await this.repo.takeSeat(m, licence.id);
          if (mine) await this.repo.closeHold(m, mine.id, 'fulfilled', now);
        }
        if (!licence) throw CirculationErrors.noLicenceAvailable({ canHold: true });
        let endsAt = new Date(now.getTime() + licence.loanDays * DAY);
        if (licence.validUntil)
          endsAt = new Date(Math.min(endsAt.getTime(), Date.parse(`${licence.validUntil}T23:59:59.999+07:00`)));
        const id = await this.repo.insertLoan(m, {
          licenceId: licence.id,
          resourceId,
          patronId,
          accountId: actor.accountId,
          startedAt: now,
          endsAt,
        });
        // Not a usage event itself: each opening of the content is one (COUNTER), counted where the file is served.
        return this.loanView((await this.repo.loan(id, m))!);
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? CirculationErrors.alreadyBorrowingResource() : e;
      });
  }

  /**
   * Borrow for a reading app following an OPDS borrow link: the patron's open e-loan of the resource when there is
   * one (an app may follow the link again), else a new e-loan; with the resource and a signed reading link.
   */
  async borrowForOpds(
    actor: Principal,
    resourceId: string,
  ): Promise<{ loan: ELoanView; link: { url: string; expiresAt: Date }; resource: DigitalResource }> {
    const resource = await this.resource(resourceId);
    const open = async () =>
      actor.patronId
        ? (await this.repo.openLoansOf(actor.patronId)).find((l) => l.resourceId === resourceId)
        : undefined;
    const existing = await open();
    const loan = existing
      ? this.loanView(existing)
      : await this.borrow(actor, resourceId).catch(async (e: unknown) => {
          const again =
            isDomainError(e) && e.code === CirculationErrors.alreadyBorrowingResource.spec.code && (await open());
          if (again) return this.loanView(again);
          throw e;
        });
    return { loan, link: await this.link(actor, loan.id), resource };
  }

  /** Return early (the patron) — the seat goes to the next e-hold or back to the pool. */
  async giveBack(actor: Principal, eLoanId: string): Promise<ELoanView> {
    return this.ds.transaction(async (m) => {
      const loan = await this.repo.loan(eLoanId, m, true);
      if (!loan || loan.patronId !== actor.patronId) throw CirculationErrors.eLoanNotFound();
      if (!loan.returnedAt) await this.end(m, loan, 'returned', this.clock.now());
      return this.loanView((await this.repo.loan(eLoanId, m))!);
    });
  }

  private async end(m: EntityManager, loan: ELoanRow, reason: 'returned' | 'expired', now: Date): Promise<void> {
    await this.repo.lockLicences(m, loan.resourceId);
    await this.repo.closeLoan(m, loan.id, now, reason);
    await this.passSeat(m, loan.resourceId, loan.licenceId, now, false);
  }

  /** A seat of `licenceId` is free: offer it to the oldest waiting e-hold, else release it (licences locked). */
  private async passSeat(
    m: EntityManager,
    resourceId: string,
    licenceId: string,
    now: Date,
    refundCheckout: boolean,
  ): Promise<void> {
    const licence = (await this.repo.licence(licenceId, m))!;
    const next = await this.repo.firstWaiting(m, resourceId);
    const stillValid = licence.validUntil === null || licence.validUntil >= vietnamDate(now);
    if (next && stillValid) {
      const claimUntil = new Date(now.getTime() + CLAIM_DAYS * DAY);
      await this.repo.offer(m, next.id, licenceId, now, claimUntil);
      await this.notices.notify(m, `ehold_offered:${next.id}`, 'ehold_offered', next.patronId, {
        claimUntil: claimUntil.toISOString(),
        resourceId,
      });
      return;
    }
    await this.repo.freeSeat(m, licenceId, refundCheckout);
  }

  /** Wait for a digital resource whose licences are all in use. */
  async placeHold(actor: Principal, resourceId: string): Promise<EHoldView> {
    const patronId = actor.patronId;
    if (!patronId) throw CirculationErrors.resourceNotFound();
    await this.resource(resourceId);
    const id = await this.ds
      .transaction(async (m) => {
        const licences = await this.repo.lockLicences(m, resourceId);
        // Waiting makes sense only for a seat some licence will free.
        if (!licences.some((l) => lendsNow(l, vietnamDate(this.clock.now())))) throw CirculationErrors.noLicence();
        return this.repo.insertHold(m, resourceId, patronId, this.clock.now());
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? CirculationErrors.eHoldExists() : e;
      });
    return this.holdView((await this.repo.hold(id))!);
  }

  async cancelHold(actor: Principal, holdId: string): Promise<EHoldView> {
    await this.ds.transaction(async (m) => {
      const h = await this.repo.hold(holdId, m);
      if (!h || h.patronId !== actor.patronId) throw CirculationErrors.eHoldNotFound();
      await this.repo.lockLicences(m, h.resourceId);
      const fresh = await this.repo.activeHoldOf(m, h.patronId, h.resourceId);
      if (!fresh || fresh.id !== h.id) return;
      const now = this.clock.now();
      await this.repo.closeHold(m, h.id, 'cancelled', now);
      if (fresh.status === 'offered') await this.passSeat(m, h.resourceId, fresh.licenceId!, now, true);
    });
    return this.holdView((await this.repo.hold(holdId))!);
  }

  async getHold(actor: Principal, holdId: string): Promise<EHoldView> {
    const h = await this.repo.hold(holdId);
    if (!h || h.patronId !== actor.patronId) throw CirculationErrors.eHoldNotFound();
    return this.holdView(h);
  }

  /** A page of the patron's open e-loans (a few at most, as the licences allow: paged in memory). */
  async myLoans(actor: Principal, page: { limit: number; offset: number }): Promise<Page<ELoanView>> {
    const all = (await this.repo.openLoansOf(actor.patronId!)).map((l) => this.loanView(l));
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, ...page };
  }

  /** E-loans past their end close by themselves; offers past their claim window pass on. Idempotent (worker). */
  async expire(limit = 200): Promise<{ loans: number; offers: number }> {
    return this.ds.transaction(async (m) => {
      const now = this.clock.now();
      const ended = await this.repo.endedLoans(m, now, limit);
      for (const l of ended) await this.end(m, l, 'expired', now);
      const lapsed = await this.repo.lapsedOffers(m, now, limit);
      for (const h of lapsed) {
        await this.repo.lockLicences(m, h.resourceId);
        await this.repo.closeHold(m, h.id, 'expired', now);
        await this.passSeat(m, h.resourceId, h.licenceId!, now, true);
      }
      return { loans: ended.length, offers: lapsed.length };
    });
  }

  /** A signed link to read the resource of an open e-loan, valid for 15 minutes (never past the loan's end). */
  async link(actor: Principal, eLoanId: string): Promise<{ url: string; expiresAt: Date }> {
    const loan = await this.repo.loan(eLoanId);
    const now = this.clock.now();
    if (!loan || loan.patronId !== actor.patronId || loan.returnedAt || loan.endsAt <= now)
      throw CirculationErrors.eLoanNotFound();
    const exp = Math.floor(Math.min(now.getTime() + LINK_TTL_MS, loan.endsAt.getTime()) / 1000);
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    return {
      url: `${base}/circulation/e-loans/${loan.id}/content?exp=${exp}&sig=${this.sign(loan.id, exp)}`,
      expiresAt: new Date(exp * 1000),
    };
  }

  private sign(eLoanId: string, exp: number): string {
    return createHmac('sha256', this.config.jwtSecret)
      .update(`circulation-e-loan:${eLoanId}:${exp}`)
      .digest('base64url');
  }

  /** Open the file behind a signed link: the signature, its expiry and the e-loan must all still hold. */
  async open(eLoanId: string, exp: number, sig: string): Promise<Download> {
    const expected = Buffer.from(this.sign(eLoanId, exp));
    const given = Buffer.from(sig);
    const now = this.clock.now();
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || exp * 1000 <= now.getTime())
      throw CirculationErrors.linkInvalid();
    const loan = await this.repo.loan(eLoanId);
    if (!loan || loan.returnedAt || loan.endsAt <= now) throw CirculationErrors.linkInvalid();
    return this.resources.download(
      { accountId: loan.accountId, patronId: loan.patronId, staff: [], adminUnitIds: [], systemAdmin: false },
      loan.resourceId,
    );
  }

  /**
   * Which licences' institutions a staff view covers: those the caller works at (any role; all for a system
   * administrator), narrowed to `institutionId` (else 404) and, for `resourceId`, only if the resource belongs to or
   * is licensed by one of them (else 404). One of the two is required.
   */
  private async staffScope(
    actor: Principal,
    q: { resourceId?: string; institutionId?: string },
  ): Promise<string[] | null> {
    if (!q.resourceId && !q.institutionId) throw CirculationErrors.eLendingFilterRequired();
    let scope: string[] | null = actor.systemAdmin ? null : staffInstitutions(actor);
    if (q.institutionId) {
      if (scope && !scope.includes(q.institutionId))
        throw CirculationErrors.institutionNotServed({ institutionId: q.institutionId });
      scope = [q.institutionId];
    }
    if (q.resourceId) {
      const res = await this.resource(q.resourceId);
      const inScope = (id: string) => !scope || scope.includes(id);
      if (
        !inScope(res.institutionId) &&
        !(await this.repo.licencesOf(q.resourceId)).some((l) => inScope(l.institutionId))
      )
        throw CirculationErrors.resourceNotFound();
    }
    return scope;
  }

  /** E-loans of a resource or on an institution's licences (staff of the licence's institution). Default: open ones. */
  async staffLoans(
    actor: Principal,
    q: { resourceId?: string; institutionId?: string; status?: ELoanStatusFilter },
    page: { limit: number; offset: number },
  ): Promise<Page<StaffELoanView>> {
    const institutionIds = await this.staffScope(actor, q);
    const { rows, total } = await this.repo.loansForStaff(
      { institutionIds, resourceId: q.resourceId, status: q.status ?? 'open' },
      page.limit,
      page.offset,
    );
    return {
      items: rows.map((l) => ({
        ...this.loanView(l),
        patronId: l.patronId,
        institutionId: l.institutionId,
        model: l.model,
      })),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** E-holds of a resource or on resources an institution licenses, in queue order. Default: waiting and offered. */
  async staffHolds(
    actor: Principal,
    q: { resourceId?: string; institutionId?: string; status?: EHoldStatusFilter },
    page: { limit: number; offset: number },
  ): Promise<Page<StaffEHoldRow>> {
    const institutionIds = await this.staffScope(actor, q);
    const { rows, total } = await this.repo.holdsForStaff(
      { institutionIds, resourceId: q.resourceId, status: q.status ?? 'active' },
      page.limit,
      page.offset,
    );
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  /** For catalogue's DIGITAL_LOAN_CHECKER port. */
  hasActiveELoan(accountId: string, resourceId: string): Promise<boolean> {
    return this.repo.hasOpenLoan(accountId, resourceId, this.clock.now());
  }
}
