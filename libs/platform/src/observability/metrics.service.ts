import { Inject, Injectable, Optional } from '@nestjs/common';
import { Registry, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';
import { QueueService } from '../queue/queue.service.js';
import { OutboxService } from '../outbox/outbox.service.js';

export const EXTRA_METRICS = Symbol('suotdoi:extra-metrics');

/** One Prometheus registry per process: HTTP latency, queue depths, outbox lag, plus Node defaults. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    private readonly queues: QueueService,
    private readonly outbox: OutboxService,
    @Optional() @Inject(EXTRA_METRICS) extra?: ((registry: Registry) => void)[],
  ) {
    collectDefaultMetrics({ register: this.registry });
    const queueService = this.queues;
    const outboxService = this.outbox;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const depths = await queueService.depths().catch(() => ({}) as Record<string, Record<string, number>>);
        for (const [queue, counts] of Object.entries(depths))
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      },
    });
    const outboxStats = () => outboxService.stats().catch(() => []);
    new Gauge({
      name: 'outbox_pending',
      help: 'Undelivered outbox rows per topic',
      labelNames: ['topic'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const s of await outboxStats()) this.set({ topic: s.topic }, s.pending);
      },
    });
    new Gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest undelivered outbox row per topic (search index lag for search.* topics)',
      labelNames: ['topic'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const s of await outboxStats()) this.set({ topic: s.topic }, s.lagSeconds);
      },
    });
    for (const add of extra ?? []) add(this.registry);
  }
}
