import { Injectable, Logger } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { RollupService, type RollupResult } from './rollup.service.js';

export type RollupUsagePayload = { full?: boolean };
/** Drain the dirty-day queue into rollups (every minute); `full` recomputes everything from the events. */
export const RollupUsageJob = defineJob<RollupUsagePayload>(QUEUES.usage, 'rollup');

@Injectable()
@JobProcessor()
export class RollupUsageHandler implements ScheduledJobHandler<RollupUsagePayload> {
  readonly job = RollupUsageJob;
  readonly schedule = { id: 'usage-rollup', every: 60_000, payload: {} };
  constructor(private readonly rollup: RollupService) {}
  handle(payload: RollupUsagePayload): Promise<RollupResult> {
    return payload.full ? this.rollup.recomputeAll() : this.rollup.run();
  }
}

export type ReconcileUsagePayload = { years?: number[] };
/** Nightly: compare year rollups with a recount of the events; mismatches are logged and returned. */
export const ReconcileUsageJob = defineJob<ReconcileUsagePayload>(QUEUES.usage, 'reconcile');

@Injectable()
@JobProcessor()
export class ReconcileUsageHandler implements ScheduledJobHandler<ReconcileUsagePayload> {
  private readonly log = new Logger('UsageReconcile');
  readonly job = ReconcileUsageJob;
  readonly schedule = { id: 'usage-reconcile', pattern: '20 3 * * *', payload: {} };
  constructor(private readonly rollup: RollupService) {}
  async handle(payload: ReconcileUsagePayload): Promise<{ pendingDays: number; mismatches: number }> {
    const r = await this.rollup.reconcile(payload.years);
    if (r.mismatches.length && r.pendingDays === 0)
      this.log.error(`usage reconciliation: ${r.mismatches.length} mismatches`);
    return { pendingDays: r.pendingDays, mismatches: r.mismatches.length };
  }
}
