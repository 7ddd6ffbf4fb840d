import { Injectable } from '@nestjs/common';
import { LoansService } from '@suotdoi/circulation';
import { Clock, DomainError, type Principal } from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { RotationErrors } from '../rotation.errors.js';
import { OfflineBatchesRepository, type BatchRow, type OpKind, type OpRow } from './offline-batches.repository.js';

export interface OfflineOpInput {
  clientOpId: string;
  kind: OpKind;
  cardNumber?: string;
  barcode: string;
  /** When it happened on the device (ISO instant). */
  at: string;
}

export interface BatchView extends BatchRow {
  /** True when this upload found the batch already sent (nothing was applied again). */
  replayed: boolean;
  ops: OpRow[];
  conflicts: number;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Offline circulation of a mobile library: a device's batch of checkouts, check-ins and renewals is claimed once
 * (a second upload of the same device and batch id, even at the same moment, answers what the first did) and applied
 * in order of when each happened, each through circulation's own desk service, so the rules, the patron's standing and
 * the one-open-loan-per-copy index hold as at the desk. A refusal (the copy already on loan, a blocked patron, an
 * unknown card) becomes a conflict kept for staff, never dropped and never a double loan.
 */
@Injectable()
export class OfflineBatchesService {
  constructor(
    private readonly repo: OfflineBatchesRepository,
    private readonly loans: LoansService,
    private readonly access: RotationAccess,
    private readonly clock: Clock,
  ) {}

  async upload(
    p: Principal,
    input: {
      institutionId: string;
      servicePointId?: string | null;
      deviceId: string;
      clientBatchId: string;
      ops: OfflineOpInput[];
    },
  ): Promise<BatchView> {
    if (!this.access.manages(p, input.institutionId))
      throw RotationErrors.institutionNotServed({ institutionId: input.institutionId });
    const ids = input.ops.map((o) => o.clientOpId);
    const dup = ids.filter((x, i) => ids.indexOf(x) !== i);
    if (dup.length) throw RotationErrors.duplicateOps({ list: [...new Set(dup)].join(', ') });
    const latest = this.clock.now().getTime() + FUTURE_TOLERANCE_MS;
    for (const o of input.ops)
      if (new Date(o.at).getTime() > latest) throw RotationErrors.futureOp({ id: o.clientOpId, at: o.at });
    // In the order they happened on the device (ties keep the device's order).
    const ordered = input.ops
      .map((o, i) => ({ o, i }))
      .sort((a, b) => Date.parse(a.o.at) - Date.parse(b.o.at) || a.i - b.i)
      .map((x) => x.o);
    const key = {
      institutionId: input.institutionId,
      servicePointId: input.servicePointId ?? null,
      deviceId: input.deviceId,
      clientBatchId: input.clientBatchId,
      by: p.accountId,
    };
    const id = await this.repo.claim(
      key,
      ordered.map((o) => ({
        clientOpId: o.clientOpId,
        kind: o.kind,
        cardNumber: o.cardNumber?.trim() || null,
        barcode: o.barcode.trim(),
        at: new Date(o.at),
      })),
    );
    if (!id) {
      const existing = (await this.repo.findByClient(input.institutionId, input.deviceId, input.clientBatchId))!;
      return this.view(existing, true);
    }
    for (const op of await this.repo.ops(id)) {
      try {
        if (op.kind === 'checkout') {
          const r = await this.loans.checkout(p, {
            cardNumber: op.cardNumber!,
            barcode: op.barcode,
            institutionId: input.institutionId,
          });
          await this.repo.record(id, op.seq, { outcome: 'applied', loanId: r.loan.id });
        } else if (op.kind === 'checkin') {
          const r = await this.loans.checkin(p, { barcode: op.barcode, institutionId: input.institutionId });
          await this.repo.record(id, op.seq, { outcome: 'applied', loanId: r.loan?.id ?? null });
        } else {
          const r = await this.loans.renewByBarcode(p, op.barcode);
          await this.repo.record(id, op.seq, { outcome: 'applied', loanId: r.loan.id });
        }
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        await this.repo.record(id, op.seq, {
          outcome: 'conflict',
          code: e.code,
          message: e.message,
          messageVi: e.messageVi,
        });
      }
    }
    await this.repo.applied(id);
    return this.view((await this.repo.find(id))!, false);
  }

  async get(p: Principal, id: string): Promise<BatchView> {
    const b = await this.repo.find(id);
    if (!b || !this.access.staffAt(p, b.institutionId)) throw RotationErrors.batchNotFound();
    return this.view(b, false);
  }

  /** Staff settle a conflict (what they did about it, e.g. "trả sách tại quầy, bạn đọc đã được báo"). */
  async resolve(p: Principal, id: string, seq: number, note: string): Promise<BatchView> {
    const b = await this.repo.find(id);
    if (!b || !this.access.staffAt(p, b.institutionId)) throw RotationErrors.batchNotFound();
    if (!this.access.manages(p, b.institutionId))
      throw RotationErrors.roleRequired({ side: 'the mobile library', sideVi: 'thư viện lưu động' });
    if (!(await this.repo.resolve(id, seq, p.accountId, note.normalize('NFC').trim())))
      throw RotationErrors.opNotConflict();
    return this.view(b, false);
  }

  private async view(b: BatchRow, replayed: boolean): Promise<BatchView> {
    const ops = await this.repo.ops(b.id);
    return { ...b, replayed, ops, conflicts: ops.filter((o) => o.outcome === 'conflict').length };
  }
}
