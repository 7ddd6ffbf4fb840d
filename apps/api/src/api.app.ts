import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import {
  MetricsService,
  PlatformErrors,
  createLogger,
  createValidationPipe,
  correlationId,
  httpLogging,
  PinoNestLogger,
  type AppConfig,
} from '@suotdoi/platform';
import { MARC_MAX_BYTES } from '@suotdoi/catalogue';
import { ApiModule, HttpDrain } from './api.module.js';
import { bodyGuard } from './http/body-guard.js';
import { toErrorResponse } from './http/error-body.js';
import { QUEUE_DASHBOARD_PATH, mountQueueDashboard } from './http/queue-dashboard.js';
import { bridgeQueueDashboardCookie, mountWebPages } from './http/web-pages.js';

export interface ApiAppOptions {
  /** Also run job workers and the outbox relay in this process (tests, single-process demos). */
  worker?: boolean;
  /** Keep Nest's own console logger quiet (tests). */
  quiet?: boolean;
  /** Extra modules to mount (test-only controllers and benchmarks); their routes must declare @Access/@Public. */
  modules?: DynamicModule['imports'];
}

/** Build the fully configured HTTP application (not yet listening). Shared by main.ts, tests and benchmarks. */
/** Routes whose JSON bodies may be larger than BODY_LIMIT (up to BATCH_BODY_LIMIT). */
const BATCH_ROUTES = ['/usage/events/batch'];

/**
 * Routes taking a raw file as the body, read into a Buffer before the handlers, so that an Idempotency-Key covers
 * the bytes (the same key with another file answers 422) and the size limit is enforced while reading.
 */
const RAW_UPLOAD_ROUTES = [
  {
    path: '/catalogue/marc/imports',
    types: [
      'application/marc',
      'application/marc21',
      'application/marcxml+xml',
      'application/xml',
      'text/xml',
      'application/octet-stream',
    ],
    limit: MARC_MAX_BYTES,
  },
];

export async function createApiApp(config: AppConfig, opts: ApiAppOptions = {}): Promise<NestExpressApplication> {
  const logger = createLogger(config, 'suotdoi-api');
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(config, { worker: opts.worker, modules: opts.modules }),
    {
      bodyParser: false,
      logger: opts.quiet ? false : new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  app.use(httpLogging(logger));
  // Graceful shutdown: once closing starts, refuse new requests (load balancers retry elsewhere) while the server
  // waits for those in flight; the database and queues close only after the HTTP server has drained.
  const drain = app.get(HttpDrain);
  drain.attach(app.getHttpServer());
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!drain.draining) {
      drain.track(res);
      return next();
    }
    const e = PlatformErrors.unavailable();
    res.setHeader('Connection', 'close');
    res.status(503).json({
      code: e.code,
      message: e.message,
      messageVi: e.messageVi,
      details: { reason: 'shutting_down' },
      correlationId: correlationId(req, res),
    });
  });
  // Only configured proxies may say who the client is (X-Forwarded-For); by default nobody can, not even loopback.
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: false }));
  app.enableCors({
    origin: config.corsOrigins === '*' ? true : config.corsOrigins,
    credentials: true,
    exposedHeaders: ['X-Correlation-Id', 'Idempotent-Replayed'],
  });

  // With REDIS_URL the counts live in Redis, so the limit holds across every replica of the API; without it, per process.
  const limitRedis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
  if (limitRedis) {
    // Closed with the app (after the HTTP server has drained), not with the server: supertest and tests open and close
    // the server per request.
    const close = app.close.bind(app);
    app.close = async () => {
      await close();
      limitRedis.disconnect();
    };
  }
  app.use(
    rateLimit({
      store:
        limitRedis &&
        new RedisStore({
          prefix: `${config.QUEUE_PREFIX}:rate-limit:`,
          sendCommand: (command: string, ...args: string[]) => limitRedis.call(command, ...args) as never,
        }),
      // A Redis outage lets requests through (and is logged by the client) rather than failing every request.
      passOnStoreError: true,
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
      limit: config.RATE_LIMIT_MAX,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (req) => req.path === '/health' || req.path === '/health/ready' || req.path === '/metrics',
      handler: (req, res) => {
        const e = PlatformErrors.rateLimited();
        res.status(429).json({
          code: e.code,
          message: e.message,
          messageVi: e.messageVi,
          details: {},
          correlationId: correlationId(req, res),
        });
      },
    }),
  );

  const metrics = app.get(MetricsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });

  // Our own body parsing so that malformed, oversized or oddly encoded bodies get the standard error body.
  // Batch routes first: once a body is parsed, the general parser below leaves it alone.
  app.use(BATCH_ROUTES, express.json({ limit: config.BATCH_BODY_LIMIT, strict: true }));
  for (const r of RAW_UPLOAD_ROUTES) app.use(r.path, express.raw({ type: r.types, limit: r.limit }));
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  app.use(bodyGuard());
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const { status, body } = toErrorResponse(err, correlationId(req, res), { method: req.method, path: req.path });
    res.status(status).json(body);
  });

  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const docs = new DocumentBuilder()
    .setTitle('Suốt Đời API')
    .setDescription(
      'Thư viện, bảo tàng, trung tâm văn hóa phục vụ học tập suốt đời — Libraries, museums and cultural centres serving lifelong learning. ' +
        'Errors: `{ code, message, messageVi, details, correlationId }`. POSTs that create accept an `Idempotency-Key` header.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs), {
    jsonDocumentUrl: 'docs/openapi.json',
  });

  bridgeQueueDashboardCookie(app, QUEUE_DASHBOARD_PATH);
  await mountQueueDashboard(app);
  // The web pages (apps/web), same origin: page paths and /assets only, so API routes and their 404s are untouched.
  mountWebPages(app);

  // Unknown routes reach Nest's not-found handler, which the ErrorFilter turns into a JSON 404.
  await app.init();
  return app;
}

/** Express's `trust proxy` from TRUST_PROXY: a hop count, a comma-separated list, or false when unset. */
export function trustProxySetting(value: string | undefined): number | string | false {
  if (value === undefined) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
