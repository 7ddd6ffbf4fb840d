import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { Clock, guardNestedConnections, loadConfig, type AppConfig, type EnvKey } from '@suotdoi/platform';
import { createApiApp } from '../../apps/api/src/api.app.js';
import { TestClock } from './clock.js';
import { conformance, conformanceRun, openApiDocument, recordResponses, report } from './conformance.js';
import { createTestDatabase, dropRedisPrefix, testRedisUrl, type TestDatabase } from './database.js';

export type QueueBackendKind = 'postgres' | 'redis';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof supertest>;
  /** The app's clock (API and workers alike): advance it to travel in time. */
  clock: TestClock;
  /** Closes the app; drops the database unless it was passed in (shared between apps). */
  close(): Promise<void>;
}

export interface TestAppOptions {
  queue?: QueueBackendKind;
  worker?: boolean;
  env?: Partial<Record<EnvKey, string>>;
  /** Test-only modules (controllers must declare @Access(...) or @Public(): the global guard refuses the rest). */
  modules?: DynamicModule['imports'];
  /** Reuse this database (e.g. two relays or two workers on one store); the caller drops it. */
  db?: TestDatabase;
}

/** The configuration a test app runs with (also used by tests that build platform pieces by hand). */
export function testConfig(db: TestDatabase, opts: Pick<TestAppOptions, 'queue' | 'env'> = {}): AppConfig {
  const redis = opts.queue === 'redis' ? testRedisUrl() : undefined;
  if (opts.queue === 'redis' && !redis) throw new Error('no Redis available for this test');
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '20',
    OUTBOX_POLL_MS: '50',
    RATE_LIMIT_MAX: '100000',
    QUEUE_PREFIX: `t_${db.name.slice(-8)}`,
    STORAGE_DIR: `.data/test-storage/${db.name}`,
    ...(redis ? { REDIS_URL: redis } : {}),
    ...opts.env,
  });
}

/**
 * Boot the real API (and, with `worker`, the job workers and outbox relay) against a fresh database.
 * `queue: 'redis'` needs testRedisUrl(); each database gets its own Redis key prefix.
 */
export async function bootTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase());
  const config = testConfig(db, opts);
  const app = await createApiApp(config, { worker: opts.worker ?? false, quiet: true, modules: opts.modules });
  // Every test app: a transaction that asks the pool for a second connection fails at once (see connection-guard.ts).
  guardNestedConnections(app.get(DataSource));
  // The platform's one Clock instance serves every module of this app, the workers included: it reads the test clock.
  const clock = new TestClock();
  app.get(Clock).now = () => clock.now();
  // Under the test command, every response is checked against the OpenAPI document when the app closes (conformance.ts).
  const sent = conformanceRun() ? recordResponses(app.getHttpServer()) : [];
  return {
    app,
    config,
    db,
    clock,
    http: () => supertest(app.getHttpServer()),
    async close() {
      const doc = sent.length ? await openApiDocument(app.getHttpServer()) : undefined;
      await app.close();
      if (doc) {
        let checked;
        try {
          checked = conformance(doc, sent);
        } catch (e) {
          checked = { operations: [], seen: [], violations: [`the conformance check failed: ${(e as Error).message}`] };
        }
        report(checked);
      }
      if (!opts.db) {
        await db.drop();
        if (config.REDIS_URL) await dropRedisPrefix(config.QUEUE_PREFIX);
      }
    },
  };
}

/** The queue backends this run can exercise: postgres always, redis when it answers. */
export function queueBackends(): QueueBackendKind[] {
  return testRedisUrl() ? ['postgres', 'redis'] : ['postgres'];
}

/** Poll `probe` until it returns a truthy value or `ms` pass. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  ms = 15_000,
  every = 50,
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
