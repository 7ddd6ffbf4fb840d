#!/usr/bin/env node
// Search benchmark on generated records (default 1,000,000; BENCH_RECORDS=… to change), on both engines in one run
// (BENCH_ENGINES=postgres,meilisearch, the default; either alone): for each, the index build time (the `cli reindex`
// path), then p50/p95/p99 and throughput at concurrency 1, 8 and 32 for a mix of queries (common words, rare words,
// accentless, prefix, ISBN, faceted, typo), through the HTTP API (GET /catalogue/search, facets on, the API in its own
// process) and, next to it, the bare engine doing the same work: the SQL the PostgreSQL adapter runs, or the request
// the Meilisearch adapter sends, straight to Meilisearch over HTTP. Targets: p95 ≤ 50 ms with facets at concurrency 8
// (on Meilisearch); API ≤ 1.5 × the bare engine. Meilisearch is the optional dependency's server (v1.21.0) started on a
// free port in a temporary directory (BENCH_MEILI_MEMORY, default 1GiB, is its indexing budget), or MEILI_URL.
// BENCH_SECONDS=… sets the duration of each run (default 15). Prints BENCH_RESULT lines (same format as the other
// benches). Uses the PostgreSQL at DATABASE_URL or 127.0.0.1:5432; the database is dropped at the end
// (BENCH_KEEP_DB=1 keeps it, BENCH_DB=name reuses a kept one and skips generation and the PostgreSQL index build).
// BENCH_MEILI_DIR=… keeps the embedded Meilisearch's data (and its key) in that directory: a later run with the same
// BENCH_DB and BENCH_MEILI_DIR finds the index complete and skips its build, so the queries alone can be measured again
// (on a quieter machine, say).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';

