import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, type JobDefinition } from './job.js';
import { QUEUES, type QueueName } from './queue-names.js';
import type { QueueBackend } from './queue-backend.js';

export const QUEUE_BACKEND = Symbol('suotdoi:queue-backend');

export interface ScheduleOptions {
  /** Cron pattern, evaluated in Asia/Ho_Chi_Minh. */
  pattern?: string;
  /** Or a fixed interval in milliseconds. */
  every?: number;
}

/** Producer side of the queues: typed enqueue and job schedulers. */
@Injectable()
export class QueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly log = new Logger('QueueService');

  constructor(@Inject(QUEUE_BACKEND) readonly backend: QueueBackend) {}

  /** Fail at boot, not at the first enqueue, when the queue store is unreachable (also creates the PostgreSQL schema). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue(QUEUES.maintenance).waitUntilReady();
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(
        name,
        { ...this.backend.queueOptions(), defaultJobOptions: DEFAULT_JOB_OPTIONS } as never,
        this.backend.factory as never,
      );
      q.on('error', (err) => this.log.error(`queue ${name}: ${err.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  allQueues(): Queue[] {
    return Object.values(QUEUES).map((n) => this.queue(n));
  }

  /** Enqueue a job. Pass `jobId` to deduplicate: a second add with the same id is a no-op. */
  async enqueue<P>(job: JobDefinition<P>, payload: P, opts: JobsOptions = {}): Promise<string | undefined> {
    const added = await this.queue(job.queue).add(job.name, payload as never, { ...job.options, ...opts });
    return added.id;
  }

  /** Create or update a repeating job (idempotent by schedulerId). */
  async schedule<P>(schedulerId: string, job: JobDefinition<P>, payload: P, when: ScheduleOptions): Promise<void> {
    const repeat = when.pattern ? { pattern: when.pattern, tz: 'Asia/Ho_Chi_Minh' } : { every: when.every! };
    await this.queue(job.queue).upsertJobScheduler(schedulerId, repeat, {
      name: job.name,
      data: payload as never,
      opts: job.options as never,
    });
  }

  async depths(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const q of this.allQueues())
      out[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
    return out;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
    await this.backend.close();
  }
}
