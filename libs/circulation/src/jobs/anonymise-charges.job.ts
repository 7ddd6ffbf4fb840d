import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { ChargesService } from '../charges/charges.service.js';

export type AnonymiseChargesPayload = { batch: number };
/** Settled charges past the accounting retention period stop naming their patron (unless the patron keeps a history). */
export const AnonymiseChargesJob = defineJob<AnonymiseChargesPayload>(QUEUES.circulation, 'anonymise-charges');

@Injectable()
@JobProcessor()
export class AnonymiseChargesHandler implements ScheduledJobHandler<AnonymiseChargesPayload> {
  readonly job = AnonymiseChargesJob;
  readonly schedule = { id: 'circulation-anonymise-charges', every: 24 * 60 * 60 * 1000, payload: { batch: 1000 } };
  constructor(private readonly charges: ChargesService) {}

  async handle(payload: AnonymiseChargesPayload): Promise<{ anonymised: number }> {
    let anonymised = 0;
    for (;;) {
      const n = await this.charges.anonymiseExpired(payload.batch);
      anonymised += n;
      if (n < payload.batch) return { anonymised };
    }
  }
}
