import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { ELendingService } from '../elending/elending.service.js';

export type ExpireELoansPayload = { batch: number };
/** Close e-loans past their end and pass lapsed e-hold offers on; each freed seat goes to the next e-hold. */
export const ExpireELoansJob = defineJob<ExpireELoansPayload>(QUEUES.circulation, 'expire-e-loans');

@Injectable()
@JobProcessor()
export class ExpireELoansHandler implements ScheduledJobHandler<ExpireELoansPayload> {
  readonly job = ExpireELoansJob;
  readonly schedule = { id: 'circulation-expire-e-loans', every: 5 * 60 * 1000, payload: { batch: 200 } };
  constructor(private readonly elending: ELendingService) {}

  async handle(payload: ExpireELoansPayload): Promise<{ loans: number; offers: number }> {
    const total = { loans: 0, offers: 0 };
    for (;;) {
      const r = await this.elending.expire(payload.batch);
      total.loans += r.loans;
      total.offers += r.offers;
      if (r.loans < payload.batch && r.offers < payload.batch) return total;
    }
  }
}