const dist = new URL('../../dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const platform = await load('libs/platform/src/index.js');
const core = await load('libs/core/src/index.js');
const catalogue = await load('libs/catalogue/src/index.js');
const { createApiApp } = await load('apps/api/src/api.app.js');
const { startApiProcess } = await import('./usage-support.mjs');

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = [1, 8, 32];
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,meilisearch')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);

function report(name, value, unit, target) {
  const ok = target === undefined ? undefined : target.op === '>=' ? value >= target.value : value <= target.value;
  console.log(
    `BENCH_RESULT ${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, target: target ? `${target.op} ${target.value}` : undefined, ok })}`,
  );
}
const withDatabase = (url, db) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// Vietnamese syllables for generated titles: a frequent head (Zipf-like picks) and a long tail of rarer words.
const COMMON = [
  'sách',
  'việt',
  'nam',
  'lịch',
  'sử',
  'văn',
  'học',
  'truyện',
  'thơ',
  'kỹ',
  'thuật',
  'trồng',
  'cây',
  'giáo',
  'dục',
  'trẻ',
  'em',
  'người',
  'đời',
  'sống',
  'nông',
  'thôn',
  'tiếng',
  'hướng',
  'dẫn',
  'khoa',
  'kinh',
  'tế',
  'xã',
  'hội',
  'hóa',
  'nghệ',
  'dân',
  'tộc',
  'quê',
  'hương',
  'đất',
  'nước',
  'con',
  'đường',
  'mùa',
  'xuân',
  'làng',
  'chuyện',
  'cổ',
  'tích',
  'tuổi',
  'thơ',
  'gia',
  'đình',
  'sức',
  'khỏe',
  'môi',
  'trường',
  'pháp',
  'luật',
  'toán',
  'địa',
  'lý',
  'chăn',
  'nuôi',
  'bò',
  'gà',
  'lúa',
  'cà',
  'phê',
  'miền',
  'trung',
  'tây',
  'nguyên',
  'biển',
  'đảo',
  'hà',
  'nội',
  'huế',
  'sài',
  'gòn',
  'mẹ',
  'cha',
  'bạn',
  'tình',
  'yêu',
  'chiến',
  'tranh',
  'hòa',
  'bình',
  'kiều',
  'sạch',
  'đẹp',
  'hay',
  'mới',
  'xưa',
  'nay',
  'những',
  'ngày',
  'tháng',
  'năm',
];
const RARE = [
  'khe',
  'sanh',
  'pa',
  'kô',
  'vân',
  'bru',
  'tà',
  'ôi',
  'cồng',
  'chiêng',
  'nhà',
  'rông',
  'thổ',
  'cẩm',
  'mắc',
  'ca',
  'hồ',
  'tiêu',
  'sầu',
  'riêng',
  'đâm',
  'trâu',
  'chữ',
  'nổi',
  'braille',
  'lao',
  'bảo',
  'hướng',
  'phùng',
  'tân',
  'hợp',
  'đắk',
  'mar',
  'ngọk',
  'wang',
  'quảng',
  'nghiệp',
  'ninh',
  'kiều',
  'phong',
  'điền',
  'cái',
  'răng',
  'chợ',
  'nổi',
  'ê',
  'đê',
  'ba',
  'na',
  'xơ',
  'đăng',
  'khmer',
  'chăm',
  'mường',
  'tày',
  'nùng',
  'thái',
  'h’mông',
  'dao',
  'gùi',
  'khèn',
  'đàn',
  'đá',
  'trống',
  'đồng',
  'đông',
  'sơn',
  'óc',
  'eo',
  'sa',
  'huỳnh',
  'champa',
  'mỹ',
  'sơn',
  'phố',
  'hội',
  'an',
  'tràng',
  'an',
  'bái',
  'đính',
  'yên',
  'tử',
  'trúc',
  'lâm',
];
const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Quang', 'Thu', 'Ngọc', 'Hữu', 'Thanh', 'Xuân'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dung',
  'Đông',
  'Hà',
  'Hải',
  'Hoa',
  'Huy',
  'Lan',
  'Mai',
  'Nam',
  'Phúc',
  'Quyên',
  'Sơn',
  'Tâm',
  'Thảo',
  'Tùng',
  'Uyên',
  'Vinh',
  'Du',
  'Chiểu',
  'Tuân',
  'Khoa',
];
const SUBJECTS = [
  'Văn học Việt Nam',
  'Văn học thiếu nhi',
  'Sách giáo khoa',
  'Khuyến nông',
  'Cà phê',
  'Lịch sử',
  'Địa chí',
  'Kỹ năng sống',
  'Sức khỏe',
  'Pháp luật',
  'Ngôn ngữ dân tộc thiểu số',
  'Văn hóa dân gian',
  'Công nghệ thông tin',
  'Môi trường',
  'Kinh tế',
  'Du lịch',
];
const PUBLISHERS = [
  'NXB Văn học',
  'NXB Kim Đồng',
  'NXB Giáo dục Việt Nam',
  'NXB Trẻ',
  'NXB Nông nghiệp',
  'NXB Dân tộc',
  'NXB Chính trị quốc gia Sự thật',
  'NXB Thuận Hóa',
  'NXB Hội Nhà văn',
  'NXB Khoa học xã hội',
];
const sqlArray = (a) => `ARRAY[${a.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/** Fast generation with INSERT … SELECT generate_series, in chunks so progress shows and WAL stays bounded. */
async function generate(client, institutions) {
  const u = (k) => `((abs(hashint4(g * 31 + ${k})) % 1000000) / 1000000.0)`;
  const zipf = (arr, k) => `(${arr})[1 + floor(array_length(${arr}, 1) * power(${u(k)}, 2.2))::int]`;
  const pickU = (arr, k) => `(${arr})[1 + floor(array_length(${arr}, 1) * ${u(k)})::int]`;
  const common = sqlArray(COMMON);
  const rare = sqlArray(RARE);
  const chunk = 100_000;
  const insts = sqlArray(institutions);
  for (let from = 1; from <= RECORDS; from += chunk) {
    const to = Math.min(RECORDS, from + chunk - 1);
    await client.query(`
      INSERT INTO catalogue.records (id, control_number, owner_institution_id, title, subtitle, authors, publisher, place, year, isbns, language, subjects, ddc, audience, accessible_formats, local_content, created_at)
      SELECT md5('rec' || g)::uuid, 'BENCH-' || g, (${insts})[1 + (g % ${institutions.length})]::uuid,
        ${zipf(common, 1)} || ' ' || ${zipf(common, 2)} || ' ' || CASE WHEN ${u(3)} < 0.25 THEN ${pickU(rare, 4)} ELSE ${zipf(common, 5)} END
          || CASE WHEN ${u(6)} < 0.5 THEN ' ' || ${zipf(common, 7)} ELSE '' END,
        CASE WHEN ${u(8)} < 0.3 THEN ${zipf(common, 9)} || ' ' || ${pickU(rare, 10)} END,
        jsonb_build_array(jsonb_build_object('name', ${pickU(sqlArray(SURNAMES), 11)} || ' ' || ${pickU(sqlArray(MIDDLE), 12)} || ' ' || ${pickU(sqlArray(GIVEN), 13)}, 'role', 'author')),
        ${pickU(sqlArray(PUBLISHERS), 14)}, 'Hà Nội', 1950 + floor(75 * ${u(15)})::int,
        ARRAY[isbn], CASE WHEN ${u(16)} < 0.9 THEN 'vie' WHEN ${u(16)} < 0.94 THEN 'bru' WHEN ${u(16)} < 0.97 THEN 'pac' ELSE 'eng' END,
        ARRAY[${pickU(sqlArray(SUBJECTS), 17)}], '895.922', CASE WHEN ${u(18)} < 0.25 THEN 'children' WHEN ${u(18)} < 0.35 THEN 'youth' ELSE 'adult' END,
        CASE WHEN ${u(19)} < 0.02 THEN ARRAY['braille'] WHEN ${u(19)} < 0.05 THEN ARRAY['large_print'] ELSE '{}'::text[] END,
        ${u(20)} < 0.05, timestamptz '2015-01-01' + (g * interval '5 minutes')
      FROM generate_series(${from}, ${to}) g,
      LATERAL (SELECT '978604' || lpad(((g - 1) % 1000000)::text, 6, '0') AS body) b,
      LATERAL (SELECT b.body || ((10 - (SELECT sum(substr(b.body, k, 1)::int * CASE WHEN k % 2 = 0 THEN 3 ELSE 1 END) FROM generate_series(1, 12) k) % 10) % 10)::text AS isbn) i`);
    // 0–3 copies per record over the institutions; most on the shelf.
    await client.query(`
      INSERT INTO catalogue.copies (record_id, barcode, home_institution_id, location_institution_id, status, item_type)
      SELECT md5('rec' || g)::uuid, 'B' || g || '-' || c, (${insts})[1 + ((g + c * 7) % ${institutions.length})]::uuid, (${insts})[1 + ((g + c * 7) % ${institutions.length})]::uuid,
        CASE WHEN ${u(21)} < 0.7 THEN 'available' WHEN ${u(21)} < 0.9 THEN 'on_loan' ELSE 'in_transit' END, 'book'
      FROM generate_series(${from}, ${to}) g, generate_series(1, (abs(hashint4(g)) % 4)) c`);
    process.stdout.write(`  generated ${to.toLocaleString('en')} records\r`);
  }
  process.stdout.write('\n');
  await client.query('ANALYZE catalogue.records; ANALYZE catalogue.copies');
}

/** The query mix: [class, query parameters]. */
function queryMix(isbns) {
  const h = (s) => `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 12)}-${s.slice(12)}`;
  return [
    ['common', { q: 'sách' }],
    ['common', { q: 'lịch sử việt nam' }],
    ['common', { q: 'văn học' }],
    ['common', { q: 'trồng cây' }],
    ['rare', { q: 'cồng chiêng' }],
    ['rare', { q: 'khe sanh' }],
    ['rare', { q: 'nhà rông' }],
    ['rare', { q: 'mắc ca' }],
    ['accentless', { q: 'truyen kieu' }],
    ['accentless', { q: 'lich su dia ly' }],
    ['accentless', { q: 'ca phe huong hoa' }],
    ['accentless', { q: 'duong lang que' }],
    ['prefix', { q: 'nguy' }],
    ['prefix', { q: 'lịch s' }],
    ['prefix', { q: 'chăn nu' }],
    ['prefix', { q: 'đồng bằ' }],
    ['isbn', { q: isbns[0] }],
    ['isbn', { q: h(isbns[1]) }],
    ['isbn', { q: isbns[2] }],
    ['faceted', { q: 'văn học', language: 'vie', audience: 'children' }],
    ['faceted', { q: 'lich su', availability: 'on_shelf', yearFrom: '1990', yearTo: '2020' }],
    ['faceted', { q: 'sach', subject: 'Khuyến nông' }],
    ['faceted', { q: 'truyen', language: 'bru' }],
    ['typo', { q: 'chiieen tranh' }],
  ];
}

async function runLoad(label, concurrency, mix, exec) {
  const lat = [];
  const byClass = new Map();
  const until = performance.now() + SECONDS * 1000;
  let n = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let i = w;
      while (performance.now() < until) {
        const [cls, q] = mix[i++ % mix.length];
        const t = performance.now();
        try {
          await exec(q);
        } catch (e) {
          // Failed requests (e.g. the shared server's connection limit) are counted apart, not as fast answers.
          errors++;
          if (errors < 3) console.error(`${label}: ${e.message}`);
          continue;
        }
        const ms = performance.now() - t;
        lat.push(ms);
        if (!byClass.has(cls)) byClass.set(cls, []);
        byClass.get(cls).push(ms);
        n++;
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const stats = { p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), qps: n / SECONDS, n, errors, classes: {} };
  for (const [cls, l] of byClass) {
    l.sort((a, b) => a - b);
    stats.classes[cls] = { p50: pct(l, 50), p95: pct(l, 95) };
  }
  return stats;
}

const adminUrl = process.env.DATABASE_URL ?? `postgresql://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/postgres`;
const reuse = process.env.BENCH_DB;
const db = reuse ?? `suotdoi_bench_search_${randomBytes(3).toString('hex')}`;
if (!reuse) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db} ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
}
const config = platform.loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: withDatabase(adminUrl, db),
  LOG_LEVEL: 'silent',
  DATABASE_POOL_SIZE: '40',
  RATE_LIMIT_MAX: '100000000',
  QUEUE_PREFIX: `b_${db.slice(-6)}`,
  STORAGE_DIR: `.data/bench-storage/${db}`,
  DEMO_DATA: 'false',
  SEARCH_ENGINE: 'postgres',
});
const ds = new DataSource(
  platform.buildDataSourceOptions(config, { migrations: core.allMigrations, applicationName: 'suotdoi-bench-migrate' }),
);
await ds.initialize();
await platform.runMigrations(ds);
await ds.destroy();
// The index build and the bare-engine side run in this process; the API under test runs in its own process (as in
// production), so the load generator does not share its event loop.
const app = await createApiApp(config, { worker: false, quiet: true });
// At most 16 connections each for the API and the bare-SQL side: the PostgreSQL server is shared (max_connections).
const sql = new pg.Pool({ connectionString: config.databaseUrl, max: 16 });
let meiliServer;
let meiliDir;
const toQuery = (q) => ({
  q: q.q,
  filters: {
    language: q.language && [q.language],
    audience: q.audience && [q.audience],
    availability: q.availability && [q.availability],
    subject: q.subject && [q.subject],
    yearFrom: q.yearFrom && Number(q.yearFrom),
    yearTo: q.yearTo && Number(q.yearTo),
  },
});

