import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { localSecret, type AppConfig } from '@suotdoi/platform';
import { ensureDatabase, migrate } from '../database.js';
import { ensureSearchEngine, type SearchEngineHandle } from '../search-engine.js';
import { seed } from './seed.command.js';

const here = dirname(fileURLToPath(import.meta.url));
const apiMain = resolve(here, '../../../api/src/main.js');
const workerMain = resolve(here, '../../../worker/src/main.js');

/**
 * The one start command: database (embedded unless DATABASE_URL), migrations, demo data, then the API and the
 * worker as child processes. Ctrl-C / SIGTERM stops the children, then the embedded database.
 */
export async function start(config: AppConfig): Promise<void> {
  const log = (m: string) => console.log(`[start] ${m}`);
  const pg = await ensureDatabase(config, log);
  let search: SearchEngineHandle | undefined;
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            const t = setTimeout(() => c.kill('SIGKILL'), 15000);
            c.once('exit', () => {
              clearTimeout(t);
              done();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    await search?.stop();
    if (pg) {
      log('stopping embedded PostgreSQL');
      await pg.stop().catch((e: unknown) => log(`embedded PostgreSQL did not stop cleanly: ${String(e)}`));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    search = await ensureSearchEngine(config, log);
    const applied = await migrate(config);
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    if (!config.JWT_SECRET) {
      // Generated once, kept owner-only; the API and worker children read the same file.
      const s = localSecret();
      log(
        s.created
          ? `generated a random signing secret in ${s.path} (readable by you only); set JWT_SECRET to use your own`
          : `signing secret: ${s.path}`,
      );
    }
    const report = config.demoData
      ? await seed(config)
      : {
          summary: [
            config.DEMO_DATA === false
              ? 'demo data disabled (DEMO_DATA=false)'
              : 'no demo data in production (set DEMO_DATA=true to load it); create the first administrator with: npm run cli -- create-admin',
          ],
          accounts: [],
        };
    for (const line of report.summary) log(`demo data: ${line}`);

    const env = {
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      MEILI_URL: config.MEILI_URL ?? '',
      MEILI_API_KEY: config.MEILI_API_KEY ?? '',
    };
    const launch = (name: string, file: string) => {
      const child = spawn(process.execPath, [file], { env, stdio: 'inherit' });
      child.on('exit', (code, signal) => {
        if (!stopping) {
          log(`${name} exited (${code ?? signal}); shutting down`);
          void stop(code ?? 1);
        }
      });
      children.push(child);
    };
    launch('api', apiMain);
    if (config.START_WORKER) launch('worker', workerMain);

    const base = config.PUBLIC_URL.replace(/\/$/, '');
    console.log(
      [
        '',
        '  Suốt Đời is starting:',
        `    API          ${base}/`,
        `    API docs     ${base}/docs`,
        `    Health       ${base}/health/ready`,
        `    Metrics      ${base}/metrics`,
        `    Queues       ${base}/admin/queues (system administrator)`,
        `    Database     ${pg ? `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (${config.EMBEDDED_PG_DIR})` : 'DATABASE_URL'}`,
        `    Queues on    ${config.queueBackend}${config.REDIS_URL ? '' : ' (same database)'}`,
        `    Search on    ${search?.describe ?? config.searchBackend}`,
        `    Listening on ${config.HOST}:${config.PORT}${isLoopback(config.HOST) ? ' (this machine only)' : ''}`,
        ...(isLoopback(config.HOST)
          ? [
              '',
              '  To serve other machines, put a reverse proxy with TLS in front and set HOST=0.0.0.0,',
              '  PUBLIC_URL=https://your.host and JWT_SECRET (see docs/operations.md).',
            ]
          : []),
        ...(report.accounts?.length ? ['', '  Demo accounts:', ...accountLines(report.accounts)] : []),
        '',
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    console.error(err);
    await stop(1);
  }
}

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** The demo accounts as an aligned table (roles and logins vary in length). */
function accountLines(accounts: { role: string; login: string; password: string; note?: string }[]): string[] {
  const roleWidth = Math.max(...accounts.map((a) => a.role.length));
  const loginWidth = Math.max(...accounts.map((a) => a.login.length));
  return accounts.map(
    (a) =>
      `    ${a.role.padEnd(roleWidth)}  ${a.login.padEnd(loginWidth)}  ${a.password}${a.note ? `  (${a.note})` : ''}`,
  );
}
