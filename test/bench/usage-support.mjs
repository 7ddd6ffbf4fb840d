// Shared set-up for the usage and plans benchmarks (plain ESM over dist/, like Jest's global setup).
// Creates a throwaway database on the machine's PostgreSQL (DATABASE_URL or 127.0.0.1:5432), migrates it, boots the
// real API, and builds a province of 1,000 institutions through the real network services.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';

const dist = new URL('../../dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);

export const platform = await load('libs/platform/src/index.js');
export const core = await load('libs/core/src/index.js');
export const usage = await load('libs/usage/src/index.js');
export const plans = await load('libs/plans/src/index.js');
export const network = await load('libs/network/src/index.js');
export const identity = await load('libs/identity/src/index.js');
const { createApiApp } = await load('apps/api/src/api.app.js');

const withDatabase = (url, db) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

/** One machine-readable line per figure, for a bench runner to collect. */
export function report(name, value, unit, target) {
  const ok = target === undefined ? undefined : target.op === '>=' ? value >= target.value : value <= target.value;
  console.log(
    `BENCH_RESULT ${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, target: target ? `${target.op} ${target.value}` : undefined, ok })}`,
  );
}

/** One signing secret for the bench process and the API processes it starts (tokens issued in one are checked in the other). */
const BENCH_JWT_SECRET = 'bench-only-secret-0123456789abcdef-suotdoi';

export async function bootBench(name, env = {}, opts = {}) {
  const adminUrl =
    process.env.DATABASE_URL ?? `postgresql://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/postgres`;
  const db = `suotdoi_bench_${name}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db} ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  const config = platform.loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: withDatabase(adminUrl, db),
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '20',
    RATE_LIMIT_MAX: '1000000',
    QUEUE_PREFIX: `b_${db.slice(-6)}`,
    STORAGE_DIR: `.data/bench-storage/${db}`,
    DEMO_DATA: 'false',
    JWT_SECRET: BENCH_JWT_SECRET,
    ...env,
  });
  const ds = new DataSource(
    platform.buildDataSourceOptions(config, {
      migrations: core.allMigrations,
      applicationName: 'suotdoi-bench-migrate',
    }),
  );
  await ds.initialize();
  await platform.runMigrations(ds);
  await ds.destroy();
  const app = await createApiApp(config, { worker: opts.worker ?? false, quiet: true });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const get = (type) => app.get(type, { strict: false });
  return {
    app,
    url,
    config,
    get,
    dataSource: app.get(getDataSourceToken()),
    async close() {
      await app.close();
      if (process.env.BENCH_KEEP_DB) return console.log(`kept database ${db}`);
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The API under load in its own process (dist/apps/api/src/main.js, as in production: no worker in it), so the load
 * generator in the bench process does not share its event loop. Resolves once /health answers.
 */
export async function startApiProcess(config, env = {}) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  // BENCH_API_NODE_ARGS passes flags to that process only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, new URL('apps/api/src/main.js', dist).pathname], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: config.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_MAX: '100000000',
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      STORAGE_DIR: config.STORAGE_DIR,
      JWT_SECRET: BENCH_JWT_SECRET,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 1200 || child.exitCode !== null)
      throw new Error(`the API process did not start (exit code ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    /** CPU time (user + system, ms) the API process has used so far; undefined where /proc is not there. */
    async cpuMs() {
      const stat = await import('node:fs/promises')
        .then((fs) => fs.readFile(`/proc/${child.pid}/stat`, 'utf8'))
        .catch(() => undefined);
      if (!stat) return undefined;
      const [utime, stime] = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .slice(11, 13)
        .map(Number);
      return ((utime + stime) * 1000) / 100; // clock ticks (USER_HZ, 100 on Linux)
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const TYPES = [
  ['public_library', 'commune', 500],
  ['school_library', null, 300],
  ['public_library', 'district', 10],
  ['public_library', 'province', 1],
  ['museum', null, 40],
  ['cultural_centre', 'commune', 120],
  ['cultural_centre', 'district', 10],
  ['community_library', null, 19],
];

/** A province (code `code`) with 10 districts × 10 communes and 1,000 institutions of mixed types. */
export async function buildProvince(b, code = 'QNG') {
  const units = b.get(network.UnitsService);
  const insts = b.get(network.InstitutionsService);
  const province = await units.create({
    code,
    name: 'Tỉnh Quảng Ngãi',
    level: 'province',
    kind: null,
    validFrom: '2000-01-01',
    validTo: null,
  });
  const communes = [];
  const districts = [];
  for (let d = 0; d < 10; d++) {
    const district = await units.create({
      code: `${code}-D${d}`,
      name: `Huyện Thử ${d}`,
      level: 'district',
      kind: d < 2 ? 'quan' : 'huyen',
      parentId: province.id,
      validFrom: '2000-01-01',
      validTo: null,
    });
    districts.push(district.id);
    for (let c = 0; c < 10; c++) {
      const commune = await units.create({
        code: `${code}-D${d}-C${c}`,
        name: `Xã Thử ${d}.${c}`,
        level: 'commune',
        kind: null,
        parentId: district.id,
        validFrom: '2000-01-01',
        validTo: null,
      });
      communes.push({ id: commune.id, district: district.id });
    }
  }
  const institutions = [];
  let n = 0;
  for (const [type, level, count] of TYPES) {
    for (let i = 0; i < count; i++, n++) {
      const c = communes[n % communes.length];
      const unitId = level === 'province' ? province.id : level === 'district' ? c.district : c.id;
      const inst = await insts.create({
        code: `${code}-I${n}`,
        name: `Cơ sở ${n} (${type})`,
        type,
        level,
        unitId,
        validFrom: '2000-01-01',
      });
      institutions.push({ id: inst.id, unitId, type });
    }
  }
  return { provinceId: province.id, districts, communes, institutions };
}

/** A system administrator's access token. */
export async function systemAdminToken(b) {
  const accountId = await b.get(identity.AccountsService).create({
    email: `bench-${randomBytes(3).toString('hex')}@thu.example`,
    displayName: 'Bench',
    password: 'Mật-khẩu-thử-2025',
    status: 'active',
    systemAdmin: true,
  });
  return b.get(identity.AuthService).issueAccessToken(accountId);
}

/**
 * Generate `total` events straight into the log (the `cli generate` path for bench data): spread evenly over
 * `years` years from 2018 across the institutions, a mix of kinds. Chunked so progress shows.
 */
export async function generateEvents(b, province, total, years = 8, chunk = 1_000_000) {
  const q = (sql, params) => b.dataSource.query(sql, params);
  await q(`CREATE TABLE IF NOT EXISTS public.bench_insts (n int PRIMARY KEY, id uuid, unit_id uuid)`);
  await q(
    `INSERT INTO public.bench_insts SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[]) ON CONFLICT DO NOTHING`,
    [
      province.institutions.map((_, i) => i),
      province.institutions.map((x) => x.id),
      province.institutions.map((x) => x.unitId),
    ],
  );
  const count = province.institutions.length;
  const seconds = years * 365.25 * 86400;
  for (let from = 0; from < total; from += chunk) {
    const to = Math.min(total, from + chunk) - 1;
    await q(
      `INSERT INTO usage.events (client_event_id, kind, institution_id, unit_id, occurred_at, period_day, quantity, basis, source)
       SELECT 'bench-' || g, (ARRAY['visit','visit','visit','loan','renewal','return','virtual_visit','e_resource_request','programme_attendance','programme_session','in_house_use','museum_learning_visit'])[1 + (g % 12)],
              i.id, i.unit_id, t.at, (t.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 1, 'counted', 'api'
       FROM generate_series($1::bigint, $2::bigint) g
       JOIN public.bench_insts i ON i.n = (g * 7919) % $3
       CROSS JOIN LATERAL (SELECT timestamptz '2018-01-01 00:00:00+07' + make_interval(secs => (g::float8 * $4::float8 / $5::float8)) AS at) t`,
      [from, to, count, seconds, total],
    );
    process.stdout.write(`  generated ${to + 1} / ${total} events\r`);
  }
  process.stdout.write('\n');
  await q(
    `INSERT INTO usage.dirty_days (day) SELECT DISTINCT period_day FROM usage.events ON CONFLICT (day) DO NOTHING`,
  );
  await q(`ANALYZE usage.events`);
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
