import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, staffInstitutions, type Principal } from '@suotdoi/platform';
import { CirculationErrors } from '../circulation.errors.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import { COPY_DIRECTORY, type CopyDirectory } from '../ports/ports.js';
import { TransfersRepository, type TransferRow, type TransferStatus } from './transfers.repository.js';

const STATUS_VI: Record<TransferStatus, string> = {
  in_transit: 'đang chuyển',
  received: 'đã nhận',
  cancelled: 'đã hủy',
  lost: 'bị mất',
};
const ROLE_VI = { circulation: 'lưu thông', manager: 'quản lý' } as const;

/**
 * Transfers between institutions (for holds and returns away from home): listed for the staff who pack and unpack
 * them, received by checking the copy in at the destination, cancelled by the sender, or declared lost in transit.
 * Each of these locks the transfer row first and acts only on a transfer still in transit, so of two racing
 * closings one happens and the other gets circulation/transfer_not_in_transit (409); the database allows one open
 * transfer per copy (transfers_one_open_per_copy_uq). Lock order, as in check-in: transfer, then the record's hold
 * queue, then the hold.
 */
@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: TransfersRepository,
    private readonly holds: HoldsRepository,
    private readonly clock: Clock,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
  ) {}

  /** Open transfers arriving at or leaving one institution the caller works at (else 404). */
  async list(
    actor: Principal,
    institutionId: string,
    direction: 'incoming' | 'outgoing',
    page: { limit: number; offset: number },
  ): Promise<{ items: TransferRow[]; total: number; limit: number; offset: number }> {
    if (!actor.systemAdmin && !staffInstitutions(actor).includes(institutionId))
      throw CirculationErrors.institutionNotServed({ institutionId });
    const { rows, total } = await this.repo.list([institutionId], direction, page.limit, page.offset);
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  /** Staff at either end see a transfer; others get 404. */
  async get(actor: Principal, id: string): Promise<TransferRow> {
    const t = await this.repo.find(id);
    if (!t || !this.seen(actor, t)) throw CirculationErrors.transferNotFound();
    return t;
  }

  private seen(actor: Principal, t: TransferRow): boolean {
    const mine = staffInstitutions(actor);
    return actor.systemAdmin || mine.includes(t.fromInstitutionId) || mine.includes(t.toInstitutionId);
  }

  /**
   * The sender calls a transfer off (the copy never left, or was recalled): the copy goes back on the shelf where it
   * is, and a hold it was travelling for waits again at the head of its queue. Circulation staff of the sending
   * institution only (staff at the other end: 403 circulation/role_required; others 404).
   */
  async cancel(actor: Principal, id: string, note?: string | null): Promise<TransferRow> {
    const t = await this.repo.find(id);
    if (!t || !this.seen(actor, t)) throw CirculationErrors.transferNotFound();
    if (!actor.systemAdmin && !staffInstitutions(actor, 'circulation').includes(t.fromInstitutionId)) {
      throw CirculationErrors.roleRequired({
        role: 'circulation',
        roleVi: ROLE_VI.circulation,
        institutionId: t.fromInstitutionId,
      });
    }
    const copy = await this.copies.find(t.copyId);
    return this.close(id, 'cancelled', actor.accountId, note?.normalize('NFC').trim() || null, async (m, open) => {
      // Back on the shelf of the institution that was sending it (where the transfer found it).
      await this.copies.changeStatus(
        open.copyId,
        'available',
        m,
        copy && copy.locationInstitutionId !== open.fromInstitutionId ? open.fromInstitutionId : undefined,
      );
    });
  }

  /**
   * A manager at either end declares the copy lost in transit, saying what happened: the copy becomes `lost`, and a
   * hold it was travelling for goes back to the head of its queue. Found again, the copy is simply checked in.
   */
  async markLost(actor: Principal, id: string, note: string): Promise<TransferRow> {
    const why = note.normalize('NFC').trim();
    if (why.length < 3) throw CirculationErrors.lostReasonRequired();
    const t = await this.repo.find(id);
    if (!t || !this.seen(actor, t)) throw CirculationErrors.transferNotFound();
    const managerAt = staffInstitutions(actor, 'manager');
    if (!actor.systemAdmin && !managerAt.includes(t.fromInstitutionId) && !managerAt.includes(t.toInstitutionId)) {
      throw CirculationErrors.roleRequired({
        role: 'manager',
        roleVi: ROLE_VI.manager,
        institutionId: t.fromInstitutionId,
      });
    }
    return this.close(id, 'lost', actor.accountId, why, async (m, open) => {
      await this.copies.changeStatus(open.copyId, 'lost', m);
    });
  }

  private async close(
    id: string,
    status: 'cancelled' | 'lost',
    by: string,
    note: string | null,
    copyGoes: (m: EntityManager, t: TransferRow) => Promise<void>,
  ): Promise<TransferRow> {
    return this.ds.transaction(async (m) => {
      const t = await this.repo.lock(m, id);
      if (!t) throw CirculationErrors.transferNotFound();
      if (t.status !== 'in_transit')
        throw CirculationErrors.transferNotInTransit({ status: t.status, statusVi: STATUS_VI[t.status] });
      const now = this.clock.now();
      await this.repo.close(m, id, status, now, by, note);
      if (t.holdId) {
        await this.holds.lockQueue(m, t.recordId);
        const hold = await this.holds.find(t.holdId, m, true);
        // Only while the hold still counts on this copy (a hold cancelled meanwhile has let it go).
        if (hold && hold.status === 'in_transit' && hold.trappedCopyId === t.copyId)
          await this.holds.requeueFirst(m, hold.id, t.recordId);
      }
      await copyGoes(m, t);
      return (await this.repo.find(id, m))!;
    });
  }
}
