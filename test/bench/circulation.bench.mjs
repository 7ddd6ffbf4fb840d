#!/usr/bin/env node
// Circulation benchmark: checkout + check-in pairs per second and request latency (p50/p95/p99) at 32 concurrent
// clients over 100,000 patrons and 1,000,000 copies, through the real HTTP API (in its own process), beside a bare-SQL run of the same
// writes (loan insert, copy status, outbox rows; then loan close, copy status, outbox rows) on the same database.
// Targets: ≥ 40% of the bare-SQL throughput, p95 ≤ 25 ms. Run after a build:
//   npm run bench -- circulation      (BENCH_PATRONS, BENCH_COPIES, BENCH_SECONDS, BENCH_CLIENTS to change sizes)
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { bootBench, identity, network, report, startApiProcess } from './usage-support.mjs';

const PATRONS = Number(process.env.BENCH_PATRONS ?? 100_000);
const COPIES = Number(process.env.BENCH_COPIES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PER_RECORD = 10;
// Database connections on each side: the API process's pool (its DATABASE_POOL_SIZE, default 10 as deployed) and the
// bare-SQL pool are the same size, so both sides queue their 32 clients on the same number of connections. On a
// small machine fewer busy backends contend less: BENCH_POOL=32 gives every client its own connection on both sides.
const POOL = Number(process.env.BENCH_POOL ?? 10);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const b = await bootBench('circulation', { DATABASE_POOL_SIZE: String(Math.max(20, CLIENTS + 8)) });
try {
  const q = (sql, params) => b.dataSource.query(sql, params);
  console.log(
    `setting up one library, ${PATRONS.toLocaleString('en')} patrons and ${COPIES.toLocaleString('en')} copies…`,
  );
  const units = b.get(network.UnitsService);
  const province = await units.create({
    code: 'BENCH-P',
    name: 'Tỉnh Thử',
    level: 'province',
    kind: null,
    validFrom: '2000-01-01',
    validTo: null,
  });
  const commune = await units.create({
    code: 'BENCH-C',
    name: 'Xã Thử',
    level: 'commune',
    kind: null,
    parentId: province.id,
    validFrom: '2000-01-01',
    validTo: null,
  });
  const inst = await b.get(network.InstitutionsService).create({
    code: 'BENCH-TV',
    name: 'Thư viện Thử',
    type: 'public_library',
    level: 'commune',
    unitId: commune.id,
    validFrom: '2000-01-01',
  });
  await b.get(network.CalendarService).setWeeklyHours(
    inst.id,
    [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '07:30', closes: '17:00' })),
  );
  const accounts = b.get(identity.AccountsService);
  const staffId = await accounts.create({
    email: `thu-thu-${randomBytes(3).toString('hex')}@thu.example`,
    displayName: 'Thủ thư Thử',
    password: 'Mật-khẩu-thử-2025',
    status: 'active',
  });
  await accounts.setStaffRoles(staffId, inst.id, ['circulation'], null);
  const token = await b.get(identity.AuthService).issueAccessToken(staffId);

  // Bench data straight into the tables (the `cli generate` path): accounts + patrons, records + copies.
  const tg = performance.now();
  await q(
    `INSERT INTO identity.accounts (id, display_name, status) SELECT md5('acc' || g::text)::uuid, 'Bạn đọc ' || g::text, 'active' FROM generate_series(1, $1::int) g`,
    [PATRONS],
  );
  await q(
    `INSERT INTO identity.patrons (account_id, full_name, category, card_number, card_issued_on, card_expires_on, home_institution_id, status, registration_channel)
     SELECT md5('acc' || g::text)::uuid, 'Nguyễn Văn ' || g::text, 'adult', 'BENCH' || lpad(g::text, 7, '0'), '2025-01-01', '2030-12-31', $2, 'active', 'desk' FROM generate_series(1, $1::int) g`,
    [PATRONS, inst.id],
  );
  const records = Math.ceil(COPIES / PER_RECORD);
  await q(
    `INSERT INTO catalogue.records (id, owner_institution_id, title, language) SELECT md5('rec' || g::text)::uuid, $2, 'Sách thử ' || g::text, 'vie' FROM generate_series(1, $1::int) g`,
    [records, inst.id],
  );
  for (let from = 0; from < COPIES; from += 250_000) {
    await q(
      `INSERT INTO catalogue.copies (record_id, barcode, home_institution_id, location_institution_id)
       SELECT md5('rec' || (g / ${PER_RECORD} + 1)::text)::uuid, 'B' || lpad(g::text, 8, '0'), $3, $3 FROM generate_series($1::int, $2::int) g`,
      [from, Math.min(COPIES, from + 250_000) - 1, inst.id],
    );
  }
  await q(`ANALYZE`);
  console.log(`  generated in ${((performance.now() - tg) / 1000).toFixed(1)} s`);

  const card = (i) => `BENCH${String(1 + (i % PATRONS)).padStart(7, '0')}`;
  const barcode = (j) => `B${String(j % COPIES).padStart(8, '0')}`;
  // Client c only touches copies j ≡ c (mod CLIENTS), so runs measure throughput, not conflicts.
  const slots = Math.floor(COPIES / CLIENTS) - 1;
  const copyFor = (c, k) => ((k * 7919 + c * 104_729) % slots) * CLIENTS + c;

  async function run(label, pair) {
    const latencies = [];
    let pairs = 0;
    let errors = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let k = 0; performance.now() < until; k++) {
          const j = copyFor(c, k);
          const i = Math.floor(Math.random() * PATRONS);
          try {
            await pair(i, j, latencies);
            pairs++;
          } catch (e) {
            if (errors++ < 3) console.log(`  ${label}: ${e.message}`);
          }
        }
      }),
    );
    latencies.sort((x, y) => x - y);
    return {
      pairsPerSecond: pairs / SECONDS,
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      p99: pct(latencies, 99),
      errors,
    };
  }

  const timed = async (latencies, f) => {
    const t = performance.now();
    await f();
    latencies.push(performance.now() - t);
  };
  // The API under load runs in its own process, like production; this process only generates load.
  const api = await startApiProcess(b.config, { DATABASE_POOL_SIZE: String(POOL) });
  // node:http with keep-alive rather than fetch: undici's fetch costs the load generator about 1 ms of CPU per request,
  // which on a small machine is CPU taken from the API and PostgreSQL under test.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const post = (path, body) =>
    new Promise((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = http.request(
        `${api.url}${path}`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(data),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            res.statusCode >= 300
              ? reject(
                  new Error(`${path} answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`),
                )
              : resolve(),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  const apiPair = async (i, j, lat) => {
    await timed(lat, () =>
      post('/circulation/checkouts', { cardNumber: card(i), barcode: barcode(j), institutionId: inst.id }),
    );
    await timed(lat, () => post('/circulation/checkins', { barcode: barcode(j), institutionId: inst.id }));
  };

  // Bare SQL: the same rows written by hand-written statements, on a pool of the same size as the API's.
  const pool = new pg.Pool({ connectionString: b.dataSource.options.url, max: POOL });
  const [{ id: policyId }] = await q(
    `SELECT id FROM circulation.policies WHERE institution_id IS NULL AND patron_category IS NULL AND item_type IS NULL`,
  );
  // Each request takes a connection from the pool and gives it back, as the API does, and its time includes the wait.
  const transaction = (lat, work) =>
    timed(lat, async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await work(client);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    });
  const sqlPair = async (i, j, lat) => {
    await transaction(lat, async (client) => {
      const [{ id: patronId }] = (
        await client.query(`SELECT id FROM identity.patrons WHERE card_number = $1`, [card(i)])
      ).rows;
      const [copy] = (
        await client.query(`SELECT id, record_id FROM catalogue.copies WHERE upper(barcode) = upper($1) FOR UPDATE`, [
          barcode(j),
        ])
      ).rows;
      const [{ id: loanId }] = (
        await client.query(
          `INSERT INTO circulation.loans (copy_id, record_id, item_type, patron_id, institution_id, policy_id, checked_out_at, due_at) VALUES ($1, $2, 'book', $3, $4, $5, now(), now() + interval '14 days') RETURNING id`,
          [copy.id, copy.record_id, patronId, inst.id, policyId],
        )
      ).rows;
      await client.query(`UPDATE catalogue.copies SET status = 'on_loan', status_changed_at = now() WHERE id = $1`, [
        copy.id,
      ]);
      await client.query(
        `INSERT INTO platform.outbox (topic, payload) VALUES ('search.catalogue', $1), ('usage.event', $2)`,
        [
          JSON.stringify({ recordId: copy.record_id, part: 'availability' }),
          JSON.stringify({
            clientEventId: `circulation:loan:${loanId}`,
            kind: 'loan',
            locationId: inst.id,
            occurredAt: new Date().toISOString(),
          }),
        ],
      );
    });
    await transaction(lat, async (client) => {
      const [copy] = (
        await client.query(`SELECT id, record_id FROM catalogue.copies WHERE upper(barcode) = upper($1) FOR UPDATE`, [
          barcode(j),
        ])
      ).rows;
      const [loan] = (
        await client.query(
          `UPDATE circulation.loans SET returned_at = now(), returned_institution_id = $2 WHERE copy_id = $1 AND returned_at IS NULL RETURNING id`,
          [copy.id, inst.id],
        )
      ).rows;
      await client.query(`UPDATE catalogue.copies SET status = 'available', status_changed_at = now() WHERE id = $1`, [
        copy.id,
      ]);
      await client.query(
        `INSERT INTO platform.outbox (topic, payload) VALUES ('search.catalogue', $1), ('usage.event', $2)`,
        [
          JSON.stringify({ recordId: copy.record_id, part: 'availability' }),
          JSON.stringify({
            clientEventId: `circulation:return:${loan.id}`,
            kind: 'return',
            locationId: inst.id,
            occurredAt: new Date().toISOString(),
          }),
        ],
      );
    });
  };

  console.log('warming up…');
  for (let w = 0; w < 20; w++) await apiPair(w, copyFor(w % CLIENTS, 1_000_003 + w), []);
  console.log(`bare SQL, ${CLIENTS} clients on ${POOL} connections, ${SECONDS} s…`);
  const sql = await run('sql', sqlPair);
  console.log(`  ${JSON.stringify(sql)}`);
  console.log(`HTTP API, ${CLIENTS} clients on ${POOL} connections, ${SECONDS} s…`);
  const cpuBefore = await api.cpuMs();
  const apiRun = await run('api', apiPair);
  const cpuAfter = await api.cpuMs();
  // The API process's own CPU per pair: steadier from run to run than throughput on a shared machine.
  if (cpuBefore !== undefined) apiRun.apiCpuMsPerPair = (cpuAfter - cpuBefore) / (apiRun.pairsPerSecond * SECONDS);
  console.log(`  ${JSON.stringify(apiRun)}`);
  await pool.end();
  agent.destroy();
  await api.stop();

  report('circulation.sql.pairs_per_second', sql.pairsPerSecond, 'pairs/s');
  report('circulation.sql.request_p95', sql.p95, 'ms');
  report('circulation.api.pairs_per_second', apiRun.pairsPerSecond, 'pairs/s');
  report('circulation.api.request_p50', apiRun.p50, 'ms');
  report('circulation.api.request_p95', apiRun.p95, 'ms', { op: '<=', value: 25 });
  report('circulation.api.request_p99', apiRun.p99, 'ms');
  if (apiRun.apiCpuMsPerPair !== undefined) report('circulation.api.cpu_per_pair', apiRun.apiCpuMsPerPair, 'ms');
  report('circulation.api.share_of_bare_sql', (100 * apiRun.pairsPerSecond) / sql.pairsPerSecond, '%', {
    op: '>=',
    value: 40,
  });
  report('circulation.api.errors', apiRun.errors, 'requests', { op: '<=', value: 0 });
  const [{ open }] = await q(`SELECT count(*)::int AS open FROM circulation.loans WHERE returned_at IS NULL`);
  if (open !== 0) throw new Error(`${open} loans left open after the run`);
} finally {
  await b.close();
}
process.exit(0);
