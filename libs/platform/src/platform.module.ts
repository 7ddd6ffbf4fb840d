import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ChangeSignals } from './database/change-signals.js';
import { buildDataSourceOptions } from './database/data-source.js';
import { QueueModule } from './queue/queue.module.js';
import { MailModule } from './mail/mail.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { OutboxService } from './outbox/outbox.service.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { PurgeOutboxHandler } from './outbox/purge-outbox.job.js';
import { IdempotencyService } from './idempotency/idempotency.service.js';
import { PurgeIdempotencyKeysHandler } from './idempotency/purge-idempotency-keys.job.js';
import { MetricsService } from './observability/metrics.service.js';
import { Clock } from './clock/clock.js';
import { SeedRunner } from './seed/seeder.js';
import { GeneratorRegistry, VocabularySampleGenerator } from './generate/generator.js';

export interface PlatformOptions {
  config: AppConfig;
  /** Every module's migrations (the composition root collects them). */
  migrations: (new () => unknown)[];
  /** Consume jobs and relay the outbox (the worker app). */
  worker: boolean;
  /** Process name in logs and in pg_stat_activity. */
  name: string;
}

/** Config, database, queues, outbox, idempotency, mail, metrics, logging, clock: what every app process needs. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    const workerProviders: Provider[] = opts.worker
      ? [OutboxRelay, PurgeOutboxHandler, PurgeIdempotencyKeysHandler]
      : [];
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(opts.config),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(opts.config, { migrations: opts.migrations, applicationName: opts.name }),
          autoLoadEntities: true,
        }),
        QueueModule.forRoot({ worker: opts.worker }),
        DiscoveryModule,
        MailModule,
        TasksModule,
      ],
      providers: [
        OutboxService,
        ChangeSignals,
        IdempotencyService,
        MetricsService,
        Clock,
        SeedRunner,
        GeneratorRegistry,
        VocabularySampleGenerator,
        ...workerProviders,
      ],
      exports: [
        OutboxService,
        ChangeSignals,
        IdempotencyService,
        MetricsService,
        Clock,
        SeedRunner,
        GeneratorRegistry,
        ...(opts.worker ? [OutboxRelay] : []),
      ],
    };
  }
}
