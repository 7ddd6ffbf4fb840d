import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DiscoveryService } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OutboxRelay, OutboxService, type OutboxHandler, type OutboxMessage } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';

// The outbox's promises: a committed change is delivered even when a worker dies mid-batch; a rolled-back one is
// never delivered; concurrent relays never deliver a row twice.
describe('transactional outbox', () => {
  let a: TestApp;
  let b: TestApp;
  let ds: DataSource;
  const relays: OutboxRelay[] = [];

  const makeRelay = (t: TestApp) => {
    const relay = new OutboxRelay(t.app.get(DiscoveryService), t.app.get(DataSource), t.config);
    relays.push(relay);
    return relay;
  };
  /** A handler that records each delivery in the same transaction as the acknowledgement. */
  const recording = (topic: string, relay: string, extra?: (m: OutboxMessage[]) => Promise<void>): OutboxHandler => ({
    topic,
    async handle(messages, manager) {
      for (const m of messages)
        await manager.query('INSERT INTO public.outbox_effects (message_id, relay) VALUES ($1, $2)', [m.id, relay]);
      await extra?.(messages);
    },
  });
  const write = (topic: string, n: number, opts: { rollback?: boolean } = {}) =>
    ds
      .transaction(async (manager) => {
        await a.app.get(OutboxService).add(
          manager,
          ...Array.from({ length: n }, (_, i) => ({
            topic,
            payload: { i, title: 'Truyện Kiều', noiDung: 'mượn sách' },
          })),
        );
        if (opts.rollback) throw new Error('rolled back on purpose');
      })
      .catch((e: Error) => {
        if (!opts.rollback) throw e;
      });
  const effects = async (topic: string) =>
    (await ds.query(
      `SELECT e.message_id::text AS id, e.relay, count(*) OVER (PARTITION BY e.message_id)::int AS times
       FROM public.outbox_effects e JOIN platform.outbox o ON o.id = e.message_id WHERE o.topic = $1 ORDER BY e.message_id`,
      [topic],
    )) as { id: string; relay: string; times: number }[];
  const pending = async (topic: string) =>
    Number(
      (
        await ds.query(`SELECT count(*) AS n FROM platform.outbox WHERE topic = $1 AND processed_at IS NULL`, [topic])
      )[0].n,
    );

  beforeAll(async () => {
    a = await bootTestApp({ env: { OUTBOX_BATCH_SIZE: '10' } });
    b = await bootTestApp({ db: a.db, env: { OUTBOX_BATCH_SIZE: '10' } });
    ds = a.app.get(DataSource);
    await ds.query('CREATE TABLE public.outbox_effects (message_id bigint NOT NULL, relay text NOT NULL)');
  });
  beforeEach(async () => {
    while (relays.length) await relays.pop()!.stop();
  });
  afterAll(async () => {
    while (relays.length) await relays.pop()!.stop();
    await b?.close();
    await a?.close();
  });

  it('delivers a committed transaction and nothing of a rolled-back one', async () => {
    const relay = makeRelay(a);
    relay.register(recording('test.rollback', 'a'));
    await write('test.rollback', 3);
    await write('test.rollback', 5, { rollback: true });
    expect(
      Number((await ds.query(`SELECT count(*) AS n FROM platform.outbox WHERE topic = 'test.rollback'`))[0].n),
    ).toBe(3);
    let claimed = 0;
    for (let n = await relay.deliverBatch(); n > 0; n = await relay.deliverBatch()) claimed += n;
    expect(claimed).toBe(3);
    const delivered = await effects('test.rollback');
    expect(delivered.map((d) => d.times)).toEqual([1, 1, 1]);
    expect(await pending('test.rollback')).toBe(0);
  });

  it('refuses to write outside a transaction (the row could commit without the business change)', async () => {
    await expect(a.app.get(OutboxService).add(ds.manager, { topic: 'test.rollback', payload: {} })).rejects.toThrow(
      /inside the business transaction/,
    );
  });

  it('redelivers exactly once after the relay’s database session is killed mid-batch', async () => {
    await write('test.killed', 7);
    let pid = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inProgress = new Promise<void>((r) => (started = r));
    const dying = makeRelay(a);
    const record = recording('test.killed', 'dying');
    dying.register({
      topic: 'test.killed',
      async handle(messages, manager) {
        // The claiming session: the one a crashed worker would leave behind.
        pid = Number((await manager.query('SELECT pg_backend_pid() AS pid'))[0].pid);
        await record.handle(messages, manager);
        // Work done, not yet acknowledged: the worker dies here.
        started();
        await gate;
        await manager.query('SELECT 1');
      },
    });
    const batch = dying.deliverBatch();
    await inProgress;
    expect(await ds.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid])).toEqual([{ n: 1 }]);
    expect((await ds.query('SELECT pg_terminate_backend($1) AS ok', [pid]))[0].ok).toBe(true);
    release();
    await expect(batch).rejects.toThrow();
    expect(await effects('test.killed')).toEqual([]); // the dying relay's effects rolled back with its claim
    expect(await pending('test.killed')).toBe(7);

    const survivor = makeRelay(b);
    survivor.register(recording('test.killed', 'survivor'));
    while ((await survivor.deliverBatch()) > 0);
    const delivered = await effects('test.killed');
    expect(delivered).toHaveLength(7);
    expect(delivered.every((d) => d.times === 1 && d.relay === 'survivor')).toBe(true);
    expect(await pending('test.killed')).toBe(0);
  });

  it('redelivers exactly once after a worker process is SIGKILLed mid-batch', async () => {
    await write('test.sigkill', 12);
    const script = fileURLToPath(new URL('../../support/outbox-child.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, a.db.url, 'test.sigkill'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('IN_PROGRESS 12') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    // The child holds the rows locked and has written its effects, uncommitted.
    const locked = makeRelay(b);
    locked.register(recording('test.sigkill', 'survivor'));
    expect(await locked.deliverBatch()).toBe(0); // SKIP LOCKED: nothing to take while the child lives
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // PostgreSQL notices the dead connection, rolls its transaction back and releases the rows.
    await eventually(async () => (await locked.deliverBatch()) > 0 || (await pending('test.sigkill')) === 0);
    while ((await locked.deliverBatch()) > 0);
    const delivered = await effects('test.sigkill');
    expect(delivered).toHaveLength(12);
    expect(delivered.every((d) => d.times === 1 && d.relay === 'survivor')).toBe(true);
  });

  it('two relays running concurrently never deliver a row twice', async () => {
    const seen = new Map<string, number>();
    const slow = async (messages: OutboxMessage[]) => {
      for (const m of messages) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 3));
    };
    const r1 = makeRelay(a);
    const r2 = makeRelay(b);
    r1.register(recording('test.concurrent', 'r1', slow));
    r2.register(recording('test.concurrent', 'r2', slow));
    await Promise.all([r1.start(), r2.start()]);
    await Promise.all(Array.from({ length: 40 }, () => write('test.concurrent', 25)));
    await eventually(async () => (await pending('test.concurrent')) === 0, 30_000);
    const delivered = await effects('test.concurrent');
    expect(delivered).toHaveLength(1000);
    expect(delivered.filter((d) => d.times !== 1)).toEqual([]);
    expect([...seen.values()].filter((n) => n !== 1)).toEqual([]);
    expect(seen.size).toBe(1000);
    const byRelay = new Set(delivered.map((d) => d.relay));
    expect(byRelay).toEqual(new Set(['r1', 'r2'])); // both took part: the test exercised real contention
  });

  it('retries a failing handler with backoff and acknowledges once it succeeds', async () => {
    let calls = 0;
    const relay = makeRelay(a);
    relay.register({
      topic: 'test.flaky',
      async handle(messages, manager) {
        calls++;
        if (calls === 1) throw new Error('Meilisearch không phản hồi');
        for (const m of messages)
          await manager.query('INSERT INTO public.outbox_effects (message_id, relay) VALUES ($1, $2)', [m.id, 'flaky']);
      },
    });
    await write('test.flaky', 2);
    expect(await relay.deliverBatch()).toBe(2);
    const [row] = await ds.query(
      `SELECT attempts, last_error, available_at > now() AS later FROM platform.outbox WHERE topic = 'test.flaky' ORDER BY id LIMIT 1`,
    );
    expect(row).toMatchObject({ attempts: 1, last_error: 'Meilisearch không phản hồi', later: true });
    expect(await effects('test.flaky')).toEqual([]);
    expect(await relay.deliverBatch()).toBe(0); // backing off
    await ds.query(`UPDATE platform.outbox SET available_at = now() WHERE topic = 'test.flaky'`);
    expect(await relay.deliverBatch()).toBe(2);
    expect((await effects('test.flaky')).map((d) => d.times)).toEqual([1, 1]);
  });
  it('a batch writes every entry of the transaction in one statement at its end, in order, and nothing if it throws', async () => {
    const outbox = a.app.get(OutboxService);
    const count = (m: { query: DataSource['query'] }) =>
      m
        .query(`SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'test.batch'`)
        .then((r: { n: number }[]) => r[0].n);
    const seen = await ds.transaction(async (m) => {
      const during = await outbox.batch(m, async () => {
        await outbox.add(m, { topic: 'test.batch', payload: { i: 1, title: 'Đất rừng phương Nam' } });
        // A nested batch belongs to the outer one.
        await outbox.batch(m, () =>
          outbox.add(
            m,
            { topic: 'test.batch', payload: { i: 2, title: 'Dế Mèn phiêu lưu ký' } },
            { topic: 'test.batch', payload: { i: 3 }, dedupeKey: 'một-lần' },
          ),
        );
        await outbox.add(m, { topic: 'test.batch', payload: { i: 4 }, dedupeKey: 'một-lần' });
        return count(m);
      });
      return { during, after: await count(m) };
    });
    expect(seen).toEqual({ during: 0, after: 3 });
    const rows: { payload: { i: number; title?: string } }[] = await ds.query(
      `SELECT payload FROM platform.outbox WHERE topic = 'test.batch' ORDER BY id`,
    );
    expect(rows.map((r) => r.payload.i)).toEqual([1, 2, 3]);
    expect(rows[0].payload.title).toBe('Đất rừng phương Nam');
    // Thrown inside the batch: nothing written, and the transaction's manager is usable again afterwards.
    await expect(
      ds.transaction((m) =>
        outbox.batch(m, async () => {
          await outbox.add(m, { topic: 'test.batch', payload: { i: 5 } });
          throw new Error('rolled back on purpose');
        }),
      ),
    ).rejects.toThrow('rolled back on purpose');
    expect(await count(ds)).toBe(3);
    await expect(outbox.batch(ds.manager, async () => 1)).rejects.toThrow('inside the business transaction');
  });
});
