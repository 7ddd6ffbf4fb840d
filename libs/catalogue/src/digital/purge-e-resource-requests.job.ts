import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { EResourceRequests } from './e-resource-requests.js';

export type PurgeEResourceRequestsPayload = Record<string, never>;
export const PurgeEResourceRequestsJob = defineJob<PurgeEResourceRequestsPayload>(
  QUEUES.maintenance,
  'purge-e-resource-requests',
);

/** Drops the double-click memory of e-resource requests older than an hour, every hour. */
@Injectable()
@JobProcessor()
export class PurgeEResourceRequestsHandler implements ScheduledJobHandler<PurgeEResourceRequestsPayload> {
  readonly job = PurgeEResourceRequestsJob;
  readonly schedule = { id: 'purge-e-resource-requests', pattern: '41 * * * *', payload: {} };
  constructor(private readonly requests: EResourceRequests) {}
  async handle(): Promise<{ deleted: number }> {
    return { deleted: await this.requests.purge() };
  }
}
