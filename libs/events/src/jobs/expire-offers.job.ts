import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { RegistrationsService } from '../registrations/registrations.service.js';

export type ExpireOffersPayload = { batch: number };
/** Seat offers past their claim window lapse; each freed seat goes to the next in line. */
export const ExpireOffersJob = defineJob<ExpireOffersPayload>(QUEUES.maintenance, 'events-expire-offers');

@Injectable()
@JobProcessor()
export class ExpireOffersHandler implements ScheduledJobHandler<ExpireOffersPayload> {
  readonly job = ExpireOffersJob;
  readonly schedule = { id: 'events-expire-offers', every: 5 * 60 * 1000, payload: { batch: 200 } };
  constructor(private readonly registrations: RegistrationsService) {}

  async handle(payload: ExpireOffersPayload): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const n = await this.registrations.expireOffers(payload.batch);
      expired += n;
      if (n < payload.batch) return { expired };
    }
  }
}
