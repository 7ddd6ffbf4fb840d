import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { answers, freePort } from '../../support/services.js';
import { eventually } from '../../support/app.js';
import { createTestDatabase, dropRedisPrefix, testRedisUrl } from '../../support/database.js';
import { testMeili } from '../../support/search.js';

// The README's start command, as a user runs it: `node dist/apps/cli/src/main.js start` (what `npm start` runs after
// building). Embedded PostgreSQL when DATABASE_URL is unset, data kept across restarts; DATABASE_URL honoured.
// Demo data is off here to stay within a minute (the seeders have their own tests); everything else is the real path.
const cli = new URL('../../../dist/apps/cli/src/main.js', import.meta.url).pathname;

/** SIGTERM (so the start command stops its embedded PostgreSQL), then SIGKILL if it does not exit in 15 s. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

interface Started {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ctrl-C in a terminal: SIGINT to the whole process group, the embedded server's own group aside. */
  ctrlC(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startCommand(env: Record<string, string>, port: number): Promise<Started> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'NODE_OPTIONS']) delete base[k];
  const child = spawn(process.execPath, [cli, 'start'], {
    env: {
      ...base,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // a process group of its own, as a terminal gives it, so ctrlC() can signal the whole group
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited early (${child.exitCode}):\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await terminate(child);
      throw new Error(`not ready within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async ctrlC() {
      process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

describe('the start command', () => {
  const dirs: string[] = [];
  const running: Started[] = [];
  afterAll(async () => {
    for (const s of running) await terminate(s.child);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('runs on embedded PostgreSQL, stops cleanly on SIGTERM, and restarts on the same data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suotdoi-start-'));
    dirs.push(dir);
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach the data directory
    const pgDir = join(dir, 'postgres');
    const [port, pgPort, meiliPort] = [await freePort(), await freePort(), await freePort()];
    const meiliDir = join(dir, 'meilisearch');
    const env = {
      EMBEDDED_PG_DIR: pgDir,
      EMBEDDED_PG_PORT: String(pgPort),
      EMBEDDED_MEILI_DIR: meiliDir,
      EMBEDDED_MEILI_PORT: String(meiliPort),
    };
    // Linux x64: Meilisearch (the optional dependency) is embedded beside PostgreSQL; elsewhere PostgreSQL search serves.
    const embedsMeili = process.platform === 'linux' && process.arch === 'x64';

    const first = await startCommand(env, port);
    running.push(first);
    expect(first.output()).toMatch(/initialising embedded PostgreSQL/);
    expect(first.output()).toMatch(/applied migrations: PlatformInit1763798400000/);
    expect(first.output()).toContain(`Health       http://127.0.0.1:${port}/health/ready`);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
      checks: Record<string, { backend: string }>;
    };
    expect(ready.checks.queue.backend).toBe('postgres');
    expect(ready.checks.search.backend).toBe(embedsMeili ? 'meilisearch' : 'postgres');
    const meili = {
      host: `http://127.0.0.1:${meiliPort}`,
      apiKey: embedsMeili ? readFileSync(`${meiliDir}.key`, 'utf8').trim() : '',
    };
    if (embedsMeili) {
      expect(first.output()).toMatch(/Search on +embedded Meilisearch on http:\/\/127\.0\.0\.1:\d+/);
      expect(statSync(`${meiliDir}.key`).mode & 0o777).toBe(0o600);
      // The API applied the index settings at start; a document written now must survive the restart.
      const { Meilisearch } = await import('meilisearch');
      const client = new Meilisearch(meili);
      expect((await client.index('suotdoi_catalogue').getSettings()).filterableAttributes).toContain('availability');
      await client
        .index('suotdoi_catalogue')
        .addDocuments([{ id: '00000000-0000-4000-8000-0000000000aa', title: 'Địa chí Quảng Trị' }])
        .waitTask();
    }
    const url = `postgresql://postgres:suotdoi-local@127.0.0.1:${pgPort}/suotdoi`;
    const c1 = new pg.Client({ connectionString: url });
    await c1.connect();
    await c1.query(
      `CREATE TABLE public.restart_marker (note text); INSERT INTO public.restart_marker VALUES ('Thư viện tỉnh Quảng Trị')`,
    );
    await c1.end();

    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/stopping embedded PostgreSQL/);
    expect(await answers('127.0.0.1', pgPort)).toBe(false);
    expect(await answers('127.0.0.1', meiliPort)).toBe(false);
    expect(await answers('127.0.0.1', port)).toBe(false);
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false); // a clean shutdown removes it

    const second = await startCommand(env, port);
    running.push(second);
    expect(second.output()).not.toMatch(/initialising embedded PostgreSQL/);
    expect(second.output()).toMatch(/database schema is up to date/);
    const c2 = new pg.Client({ connectionString: url });
    await c2.connect();
    expect((await c2.query('SELECT note FROM public.restart_marker')).rows).toEqual([
      { note: 'Thư viện tỉnh Quảng Trị' },
    ]);
    if (embedsMeili) {
      const { Meilisearch } = await import('meilisearch');
      const kept = await new Meilisearch(meili)
        .index('suotdoi_catalogue')
        .getDocument('00000000-0000-4000-8000-0000000000aa');
      expect(kept.title).toBe('Địa chí Quảng Trị');
    }
    // Ctrl-C reaches the CLI, the API and the worker at once, but not the database: it is stopped last, by the CLI,
    // so nothing is cut off while draining (it used to crash the worker with "terminating connection").
    const workerUp = async () =>
      ((await c2.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'suotdoi-worker'`)).rowCount ?? 0) > 0;
    await eventually(workerUp, 60_000, 250);
    await c2.end();
    expect(await second.ctrlC()).toEqual({ code: 0, signal: null });
    expect(second.output()).toMatch(/stopping embedded PostgreSQL/);
    // What the API and worker say (JSON log lines, crash traces), not PostgreSQL's own shutdown log.
    expect(second.output()).not.toMatch(/Unhandled 'error' event|"msg":"[^"]*terminating connection/);
    expect(await answers('127.0.0.1', pgPort)).toBe(false);
    expect(await answers('127.0.0.1', meiliPort)).toBe(false);
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);
  }, 240_000);

  it('uses DATABASE_URL (and REDIS_URL) when set, and starts no embedded server', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'suotdoi-start-'));
    dirs.push(dir);
    const port = await freePort();
    try {
      const redis = testRedisUrl(); // and REDIS_URL, when this machine has a Redis
      const meili = testMeili(); // and MEILI_URL: your own Meilisearch, or PostgreSQL search where there is none
      const search: Record<string, string> = meili
        ? { MEILI_URL: meili.url, MEILI_API_KEY: meili.apiKey }
        : { SEARCH_ENGINE: 'postgres' };
      const s = await startCommand(
        {
          DATABASE_URL: db.url,
          EMBEDDED_PG_DIR: join(dir, 'must-not-exist'),
          EMBEDDED_MEILI_DIR: join(dir, 'must-not-exist-meili'),
          ...search,
          QUEUE_PREFIX: `start_${db.name.slice(-8)}`,
          ...(redis ? { REDIS_URL: redis } : {}),
        },
        port,
      );
      running.push(s);
      const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
        checks: Record<string, { backend: string }>;
      };
      expect(ready.checks.queue.backend).toBe(redis ? 'redis' : 'postgres');
      expect(s.output()).not.toMatch(/embedded PostgreSQL|embedded Meilisearch/i);
      expect(ready.checks.search.backend).toBe(meili ? 'meilisearch' : 'postgres');
      expect(s.output()).toMatch(/Database {5}DATABASE_URL/);
      // Both children connect to that database (the worker may finish booting after the API is ready).
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const connected = async () =>
        (
          (
            await c.query(`SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE datname = $1`, [
              db.name,
            ])
          ).rows as { name: string }[]
        ).map((a) => a.name);
      await eventually(async () => (await connected()).includes('suotdoi-worker'), 60_000, 250);
      expect(await connected()).toEqual(expect.arrayContaining(['suotdoi-api', 'suotdoi-worker']));
      await c.end();
      expect(await s.stop()).toEqual({ code: 0, signal: null });
      expect(existsSync(join(dir, 'must-not-exist'))).toBe(false);
      expect(existsSync(join(dir, 'must-not-exist-meili'))).toBe(false);
    } finally {
      await db.drop();
      await dropRedisPrefix(`start_${db.name.slice(-8)}`);
    }
  }, 150_000);
});
