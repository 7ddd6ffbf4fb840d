import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { HoldsService } from '../holds/holds.service.js';

export type ExpireHoldsPayload = { batch: number };
/** Expire ready holds past their pickup deadline; each copy passes to the next patron in the queue. */
export const ExpireHoldsJob = defineJob<ExpireHoldsPayload>(QUEUES.circulation, 'expire-holds');

@Injectable()
@JobProcessor()
export class ExpireHoldsHandler implements ScheduledJobHandler<ExpireHoldsPayload> {
  readonly job = ExpireHoldsJob;
  readonly schedule = { id: 'circulation-expire-holds', every: 10 * 60 * 1000, payload: { batch: 200 } };
  constructor(private readonly holds: HoldsService) {}

  async handle(payload: ExpireHoldsPayload): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const n = await this.holds.expireOverdueHolds(payload.batch);
      expired += n;
      if (n < payload.batch) return { expired };
    }
  }
}
