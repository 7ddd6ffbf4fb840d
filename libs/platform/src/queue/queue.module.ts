import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { createQueueBackend } from './queue-backend.js';
import { QUEUE_BACKEND, QueueService } from './queue.service.js';
import { WorkerHost } from './worker-host.js';

/** Queues on Redis or PostgreSQL. `worker: true` also consumes jobs (the worker app and tests). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(opts: { worker: boolean }): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: QUEUE_BACKEND,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => createQueueBackend(config),
        },
        QueueService,
        ...(opts.worker ? [WorkerHost] : []),
      ],
      exports: [QueueService, QUEUE_BACKEND],
    };
  }
}
