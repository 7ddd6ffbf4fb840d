import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Worker, type Job } from 'bullmq';
import { JOB_HANDLER, type JobHandler } from './job.js';
import { QUEUE_BACKEND, QueueService, type ScheduleOptions } from './queue.service.js';
import type { QueueBackend } from './queue-backend.js';
import type { QueueName } from './queue-names.js';

/** A handler may declare that its job repeats; the worker upserts the scheduler at boot. */
export interface ScheduledJobHandler<P> extends JobHandler<P> {
  readonly schedule?: ScheduleOptions & { id: string; payload: P };
}

/**
 * Consumer side: discovers every @JobProcessor() provider, runs one BullMQ Worker per queue that has handlers,
 * and upserts declared schedules. Closing waits for the job in hand to finish (graceful shutdown).
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];
  private readonly log = new Logger('WorkerHost');
  readonly handlers = new Map<string, JobHandler<unknown>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queues: QueueService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const byQueue = new Map<QueueName, Map<string, JobHandler<unknown>>>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as ScheduledJobHandler<unknown> | undefined;
      if (!instance || !wrapper.metatype || !Reflect.getMetadata(JOB_HANDLER, wrapper.metatype)) continue;
      const { queue, name } = instance.job;
      const key = `${queue}:${name}`;
      if (this.handlers.has(key)) throw new Error(`two handlers for job ${key}`);
      this.handlers.set(key, instance);
      if (!byQueue.has(queue)) byQueue.set(queue, new Map());
      byQueue.get(queue)!.set(name, instance);
      if (instance.schedule) {
        const { id, payload, ...when } = instance.schedule;
        await this.queues.schedule(id, instance.job, payload, when);
      }
    }
    for (const [queue, handlers] of byQueue) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = handlers.get(job.name);
          if (!handler) throw new Error(`no handler for job ${queue}:${job.name}`);
          return handler.handle(job.data, {
            id: job.id ?? '',
            attempt: job.attemptsMade + 1,
            progress: (v) => job.updateProgress(v),
          });
        },
        { ...this.backend.queueOptions(), concurrency: 4 } as never,
        this.backend.factory as never,
      );
      worker.on('failed', (job, err) =>
        this.log.warn(`job ${queue}:${job?.name} #${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
      );
      worker.on('error', (err) => this.log.error(`worker ${queue}: ${err.message}`));
      this.workers.push(worker);
    }
    this.log.log(`processing ${this.handlers.size} job types on ${this.workers.length} queues (${this.backend.kind})`);
  }

  /** Runs before queues and connections close: lets the job in hand finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
