// The real API as its own process (node dist/apps/api/src/main.js), for tests that kill it: SIGKILL leaves no
// shutdown hook a chance, as a crash or an out-of-memory kill does.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../support/services.js';

const main = new URL('../../../dist/apps/api/src/main.js', import.meta.url).pathname;

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
}

/** Start the API on a free port with `env` over a test environment, and wait until /health answers. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'NODE_OPTIONS']) delete base[k];
  const child = spawn(process.execPath, [main], {
    env: { ...base, NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited early (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer within 240 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
