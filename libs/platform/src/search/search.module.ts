import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AppConfig, ConfigError } from '../config/app-config.js';
import { READINESS_CHECKS, type ReadinessCheck } from '../health/health.controller.js';
import { MetricsService } from '../observability/metrics.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { MeilisearchSearchIndex } from './meilisearch-search.adapter.js';
import { PostgresSearchIndex, type PostgresSearchTables } from './postgres-search.adapter.js';
import { SEARCH_INDEX, type SearchIndex } from './search.types.js';

export interface SearchModuleOptions {
  /** Tables of the PostgreSQL adapter (created by the owning module's migration). */
  postgres: PostgresSearchTables;
  /** Meilisearch index uid (the QUEUE_PREFIX is prepended so test runs and deployments do not collide). */
  meiliIndex: string;
  /** Outbox topics whose lag is the index lag (reported as search_index_lag_seconds). */
  topics: string[];
}

/**
 * The one place the search backend is chosen: Meilisearch when MEILI_URL is set (the start command sets it to its
 * embedded server) unless SEARCH_ENGINE=postgres, else PostgreSQL. SEARCH_ENGINE=meilisearch without a URL is refused.
 */
export function createSearchIndex(config: AppConfig, dataSource: DataSource, opts: SearchModuleOptions): SearchIndex {
  if (config.SEARCH_ENGINE === 'meilisearch' && !config.MEILI_URL) {
    throw new ConfigError([
      {
        variable: 'MEILI_URL',
        problem: 'is required when SEARCH_ENGINE=meilisearch (the start command sets it when it embeds Meilisearch)',
      },
    ]);
  }
  if (config.searchBackend === 'meilisearch') {
    const log = new Logger('Search');
    return new MeilisearchSearchIndex({
      url: config.MEILI_URL!,
      apiKey: config.MEILI_API_KEY,
      indexUid: `${config.QUEUE_PREFIX}_${opts.meiliIndex}`,
      log: (m) => log.warn(m),
    });
  }
  return new PostgresSearchIndex(dataSource, opts.postgres);
}

/**
 * Applies the index settings at start, awaited: nothing is indexed or searched before the index has them. When the
 * engine does not answer yet, the process still starts (readiness says search is down, searches answer 503, the
 * outbox keeps the changes) and the settings are applied again every few seconds until they are.
 */
@Injectable()
export class SearchIndexBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Search');
  private retry?: NodeJS.Timeout;
  constructor(@Inject(SEARCH_INDEX) private readonly index: SearchIndex) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.index.ensureReady();
    } catch (e) {
      this.log.error(
        `search index settings not applied (${this.index.kind}): ${(e as Error).message}; retrying every 5 s`,
      );
      this.retry = setInterval(() => {
        this.index.ensureReady().then(
          () => {
            clearInterval(this.retry);
            this.log.log(`search index settings applied (${this.index.kind})`);
          },
          () => undefined,
        );
      }, 5000);
      this.retry.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.retry);
  }
}

export const SEARCH_OPTIONS = Symbol('suotdoi:search-options');

/** Publishes the index lag (age of the oldest undelivered search outbox row; 0 when none) and the backend in use. */
@Injectable()
export class SearchMetrics {
  readonly gauge: Gauge;
  constructor(
    metrics: MetricsService,
    outbox: OutboxService,
    @Inject(SEARCH_INDEX) index: SearchIndex,
    @Inject(SEARCH_OPTIONS) opts: SearchModuleOptions,
  ) {
    const existing = metrics.registry.getSingleMetric('search_index_lag_seconds');
    if (existing) metrics.registry.removeSingleMetric('search_index_lag_seconds');
    this.gauge = new Gauge({
      name: 'search_index_lag_seconds',
      help: 'Age of the oldest search-index change not yet applied to the search backend (0 when up to date)',
      labelNames: ['topic', 'backend'] as const,
      registers: [metrics.registry],
      async collect() {
        const stats = await outbox.stats().catch(() => []);
        for (const topic of opts.topics)
          this.set({ topic, backend: index.kind }, stats.find((s) => s.topic === topic)?.lagSeconds ?? 0);
      },
    });
  }
}

/**
 * Provides SEARCH_INDEX (the port) and the search readiness check. Imported once, by the module that owns the documents
 * (catalogue), and not global: only that module searches; the health probe finds the readiness check by its token.
 */
@Module({})
export class SearchModule {
  static forRoot(opts: SearchModuleOptions): DynamicModule {
    return {
      module: SearchModule,
      providers: [
        { provide: SEARCH_OPTIONS, useValue: opts },
        {
          provide: SEARCH_INDEX,
          inject: [AppConfig, getDataSourceToken()],
          useFactory: (config: AppConfig, ds: DataSource) => createSearchIndex(config, ds, opts),
        },
        {
          provide: READINESS_CHECKS,
          inject: [SEARCH_INDEX, OutboxService],
          useFactory: (index: SearchIndex, outbox: OutboxService): ReadinessCheck[] => [
            {
              name: 'search',
              backend: index.kind,
              check: async () => {
                await index.ping();
                const stats = (await outbox.stats()).filter((s) => opts.topics.includes(s.topic));
                return {
                  lagSeconds: Math.round(Math.max(0, ...stats.map((s) => s.lagSeconds)) * 10) / 10,
                  pendingChanges: stats.reduce((n, s) => n + s.pending, 0),
                };
              },
            },
          ],
        },
        SearchMetrics,
        SearchIndexBootstrap,
      ],
      exports: [SEARCH_INDEX, READINESS_CHECKS],
    };
  }
}
