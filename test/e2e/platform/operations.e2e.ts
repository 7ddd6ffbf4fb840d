import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, queueBackends, eventually, type TestApp } from '../../support/app.js';
import { slowRequests, TestThingsModule } from '../../support/test-things.module.js';

describe('operations surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ modules: [TestThingsModule] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/metrics has HTTP latency histograms by route template, queue depths and outbox lag', async () => {
    await t.http().get('/health/ready').expect(200);
    await t.http().get('/test/slow?ms=1').expect(200);
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO platform.outbox (topic, payload, created_at) VALUES ('test.metrics', '{"tieuDe":"Truyện Kiều"}', now() - interval '90 seconds')`,
      );
    const text = (
      await t
        .http()
        .get('/metrics')
        .expect(200)
        .expect('Content-Type', /text\/plain/)
    ).text;
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/health\/ready",status="200"\}/,
    );
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/test\/slow",status="200"\} 1/);
    for (const q of ['maintenance', 'notices', 'usage', 'reports', 'circulation', 'search'])
      expect(text).toContain(`queue_jobs{queue="${q}",state="waiting"}`);
    expect(text).toContain('outbox_pending{topic="test.metrics"} 1');
    const lag = Number(/outbox_lag_seconds\{topic="test.metrics"\} ([\d.]+)/.exec(text)?.[1]);
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(200);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('OpenAPI at /docs documents every route the app serves', async () => {
    await t.http().get('/docs').expect(200).expect('Content-Type', /html/);
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const router = (
      t.app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      }
    ).router;
    const served = router.stack
      .filter((l) => l.route && !l.route.path.startsWith('/docs'))
      .flatMap((l) =>
        Object.keys(l.route!.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`),
      );
    expect(served).toEqual(expect.arrayContaining(['get /health', 'get /health/ready', 'get /metrics']));
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)),
    );
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    expect(doc.paths['/health/ready'].get).toMatchObject({
      summary: expect.stringContaining('Readiness'),
      tags: ['operations'],
    });
  });

  it('the queue dashboard answers 401 without a system administrator, on every path under it', async () => {
    for (const path of [
      '/admin/queues',
      '/admin/queues/',
      '/admin/queues/api/queues',
      '/admin/queues/static/js/main.js',
    ]) {
      const res = await t.http().get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 401,
        code: 'platform/unauthenticated',
      });
    }
  });

  it('sets security headers and a correlation id on every response', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('rate limiting and CORS from configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({
      env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60', CORS_ORIGINS: 'https://thuvien.hanoi.gov.vn' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with the standard body past the limit, but never limits health probes', async () => {
    for (let i = 0; i < 3; i++) await t.http().get('/khong-co').expect(404);
    const res = await t.http().get('/khong-co').expect(429);
    expect(res.body).toMatchObject({
      code: 'platform/rate_limited',
      messageVi: expect.stringContaining('Quá nhiều yêu cầu'),
    });
    for (let i = 0; i < 5; i++) await t.http().get('/health/ready').expect(200);
  });

  it('allows only the configured origins', async () => {
    const ok = await t
      .http()
      .options('/health')
      .set('Origin', 'https://thuvien.hanoi.gov.vn')
      .set('Access-Control-Request-Method', 'GET');
    expect(ok.headers['access-control-allow-origin']).toBe('https://thuvien.hanoi.gov.vn');
    const other = await t
      .http()
      .options('/health')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit shared by every replica through Redis (REDIS_URL set)', () => {
  const redis = queueBackends().includes('redis');
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    if (!redis) return;
    const env = { RATE_LIMIT_MAX: '4', RATE_LIMIT_WINDOW_SECONDS: '60' };
    a = await bootTestApp({ queue: 'redis', env });
    // A second replica: same database, same Redis and key prefix, its own process state.
    b = await bootTestApp({ queue: 'redis', env, db: a.db });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  (redis ? it : it.skip)('counts the requests of both replicas against one limit', async () => {
    for (let i = 0; i < 2; i++) await a.http().get('/khong-co').expect(404);
    for (let i = 0; i < 2; i++) await b.http().get('/khong-co').expect(404);
    // Four in all: the fifth is refused, whichever replica it reaches.
    const refused = await a.http().get('/khong-co').expect(429);
    expect(refused.body).toMatchObject({
      code: 'platform/rate_limited',
      messageVi: 'Quá nhiều yêu cầu; vui lòng thử lại sau.',
    });
    await b.http().get('/khong-co').expect(429);
    await b.http().get('/health/ready').expect(200);
  });
});

describe('graceful shutdown of the API', () => {
  it('finishes requests in flight (with the database still open) and refuses new ones', async () => {
    const t = await bootTestApp({ modules: [TestThingsModule] });
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const before = slowRequests.started;
    const inFlight = fetch(`${base}/test/slow?ms=800`);
    await eventually(() => slowRequests.started > before);
    const closing = t.app.close();
    await new Promise((r) => setTimeout(r, 50));
    const late = await fetch(`${base}/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json()) as { now: string }).toHaveProperty('now');
    const drained = Date.now();
    await closing;
    expect(Date.now() - drained).toBeLessThan(4000); // idle keep-alive sockets do not hold the close for 5 s
    await t.db.drop();
  });
});