async function build(label, target) {
  console.log(`building the ${label} search index (cli reindex path: ReindexService → ${label} adapter)…`);
  const t1 = performance.now();
  let last = 0;
  const r = await target.get(catalogue.ReindexService).rebuild({
    batchSize: 5000,
    onProgress: (done) => {
      if (done - last >= 100_000) {
        last = done;
        console.log(`  indexed ${done.toLocaleString('en')} (${((performance.now() - t1) / 1000).toFixed(0)} s)`);
      }
    },
  });
  const s = (performance.now() - t1) / 1000;
  report(`search.${label}.index_build`, s, 's');
  report(`search.${label}.index_build_rate`, r.documents / s, 'docs/s');
  return r;
}

/** Load the API (its own process) and the bare engine with the same mix, at each concurrency. */
async function measure(label, url, mix, bare, describe) {
  const api = async (q) => {
    const r = await fetch(`${url}/catalogue/search?${new URLSearchParams(q)}`);
    if (r.status !== 200) throw new Error(`search answered ${r.status}: ${await r.text()}`);
    await r.json();
  };
  // Warm-up, and a sample of what comes back: total ("+": a lower bound), "≈" when the facet counts are a sample,
  // how the engine was asked, and the top hit.
  for (const [cls, q] of mix) {
    await api(q);
    await bare(q);
    const r = await (await fetch(`${url}/catalogue/search?${new URLSearchParams({ ...q, limit: '1' })}`)).json();
    console.log(
      `  ${label.padEnd(11)} ${cls.padEnd(10)} ${JSON.stringify(q).padEnd(70)} total ${String(r.total).padStart(7)}${r.totalIsExact ? ' ' : '+'} ${r.facetsApproximate ? '≈' : ' '} ${describe(q).padEnd(9)} top: ${r.hits[0]?.title ?? '—'}`,
    );
  }
  for (const c of CONCURRENCY) {
    // The machine may be shared: the load average around each run says how much of it the run had.
    const loadBefore = loadavg()[0];
    const a = await runLoad('api', c, mix, api);
    const b = await runLoad('bare', c, mix, bare);
    console.log(
      `    ${label} c=${c}: load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
    );
    const target = c === 8 ? { op: '<=', value: 50 } : undefined;
    report(`search.${label}.api.c${c}.p50`, a.p50, 'ms');
    report(`search.${label}.api.c${c}.p95`, a.p95, 'ms', target);
    report(`search.${label}.api.c${c}.p99`, a.p99, 'ms');
    report(`search.${label}.api.c${c}.throughput`, a.qps, 'req/s');
    report(`search.${label}.bare.c${c}.p50`, b.p50, 'ms');
    report(`search.${label}.bare.c${c}.p95`, b.p95, 'ms');
    report(`search.${label}.bare.c${c}.p99`, b.p99, 'ms');
    report(`search.${label}.bare.c${c}.throughput`, b.qps, 'queries/s');
    report(`search.${label}.api_over_bare.c${c}.p50_ratio`, a.p50 / b.p50, 'x', { op: '<=', value: 1.5 });
    report(`search.${label}.api_over_bare.c${c}.p95_ratio`, a.p95 / b.p95, 'x');
    for (const [cls, st] of Object.entries(a.classes))
      console.log(
        `    ${label} c=${c} ${cls.padEnd(10)} api p50 ${st.p50.toFixed(1)} ms p95 ${st.p95.toFixed(1)} ms | bare p50 ${b.classes[cls].p50.toFixed(1)} ms p95 ${b.classes[cls].p95.toFixed(1)} ms`,
      );
    if (a.errors || b.errors) {
      report(`search.${label}.api.c${c}.errors`, a.errors, 'requests');
      report(`search.${label}.bare.c${c}.errors`, b.errors, 'queries');
    }
  }
}

try {
  if (!reuse) {
    console.log(`generating ${RECORDS.toLocaleString('en')} records with copies (INSERT … SELECT)…`);
    const institutions = Array.from(
      { length: 200 },
      (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    );
    const t0 = performance.now();
    const c = await sql.connect();
    try {
      await generate(c, institutions);
    } finally {
      c.release();
    }
    report('search.generate_records', (performance.now() - t0) / 1000, 's');
  }
  const { rows } = await sql.query(`SELECT isbns[1] AS isbn FROM catalogue.records TABLESAMPLE SYSTEM (1) LIMIT 3`);
  const mix = queryMix(rows.map((r) => r.isbn));

  const runs = {};
  runs.postgres = async () => {
    if (!reuse) {
      await build('postgres', app);
      await sql.query('VACUUM ANALYZE catalogue.search_documents');
    }
    const api_ = await startApiProcess(config, { DATABASE_POOL_SIZE: '16', SEARCH_ENGINE: 'postgres' });
    try {
      const adapter = new platform.PostgresSearchIndex(
        app.get((await import('@nestjs/typeorm')).getDataSourceToken()),
        { documents: 'catalogue.search_documents', words: 'catalogue.search_words' },
      );
      // The bare SQL of every query, prepared once (what the adapter sends to PostgreSQL for it).
      const plans = new Map();
      for (const [, q] of mix) plans.set(q, await adapter.plan(toQuery(q)));
      // Every statement the adapter sends for the query: the word lookup (completions, typos) and the search.
      const bare = async (q) => {
        const p = plans.get(q);
        const c = await sql.connect();
        try {
          for (const b of p.before) await c.query(b.sql, b.params);
          await c.query(p.sql, p.params);
        } finally {
          c.release();
        }
      };
      await measure('postgres', api_.url, mix, bare, (q) => plans.get(q).path ?? '');
    } finally {
      await api_.stop();
    }
  };

  runs.meilisearch = async () => {
    let meiliUrl = process.env.MEILI_URL;
    let meiliKey = process.env.MEILI_API_KEY ?? '';
    if (!meiliUrl) {
      if (!platform.meilisearchBinary())
        throw new Error('no Meilisearch: install the optional dependency (Linux x64) or set MEILI_URL');
      const keptDir = process.env.BENCH_MEILI_DIR;
      meiliDir = keptDir ?? mkdtempSync(join(tmpdir(), 'suotdoi-bench-meili-'));
      if (keptDir) mkdirSync(keptDir, { recursive: true });
      const keyFile = join(meiliDir, 'bench-master-key');
      const masterKey =
        keptDir && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : randomBytes(24).toString('base64url');
      if (keptDir) writeFileSync(keyFile, masterKey, { mode: 0o600 });
      const net = await import('node:net');
      const port = await new Promise((r) => {
        const srv = net.createServer().listen(0, '127.0.0.1', () => {
          const p = srv.address().port;
          srv.close(() => r(p));
        });
      });
      meiliServer = await platform.startMeilisearch({
        dir: keptDir ? join(meiliDir, 'data') : meiliDir,
        port,
        masterKey,
        maxIndexingMemory: process.env.BENCH_MEILI_MEMORY ?? '1GiB',
      });
      meiliUrl = meiliServer.url;
      meiliKey = meiliServer.apiKey;
    }
    const meiliEnv = { SEARCH_ENGINE: 'meilisearch', MEILI_URL: meiliUrl, MEILI_API_KEY: meiliKey };
    const mconfig = platform.loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: config.databaseUrl,
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '16',
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      STORAGE_DIR: config.STORAGE_DIR,
      DEMO_DATA: 'false',
      ...meiliEnv,
    });
    const mapp = await createApiApp(mconfig, { worker: false, quiet: true });
    try {
      const uid = `${mconfig.QUEUE_PREFIX}_catalogue`;
      const stats = await fetch(`${meiliUrl}/indexes/${uid}/stats`, {
        headers: { authorization: `Bearer ${meiliKey}` },
      }).then((r) => (r.status === 200 ? r.json() : undefined));
      const { rows: countRows } = await sql.query('SELECT count(*)::int AS n FROM catalogue.records');
      if (reuse && stats && stats.numberOfDocuments === countRows[0].n && !stats.isIndexing)
        console.log(`the Meilisearch index ${uid} already holds all ${stats.numberOfDocuments} records: no rebuild`);
      else await build('meilisearch', mapp);
      const api_ = await startApiProcess(mconfig, { DATABASE_POOL_SIZE: '16', ...meiliEnv });
      try {
        const adapter = new platform.MeilisearchSearchIndex({
          url: meiliUrl,
          apiKey: meiliKey,
          indexUid: `${mconfig.QUEUE_PREFIX}_catalogue`,
        });
        const plans = new Map();
        for (const [, q] of mix) plans.set(q, adapter.plan(toQuery(q)));
        const headers = { authorization: `Bearer ${meiliKey}`, 'content-type': 'application/json' };
        // What the adapter sends, straight to Meilisearch: one index search, or the federated exact-then-folded search.
        const bare = async (q) => {
          const p = plans.get(q);
          const [path, body] = p.federated
            ? ['/multi-search', p.federated]
            : [`/indexes/${p.indexUid}/search`, { q: p.q, ...p.params }];
          const r = await fetch(`${meiliUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
          if (r.status !== 200) throw new Error(`Meilisearch answered ${r.status}: ${await r.text()}`);
          await r.json();
        };
        await measure('meilisearch', api_.url, mix, bare, (q) => (plans.get(q).federated ? 'federated' : 'search'));
      } finally {
        await api_.stop();
      }
    } finally {
      await mapp.close();
    }
  };
  // In the order given (BENCH_ENGINES=meilisearch,postgres measures Meilisearch first).
  for (const engine of ENGINES) await runs[engine]();
} finally {
  await sql.end();
  await app.close();
  await meiliServer?.stop();
  if (meiliDir && !process.env.BENCH_MEILI_DIR) rmSync(meiliDir, { recursive: true, force: true });
  if (!reuse && !process.env.BENCH_KEEP_DB) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  } else console.log(`kept database ${db}`);
}
