import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor } from '../queue/job.js';
import { QUEUES } from '../queue/queue-names.js';
import type { ScheduledJobHandler } from '../queue/worker-host.js';
import { IdempotencyService } from './idempotency.service.js';

export type PurgeIdempotencyKeysPayload = Record<string, never>;
export const PurgeIdempotencyKeysJob = defineJob<PurgeIdempotencyKeysPayload>(
  QUEUES.maintenance,
  'purge-idempotency-keys',
);

/** Deletes Idempotency-Key records past their expiry (24 h by default), every hour. */
@Injectable()
@JobProcessor()
export class PurgeIdempotencyKeysHandler implements ScheduledJobHandler<PurgeIdempotencyKeysPayload> {
  readonly job = PurgeIdempotencyKeysJob;
  readonly schedule = { id: 'purge-idempotency-keys', pattern: '17 * * * *', payload: {} };
  constructor(private readonly idempotency: IdempotencyService) {}
  async handle(): Promise<{ deleted: number }> {
    return { deleted: await this.idempotency.purgeExpired() };
  }
}
