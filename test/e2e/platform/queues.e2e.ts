import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import {
  createQueueBackend,
  DEFAULT_JOB_OPTIONS,
  loadConfig,
  QueueBackendError,
  QueueService,
  QUEUES,
} from '@suotdoi/platform';
import { bootTestApp, eventually, type QueueBackendKind, type TestApp } from '../../support/app.js';
import { createTestDatabase, dropRedisPrefix, testRedisUrl, type TestDatabase } from '../../support/database.js';
import { freePort } from '../../support/services.js';
import {
  EchoHandler,
  EchoJob,
  FailHandler,
  FailJob,
  SlowHandler,
  SlowJob,
  TestJobsModule,
} from '../../support/test-jobs.module.js';

// The same suite on both BullMQ backends: PostgreSQL always, Redis whenever one answers (else it is reported as
// skipped, never as passed).
const backends: QueueBackendKind[] = ['postgres', 'redis'];

for (const kind of backends) {
  const available = kind === 'postgres' || testRedisUrl() !== undefined;
  if (!available) console.log(`SKIPPED: queue tests on ${kind} (no Redis answered; set REDIS_URL to run them)`);

  (available ? describe : describe.skip)(`queues on ${kind}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let queues: QueueService;

    beforeAll(async () => {
      db = await createTestDatabase();
      t = await bootTestApp({ db, queue: kind, worker: true, modules: [TestJobsModule] });
      queues = t.app.get(QueueService);
    });
    afterAll(async () => {
      await t?.close();
      if (kind === 'redis') await dropRedisPrefix(t.config.QUEUE_PREFIX);
      await db?.drop();
    });

    it(`runs on the ${kind} backend and says so in readiness`, async () => {
      expect(queues.backend.kind).toBe(kind);
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body.checks.queue).toMatchObject({ ok: true, backend: kind });
    });

    it('handles a typed job with its payload, with default attempts and backoff', async () => {
      const id = await queues.enqueue(EchoJob, { title: 'Truyện Kiều — Nguyễn Du', copies: 2 });
      const handler = t.app.get(EchoHandler);
      await eventually(() => handler.received.some((r) => r.ctx.id === id));
      expect(handler.received.find((r) => r.ctx.id === id)).toEqual({
        payload: { title: 'Truyện Kiều — Nguyễn Du', copies: 2 },
        ctx: { id, attempt: 1 },
      });
      const q = queues.queue(QUEUES.maintenance);
      await eventually(async () => (await q.getJobState(id!)) === 'completed');
      const job = (await q.getJob(id!))!;
      expect(job.returnvalue).toEqual({ echoed: 'Truyện Kiều — Nguyễn Du' });
      expect(job.opts.attempts).toBe(DEFAULT_JOB_OPTIONS.attempts);
      expect(job.opts.backoff).toEqual(DEFAULT_JOB_OPTIONS.backoff);
    });

    it('deduplicates by job id', async () => {
      const handler = t.app.get(EchoHandler);
      await queues.enqueue(EchoJob, { title: 'Tắt đèn', copies: 1 }, { jobId: 'tat-den-1' });
      await queues.enqueue(EchoJob, { title: 'Tắt đèn', copies: 1 }, { jobId: 'tat-den-1' });
      await eventually(() => handler.received.some((r) => r.ctx.id === 'tat-den-1'));
      await new Promise((r) => setTimeout(r, 300));
      expect(handler.received.filter((r) => r.ctx.id === 'tat-den-1')).toHaveLength(1);
    });

    it('upserts declared schedules at boot and updates a scheduler in place', async () => {
      const q = queues.queue(QUEUES.maintenance);
      const boot = await q.getJobSchedulers();
      expect(boot.map((s) => s.key).sort()).toEqual(expect.arrayContaining(['purge-idempotency-keys', 'purge-outbox']));
      expect(boot.find((s) => s.key === 'purge-idempotency-keys')).toMatchObject({
        pattern: '17 * * * *',
        tz: 'Asia/Ho_Chi_Minh',
      });

      await queues.schedule('test-nightly', EchoJob, { title: 'Báo cáo', copies: 1 }, { pattern: '0 2 * * *' });
      await queues.schedule('test-nightly', EchoJob, { title: 'Báo cáo', copies: 1 }, { pattern: '30 3 * * *' });
      const after = await q.getJobSchedulers();
      expect(after.filter((s) => s.key === 'test-nightly')).toHaveLength(1);
      expect(after.find((s) => s.key === 'test-nightly')).toMatchObject({
        pattern: '30 3 * * *',
        tz: 'Asia/Ho_Chi_Minh',
      });
      await q.removeJobScheduler('test-nightly');
    });

    it('retries a failing job, then keeps it as failed with its reason', async () => {
      const handler = t.app.get(FailHandler);
      const id = await queues.enqueue(FailJob, { reason: 'Không kết nối được máy chủ thư viện' });
      const q = queues.queue(QUEUES.maintenance);
      await eventually(async () => (await q.getJobState(id!)) === 'failed');
      const job = (await q.getJob(id!))!; // read after the state settled (attempts run between two reads otherwise)
      expect(job.attemptsMade).toBe(3);
      expect(job.failedReason).toBe('Không kết nối được máy chủ thư viện');
      expect(handler.attempts).toEqual([1, 2, 3]);
      expect((await queues.depths())[QUEUES.maintenance].failed).toBe(1);
    });

    it('graceful shutdown lets the job in hand finish', async () => {
      await t.close(); // the shared app steps aside; a fresh worker takes the job and is closed while it runs
      const worker = await bootTestApp({ db, queue: kind, worker: true, modules: [TestJobsModule] });
      const slow = worker.app.get(SlowHandler);
      const id = await worker.app.get(QueueService).enqueue(SlowJob, { ms: 1500 });
      await eventually(() => slow.started);
      const t0 = Date.now();
      await worker.close();
      expect(slow.finished).toBe(true);
      expect(Date.now() - t0).toBeGreaterThan(300);
      t = await bootTestApp({ db, queue: kind, worker: false });
      queues = t.app.get(QueueService);
      const job = await queues.queue(QUEUES.maintenance).getJob(id!);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toEqual({ sleptMs: 1500 });
    });
  });
}

describe('queue backend checks', () => {
  it('the PostgreSQL backend ping is a real round-trip: it fails when the server is gone', async () => {
    const backend = await createQueueBackend(
      loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', NODE_ENV: 'test' }),
    );
    await expect(backend.ping()).rejects.toThrow();
    await backend.close();
  });

  it('the PostgreSQL backend ping fails until the queue schema exists', async () => {
    const db = await createTestDatabase();
    const backend = await createQueueBackend(
      loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', QUEUE_PREFIX: 'ping_probe' }),
    );
    try {
      await expect(backend.ping()).rejects.toThrow(/ping_probe_queues/);
    } finally {
      await backend.close();
      await db.drop();
    }
  });

  const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
  if (!hasRedisServer)
    console.log('SKIPPED: maxmemory-policy refusal (no redis-server binary to start a throwaway Redis)');
  (hasRedisServer ? describe : describe.skip)('Redis maxmemory-policy', () => {
    let server: ChildProcess;
    let url: string;
    beforeAll(async () => {
      const port = await freePort();
      server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--maxmemory-policy',
          'allkeys-lru',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      );
      url = `redis://127.0.0.1:${port}`;
      await eventually(async () => {
        const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          r.disconnect();
        }
      });
    });
    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
    });

    it('refuses to start on a Redis that may evict keys, naming the policy', async () => {
      const config = loadConfig({ REDIS_URL: url, NODE_ENV: 'test' });
      const err = await createQueueBackend(config).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(QueueBackendError);
      expect((err as Error).message).toMatch(/maxmemory-policy is "allkeys-lru".*noeviction/);
    });

    it('starts once the policy is noeviction', async () => {
      const admin = new Redis(url);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
      const backend = await createQueueBackend(loadConfig({ REDIS_URL: url, NODE_ENV: 'test' }));
      await backend.ping();
      await backend.close();
    });
  });
});
