import type { Server as HttpServer, ServerResponse } from 'node:http';
import { Injectable, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CoreModule } from '@suotdoi/core';
import { HealthController, IdempotencyInterceptor, type AppConfig } from '@suotdoi/platform';
import { ErrorFilter } from './http/error.filter.js';
import { MetricsController } from './http/metrics.controller.js';

/**
 * Graceful HTTP shutdown. Set when shutdown begins (the first hook, before queues and the database close): new
 * requests get 503, requests in flight finish and are answered with `Connection: close`, and idle keep-alive
 * sockets are closed so the server's close() does not wait out the keep-alive timeout.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private server?: HttpServer;

  attach(server: HttpServer): void {
    this.server = server;
  }

  /** Track a request until its response is done. */
  track(res: ServerResponse): void {
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.draining) setImmediate(() => this.server?.closeIdleConnections());
    });
  }

  onModuleDestroy(): void {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    this.server?.closeIdleConnections();
  }
}

/** The HTTP shell: routing, guards, the error filter. No business rules live here. */
@Module({})
export class ApiModule {
  /** `modules`: extra modules mounted beside the domain ones (test-only controllers, benchmarks). */
  static forRoot(
    config: AppConfig,
    opts: { worker?: boolean; modules?: DynamicModule['imports'] } = {},
  ): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, { worker: opts.worker ?? false, name: 'suotdoi-api' }),
        ...(opts.modules ?? []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        HttpDrain,
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
