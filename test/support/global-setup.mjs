// Jest global setup (plain ESM: Jest loads it outside its module mapper, so it uses the build in dist/,
// which the test command produces first).
//
// Picks the database (DATABASE_URL, else PostgreSQL at 127.0.0.1:5432, else embedded), builds a template database
// with every migration applied, and picks Redis (REDIS_URL, else 127.0.0.1:6379 if it answers). Test files clone
// the template, so each gets a fresh, fully migrated database in a fraction of a second.
import 'reflect-metadata';
import net from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';

const dist = new URL('../../dist/', import.meta.url);

function answers(host, port, ms = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function globalSetup() {
  if (!existsSync(new URL('libs/core/src/index.js', dist)))
    throw new Error('dist/ is missing: run tests with `npm test` (it builds first)');
  const { allMigrations } = await import(new URL('libs/core/src/index.js', dist).href);
  const {
    buildDataSourceOptions,
    loadConfig,
    runMigrations,
    startEmbeddedPostgres,
    meilisearchBinary,
    startMeilisearch,
  } = await import(new URL('libs/platform/src/index.js', dist).href);

  let adminUrl = process.env.DATABASE_URL;
  let source = 'DATABASE_URL';
  if (!adminUrl && (await answers('127.0.0.1', 5432))) {
    adminUrl = `postgresql://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/postgres`;
    source = 'PostgreSQL at 127.0.0.1:5432';
  }
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({ dir: '.data/test-postgres', port: 54330 });
    globalThis.__embeddedPg = embedded;
    adminUrl = embedded.url;
    source = 'embedded PostgreSQL';
  }
  const template = `suotdoi_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template} ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();

  const config = loadConfig({ DATABASE_URL: withDatabase(adminUrl, template), NODE_ENV: 'test' });
  const ds = new DataSource(
    buildDataSourceOptions(config, { migrations: allMigrations, applicationName: 'suotdoi-test-setup' }),
  );
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl && (await answers('127.0.0.1', 6379))) redisUrl = 'redis://127.0.0.1:6379';

  // One Meilisearch for the whole run (MEILI_URL if given, else the server of the optional dependency on a free port);
  // every test file gets its own index (its uid begins with the file's QUEUE_PREFIX). Where neither exists (not Linux
  // x64), the Meilisearch suites are reported as skipped; on Linux x64 they must run.
  let meili = process.env.MEILI_URL
    ? { url: process.env.MEILI_URL, apiKey: process.env.MEILI_API_KEY ?? '', source: 'MEILI_URL' }
    : undefined;
  if (!meili && meilisearchBinary()) {
    const dir = mkdtempSync(join(tmpdir(), 'suotdoi-test-meili-'));
    const server = await startMeilisearch({
      dir,
      port: await freePort(),
      masterKey: randomBytes(24).toString('base64url'),
      maxIndexingMemory: '256MiB',
    });
    globalThis.__meili = { server, dir };
    meili = { url: server.url, apiKey: server.apiKey, source: `Meilisearch ${server.url} (embedded, v1.21.0)` };
  }
  if (meili) {
    process.env.SUOTDOI_TEST_MEILI_URL = meili.url;
    process.env.SUOTDOI_TEST_MEILI_KEY = meili.apiKey;
  }
  process.env.SUOTDOI_TEST_ADMIN_URL = adminUrl;
  process.env.SUOTDOI_TEST_TEMPLATE_DB = template;
  if (redisUrl) process.env.SUOTDOI_TEST_REDIS_URL = redisUrl;
  // scripts/test.mjs repeats this in its closing summary (a run must say which backends it exercised).
  mkdirSync('.data', { recursive: true });
  writeFileSync(
    process.env.SUOTDOI_TEST_BACKENDS_FILE ?? '.data/test-backends.json',
    JSON.stringify({
      database: source,
      queues: redisUrl ? ['postgres', 'redis'] : ['postgres'],
      search: meili ? ['postgres', meili.source] : ['postgres'],
    }),
  );
  console.log(
    `\n[test] search engines: postgres${meili ? ` and ${meili.source}` : ' only (no Meilisearch: its suites are SKIPPED)'}`,
  );
  console.log(
    `\n[test] database: ${source}; queue backends exercised: postgres${redisUrl ? ` and redis (${redisUrl.replace(/\/\/.*@/, '//***@')})` : ' only (no Redis answered; Redis queue tests are skipped)'}`,
  );
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}
