#!/usr/bin/env node
// HTTP overhead bench: requests/s and p50/p95/p99 latency of GET /health/ready (database + queue round-trips through
// the whole stack: helmet, CORS, rate limit, logging, metrics, Nest routing, error filter) beside a bare Express
// route that does nothing, and GET /health (the full stack without dependencies). Loopback only, bounded in time:
// BENCH_SECONDS per target (default 8), BENCH_CONNECTIONS concurrent connections (default 10).
// Database: DATABASE_URL, else PostgreSQL at 127.0.0.1:5432 (a throwaway database, dropped at the end).
// Queues on PostgreSQL unless REDIS_URL is set. Prints BENCH_RESULT lines (see scripts/bench.mjs).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import express from 'express';
import pg from 'pg';
import { DataSource } from 'typeorm';

const dist = new URL('../../dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const platform = await load('libs/platform/src/index.js');
const core = await load('libs/core/src/index.js');
const { createApiApp } = await load('apps/api/src/api.app.js');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const result = (name, value, unit) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}`);
const withDatabase = (url, db) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

/** Drive `url` for SECONDS with autocannon; percentiles from every response time (autocannon has no p95). */
async function measure(url) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1 }); // warm-up
  const times = [];
  const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  const r = await instance;
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return {
    rps: r.requests.average,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    requests: times.length,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `suotdoi_bench_http_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`);
await admin.end();
const dbUrl = withDatabase(adminUrl, dbName);

let api;
let bare;
try {
  const config = platform.loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-only-secret-0123456789abcdef-xyz',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '100000000',
    DEMO_DATA: 'false',
  });
  const ds = new DataSource(
    platform.buildDataSourceOptions(config, { migrations: core.allMigrations, applicationName: 'suotdoi-bench' }),
  );
  await ds.initialize();
  await platform.runMigrations(ds);
  await ds.destroy();

  api = await createApiApp(config, { quiet: true });
  await api.listen(0, '127.0.0.1');
  const apiBase = `http://127.0.0.1:${api.getHttpServer().address().port}`;

  const app = express();
  app.disable('x-powered-by');
  app.get('/bare', (_req, res) => res.json({ status: 'ok' }));
  bare = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const bareBase = `http://127.0.0.1:${bare.address().port}`;

  const check = await fetch(`${apiBase}/health/ready`);
  if (check.status !== 200) throw new Error(`/health/ready answered ${check.status}: ${await check.text()}`);
  console.log(`queue backend: ${config.queueBackend}; ${CONNECTIONS} connections, ${SECONDS} s per target, loopback`);

  const targets = {
    bare_express: `${bareBase}/bare`,
    health: `${apiBase}/health`,
    health_ready: `${apiBase}/health/ready`,
  };
  const figures = {};
  for (const [name, url] of Object.entries(targets)) {
    const f = (figures[name] = await measure(url));
    console.log(
      `${name.padEnd(14)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms  (${f.requests} requests, ${f.errors} errors, ${f.non2xx} non-2xx)`,
    );
    result(`http.${name}.rps`, f.rps, 'req/s');
    for (const p of ['p50', 'p95', 'p99']) result(`http.${name}.${p}`, f[p], 'ms');
    result(`http.${name}.errors`, f.errors + f.non2xx, 'count');
  }
  const ratio = (a, b) => (b > 0 ? a / b : 0);
  result('http.bare_vs_health_ready.rps_ratio', ratio(figures.bare_express.rps, figures.health_ready.rps), 'x');
  result('http.health_ready_vs_bare.p99_ratio', ratio(figures.health_ready.p99, figures.bare_express.p99 || 1), 'x');
  result('http.bare_vs_health.rps_ratio', ratio(figures.bare_express.rps, figures.health.rps), 'x');
  result('http.health_vs_health_ready.rps_ratio', ratio(figures.health.rps, figures.health_ready.rps), 'x');
} finally {
  await api?.close();
  await new Promise((r) => (bare ? bare.close(r) : r()));
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await c.end();
}
