#!/usr/bin/env node
// Events benchmark. (1) The race: 1,000 registrations sent at once for a session of 100 seats, through the real HTTP
// API (in its own process), timed from the first request to the last answer, and checked: exactly 100 confirmed and
// 900 waitlisted in arrival order. Beside it, bare SQL doing the same inserts (the session's counter under its row
// lock, the registration row, the notice's outbox row; one transaction each) from 1,000 concurrent callers on a pool
// of the same size. Target: the API race ≤ 2 s. (2) Registrations per second and latency at 32 clients spread over 32
// sessions for BENCH_SECONDS, API beside bare SQL.
//   npm run bench -- events     (BENCH_RACE, BENCH_SEATS, BENCH_SECONDS, BENCH_CLIENTS, BENCH_POOL to change sizes)
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { bootBench, identity, network, report, startApiProcess } from './usage-support.mjs';

const RACE = Number(process.env.BENCH_RACE ?? 1000);
const SEATS = Number(process.env.BENCH_SEATS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const POOL = Number(process.env.BENCH_POOL ?? 20);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
function post(url, body, headers = {}) {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

// What one registration writes, as bare SQL: the session's counters under its row lock, the registration, an outbox row.
const BARE_SQL = `
  WITH s AS (
    UPDATE events.sessions SET
      last_fit = (capacity IS NULL OR (waitlist_length = 0 AND confirmed_seats + 1 <= capacity)),
      confirmed_seats = confirmed_seats + CASE WHEN capacity IS NULL OR (waitlist_length = 0 AND confirmed_seats + 1 <= capacity) THEN 1 ELSE 0 END,
      waitlist_length = waitlist_length + CASE WHEN capacity IS NULL OR (waitlist_length = 0 AND confirmed_seats + 1 <= capacity) THEN 0 ELSE 1 END,
      arrivals = arrivals + 1
    WHERE id = $1 AND status = 'scheduled'
    RETURNING id, programme_id, institution_id, last_fit, arrivals
  )
  INSERT INTO events.registrations (session_id, programme_id, institution_id, kind, full_name, contact_phone, seats, arrival, status, code)
  SELECT s.id, s.programme_id, s.institution_id, 'guest', $2, $3, 1, s.arrivals, CASE WHEN s.last_fit THEN 'confirmed' ELSE 'waitlisted' END, $4 FROM s
  RETURNING id, status`;

// One JWT secret for the bench process (which issues the token) and the API process (which checks it).
const SECRET = `bench-events-${randomBytes(16).toString('hex')}`;
const b = await bootBench('events', { DATABASE_POOL_SIZE: String(POOL), JWT_SECRET: SECRET });
let api;
const bare = new pg.Pool({ connectionString: b.config.databaseUrl, max: POOL });
try {
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
  const accounts = b.get(identity.AccountsService);
  const staffId = await accounts.create({
    email: `to-chuc-${randomBytes(3).toString('hex')}@thu.example`,
    displayName: 'Cán bộ tổ chức',
    password: 'Mật-khẩu-thử-2025',
    status: 'active',
  });
  await accounts.setStaffRoles(staffId, inst.id, ['events'], null);
  const token = await b.get(identity.AuthService).issueAccessToken(staffId);
  const auth = { authorization: `Bearer ${token}` };
  const day = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

  api = await startApiProcess(b.config, { DATABASE_POOL_SIZE: String(POOL), JWT_SECRET: SECRET });
  /** A programme with `n` daily sessions of `seats` seats; returns the session ids. */
  async function sessions(title, n, seats) {
    const res = await post(
      `${api.url}/events/programmes`,
      {
        institutionId: inst.id,
        title,
        category: 'book_day',
        schedule: {
          startsAt: `${day}T08:00`,
          endsAt: `${day}T11:00`,
          place: 'Hội trường',
          capacity: seats,
          ...(n > 1 ? { rrule: `FREQ=DAILY;COUNT=${n}` } : {}),
        },
      },
      auth,
    );
    if (res.status !== 201) throw new Error(`programme: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.sessions.map((s) => s.id);
  }

  // ---- (1) the race ----
  const [raceSession] = await sessions('Ngày Sách — cuộc đua', 1, SEATS);
  const [bareSession] = await sessions('Ngày Sách — SQL trần', 1, SEATS);
  // Warm both paths (connections, prepared statements) on a throwaway session.
  const [warm] = await sessions('Khởi động', 1, 5);
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      post(`${api.url}/events/sessions/${warm}/guest-registrations`, {
        fullName: `Khởi động ${i}`,
        phone: '0900000000',
      }),
    ),
  );

  const t0 = performance.now();
  const answers = await Promise.all(
    Array.from({ length: RACE }, (_, i) =>
      post(`${api.url}/events/sessions/${raceSession}/guest-registrations`, {
        fullName: `Khách Đặng Thị Hồng ${i}`,
        phone: `0912${String(i).padStart(6, '0')}`,
      }),
    ),
  );
  const apiMs = performance.now() - t0;
  const bad = answers.filter((a) => a.status !== 201);
  const confirmed = answers.filter((a) => a.body.status === 'confirmed').length;
  const waitlisted = answers.filter((a) => a.body.status === 'waitlisted').length;
  const positions = answers
    .filter((a) => a.body.status === 'waitlisted')
    .map((a) => a.body.waitlistPosition)
    .sort((x, y) => x - y);
  const inOrder = positions.every((p, i) => p === i + 1);
  console.error(
    `race through the API: ${RACE} registrations for ${SEATS} seats in ${apiMs.toFixed(0)} ms — ${confirmed} confirmed, ${waitlisted} waitlisted (positions 1..${positions.length} ${inOrder ? 'in order' : 'NOT in order'}), ${bad.length} errors`,
  );
  if (bad.length || confirmed !== SEATS || waitlisted !== RACE - SEATS || !inOrder)
    throw new Error(`race result wrong: ${JSON.stringify(bad.slice(0, 3))}`);

  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: RACE }, async (_, i) => {
      const c = await bare.connect();
      try {
        await c.query('BEGIN');
        await c.query({
          name: 'bench_register',
          text: BARE_SQL,
          values: [bareSession, `Khách ${i}`, '0912000000', randomBytes(5).toString('hex')],
        });
        await c.query(`INSERT INTO platform.outbox (topic, payload) VALUES ('events.notice', $1)`, [
          JSON.stringify({ kind: 'confirmed', registrationIds: [] }),
        ]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    }),
  );
  const bareMs = performance.now() - t1;
  const [counts] = (
    await bare.query(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS c, count(*) FILTER (WHERE status = 'waitlisted')::int AS w FROM events.registrations WHERE session_id = $1`,
      [bareSession],
    )
  ).rows;
  console.error(
    `race in bare SQL:     ${RACE} registrations in ${bareMs.toFixed(0)} ms — ${counts.c} confirmed, ${counts.w} waitlisted`,
  );
  report('events.race_1000_for_100.api_ms', apiMs, 'ms', { op: '<=', value: 2000 });
  report('events.race_1000_for_100.bare_sql_ms', bareMs, 'ms');
  report('events.race_1000_for_100.api_over_bare', apiMs / bareMs, 'x');

  // ---- (2) throughput at CLIENTS clients over CLIENTS sessions ----
  const big = Math.max(1000, Math.ceil((SECONDS * 3000) / CLIENTS));
  async function run(label, list, one) {
    const latencies = [];
    let n = 0;
    let errors = 0;
    const until = performance.now() + SECONDS * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let k = 0; performance.now() < until; k++) {
          const s = performance.now();
          try {
            await one(list[c % list.length], `${label} ${c}-${k}`);
            n++;
            latencies.push(performance.now() - s);
          } catch (e) {
            if (errors++ < 3) console.error(`  ${label}: ${e.message}`);
          }
        }
      }),
    );
    const secs = (performance.now() - start) / 1000;
    latencies.sort((x, y) => x - y);
    return { perSecond: n / secs, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors };
  }
  const apiSessions = await sessions('Thông lượng — API', CLIENTS, big);
  const bareSessions = await sessions('Thông lượng — SQL trần', CLIENTS, big);
  const viaApi = await run('api', apiSessions, async (sid, name) => {
    const r = await post(`${api.url}/events/sessions/${sid}/guest-registrations`, {
      fullName: name,
      phone: '0912345678',
    });
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  });
  const viaSql = await run('sql', bareSessions, async (sid, name) => {
    const c = await bare.connect();
    try {
      await c.query('BEGIN');
      await c.query({
        name: 'bench_register',
        text: BARE_SQL,
        values: [sid, name, '0912345678', randomBytes(5).toString('hex')],
      });
      await c.query(`INSERT INTO platform.outbox (topic, payload) VALUES ('events.notice', $1)`, [
        JSON.stringify({ kind: 'confirmed', registrationIds: [] }),
      ]);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  for (const [label, f] of [
    ['api', viaApi],
    ['bare_sql', viaSql],
  ]) {
    console.error(
      `${label.padEnd(8)} ${f.perSecond.toFixed(0).padStart(6)} registrations/s at ${CLIENTS} clients  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  (${f.errors} errors)`,
    );
    report(`events.register_${CLIENTS}_clients.${label}.per_second`, f.perSecond, 'registrations/s');
    report(`events.register_${CLIENTS}_clients.${label}.p95_ms`, f.p95, 'ms');
  }
  report(`events.register_${CLIENTS}_clients.api_share_of_bare`, viaApi.perSecond / viaSql.perSecond, 'ratio');
} finally {
  await bare.end();
  await api?.stop();
  await b.close();
}
