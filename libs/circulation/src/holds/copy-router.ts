import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { vietnamDate } from '@suotdoi/platform';
import { PatronNotices } from '../notices/patron-notices.js';
import { PoliciesRepository } from '../policies/policies.repository.js';
import { COPY_DIRECTORY, type CopyDirectory, type CopyInfo } from '../ports/ports.js';
import { DueDates } from '../common/due-dates.js';
import { TransfersRepository } from '../transfers/transfers.repository.js';
import { HoldsRepository, type HoldRow } from './holds.repository.js';

/** Where a copy went after a check-in (or after a hold on it lapsed). */
export interface RouteOutcome {
  outcome: 'hold_shelf' | 'in_transit' | 'on_shelf';
  holdId: string | null;
  transferId: string | null;
  /** Destination of a transfer. */
  toInstitutionId: string | null;
  /** Pickup deadline (Vietnam date) when the copy went on the hold shelf. */
  pickupBy: string | null;
}

/**
 * Sends a copy that has just become free at an institution where it is needed: to the first eligible hold (the
 * hold shelf here, or in transit to the pickup institution), else to its base (home, or the rotation host it is on;
 * in transit), else back on the shelf.
 */
@Injectable()
export class CopyRouter {
  constructor(
    private readonly holds: HoldsRepository,
    private readonly transfers: TransfersRepository,
    private readonly policies: PoliciesRepository,
    private readonly dueDates: DueDates,
    private readonly notices: PatronNotices,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
  ) {}

  /** `holdsWaiting: false` (the caller has just read that no hold waits on the record) skips the queue. */
  async route(
    m: EntityManager,
    copy: CopyInfo,
    institutionId: string,
    now: Date,
    by: string | null,
    known: { holdsWaiting?: boolean } = {},
  ): Promise<RouteOutcome> {
    let hold: HoldRow | undefined;
    if (known.holdsWaiting !== false) {
      await this.holds.lockQueue(m, copy.recordId);
      hold = await this.holds.firstEligible(m, copy.recordId, copy.id, vietnamDate(now));
    }
    if (hold) {
      await this.holds.leaveQueue(m, hold);
      if (hold.pickupInstitutionId === institutionId) {
        const deadline = await this.deadline(m, hold, institutionId, now);
        await this.holds.trap(m, hold.id, { copyId: copy.id, status: 'ready', at: now, expiresAt: deadline.at });
        await this.shelve(m, hold, copy, institutionId, deadline.date);
        return {
          outcome: 'hold_shelf',
          holdId: hold.id,
          transferId: null,
          toInstitutionId: null,
          pickupBy: deadline.date,
        };
      }
      // The constraint wants a ready hold to have a deadline; an in-transit one has none yet.
      await this.holds.trap(m, hold.id, { copyId: copy.id, status: 'in_transit', at: now, expiresAt: null });
      const transferId = await this.transfers.insert(m, {
        copyId: copy.id,
        recordId: copy.recordId,
        from: institutionId,
        to: hold.pickupInstitutionId,
        reason: 'hold',
        holdId: hold.id,
        at: now,
        by,
      });
      await this.copies.changeStatus(copy.id, 'in_transit', m, this.moved(copy, institutionId));
      return {
        outcome: 'in_transit',
        holdId: hold.id,
        transferId,
        toInstitutionId: hold.pickupInstitutionId,
        pickupBy: null,
      };
    }
    // Back to the copy's base (its home, or the rotation host it is on now), never blindly home.
    if (copy.baseInstitutionId !== institutionId) {
      const transferId = await this.transfers.insert(m, {
        copyId: copy.id,
        recordId: copy.recordId,
        from: institutionId,
        to: copy.baseInstitutionId,
        reason: 'return_home',
        holdId: null,
        at: now,
        by,
      });
      await this.copies.changeStatus(copy.id, 'in_transit', m, this.moved(copy, institutionId));
      return {
        outcome: 'in_transit',
        holdId: null,
        transferId,
        toInstitutionId: copy.baseInstitutionId,
        pickupBy: null,
      };
    }
    await this.copies.changeStatus(copy.id, 'available', m, this.moved(copy, institutionId));
    return { outcome: 'on_shelf', holdId: null, transferId: null, toInstitutionId: null, pickupBy: null };
  }

  /** A trapped hold's copy reached its pickup institution: hold shelf, deadline, notice. Returns the deadline. */
  async arrived(m: EntityManager, hold: HoldRow, copy: CopyInfo, institutionId: string, now: Date): Promise<string> {
    const deadline = await this.deadline(m, hold, institutionId, now);
    await this.holds.markReady(m, hold.id, now, deadline.at);
    await this.shelve(m, hold, copy, institutionId, deadline.date);
    return deadline.date;
  }

  /** End of the last pickup day: the rule's pickup days, past closed days. */
  async deadline(
    m: EntityManager,
    hold: HoldRow,
    institutionId: string,
    now: Date,
  ): Promise<{ date: string; at: Date }> {
    const rule = await this.policies.find(hold.policyId, m);
    return this.dueDates.after(institutionId, now, rule?.pickupDays ?? 3, m);
  }

  /** The new location, only when the copy moved (resolving a location costs a query outside the transaction). */
  private moved(copy: CopyInfo, institutionId: string): string | undefined {
    return copy.locationInstitutionId === institutionId ? undefined : institutionId;
  }

  private async shelve(
    m: EntityManager,
    hold: HoldRow,
    copy: CopyInfo,
    institutionId: string,
    pickupBy: string,
  ): Promise<void> {
    await this.copies.changeStatus(copy.id, 'on_hold_shelf', m, this.moved(copy, institutionId));
    await this.notices.notify(m, `hold_ready:${hold.id}`, 'hold_ready', hold.patronId, {
      barcode: copy.barcode,
      pickupBy,
      holdId: hold.id,
    });
  }
}
