import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { defineJob, JobProcessor } from '../queue/job.js';
import { QUEUES } from '../queue/queue-names.js';
import type { ScheduledJobHandler } from '../queue/worker-host.js';

export type PurgeOutboxPayload = { keepDays: number };
export const PurgeOutboxJob = defineJob<PurgeOutboxPayload>(QUEUES.maintenance, 'purge-outbox');

/** Deletes delivered outbox rows older than `keepDays`, nightly. Failed rows are kept for inspection. */
@Injectable()
@JobProcessor()
export class PurgeOutboxHandler implements ScheduledJobHandler<PurgeOutboxPayload> {
  readonly job = PurgeOutboxJob;
  readonly schedule = { id: 'purge-outbox', pattern: '40 2 * * *', payload: { keepDays: 7 } };
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async handle(payload: PurgeOutboxPayload): Promise<{ deleted: number }> {
    const res: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM platform.outbox WHERE processed_at < now() - make_interval(days => $1)`,
      [payload.keepDays],
    );
    return { deleted: res[1] };
  }
}
