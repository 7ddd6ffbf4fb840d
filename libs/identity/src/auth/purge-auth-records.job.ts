import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { TokensRepository } from './tokens.repository.js';

export type PurgeAuthRecordsPayload = { keepDays: number };
/** Nightly: delete old sign-in attempts, spent or expired single-use tokens and dead refresh tokens (data minimisation). */
export const PurgeAuthRecordsJob = defineJob<PurgeAuthRecordsPayload>(
  QUEUES.maintenance,
  'identity-purge-auth-records',
);

@Injectable()
@JobProcessor()
export class PurgeAuthRecordsHandler implements ScheduledJobHandler<PurgeAuthRecordsPayload> {
  readonly job = PurgeAuthRecordsJob;
  readonly schedule = { id: 'identity-purge-auth-records', pattern: '20 3 * * *', payload: { keepDays: 30 } };
  constructor(private readonly tokens: TokensRepository) {}

  handle(payload: PurgeAuthRecordsPayload): Promise<{ attempts: number; oneTime: number; refresh: number }> {
    return this.tokens.purge(payload.keepDays);
  }
}
