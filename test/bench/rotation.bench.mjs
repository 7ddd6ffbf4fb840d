#!/usr/bin/env node
// Rotation benchmark, each figure beside the bare SQL doing the same writes (or read) in the same run:
//   1. dispatch of a 5,000-copy shipment through the API (target ≤ 2 s);
//   2. receipt of 5,000 scans through the API, one barcode per request, 8 clients (target ≥ 500 scans/s);
//   3. per-collection figures over 1,000,000 loans in usage.events (target ≤ 200 ms).
// Run after a build:  npm run bench -- rotation   (BENCH_COPIES, BENCH_LOANS, BENCH_CLIENTS to change sizes)
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { bootBench, identity, network, report } from './usage-support.mjs';

const COPIES = Number(process.env.BENCH_COPIES ?? 5_000);
const LOANS = Number(process.env.BENCH_LOANS ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const COLLECTIONS = 100;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const b = await bootBench('rotation', { DATABASE_POOL_SIZE: String(CLIENTS + 4) });
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
function call(method, path, token, body) {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${b.url}${path}`,
      {
        method,
        agent,
        headers: {
          'content-type': 'application/json',
          ...(data ? { 'content-length': Buffer.byteLength(data) } : {}),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode >= 300)
            return reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

try {
  const q = (sql, params) => b.dataSource.query(sql, params);
  console.log(`setting up a provincial library, two hosts and ${COPIES.toLocaleString('en')} copies…`);
  const units = b.get(network.UnitsService);
  const province = await units.create({
    code: 'BENCH-QT',
    name: 'Tỉnh Quảng Trị',
    level: 'province',
    kind: null,
    validFrom: '2000-01-01',
    validTo: null,
  });
  const commune = (code, name) =>
    units.create({
      code,
      name,
      level: 'commune',
      kind: null,
      parentId: province.id,
      validFrom: '2000-01-01',
      validTo: null,
    });
  const institutions = b.get(network.InstitutionsService);
  const owner = await institutions.create({
    code: 'BENCH-TVT',
    name: 'Thư viện tỉnh Quảng Trị',
    type: 'public_library',
    level: 'province',
    unitId: (await commune('BENCH-DH', 'Phường Đông Hà')).id,
    validFrom: '2000-01-01',
  });
  const host = await institutions.create({
    code: 'BENCH-HL',
    name: 'Thư viện xã Hướng Lập',
    type: 'public_library',
    level: 'commune',
    unitId: (await commune('BENCH-HLX', 'Xã Hướng Lập')).id,
    validFrom: '2000-01-01',
  });
  const accounts = b.get(identity.AccountsService);
  const staff = async (inst) => {
    const id = await accounts.create({
      email: `thu-thu-${randomBytes(3).toString('hex')}@thu.example`,
      displayName: 'Thủ thư Thử',
      password: 'Mật-khẩu-thử-2025',
      status: 'active',
    });
    await accounts.setStaffRoles(id, inst, ['circulation'], null);
    return b.get(identity.AuthService).issueAccessToken(id);
  };
  const ownerToken = await staff(owner.id);
  const hostToken = await staff(host.id);

  // Two sets of copies: one for the API, one for the bare SQL (the same writes on the same database).
  await q(
    `INSERT INTO catalogue.records (id, owner_institution_id, title, language) SELECT md5('rrec' || g::text)::uuid, $2, 'Truyện cổ Vân Kiều ' || g::text, 'bru' FROM generate_series(1, $1::int) g`,
    [COPIES / 10, owner.id],
  );
  for (const prefix of ['A', 'S']) {
    await q(
      `INSERT INTO catalogue.copies (record_id, barcode, home_institution_id, location_institution_id)
       SELECT md5('rrec' || (g / 10 + 1)::text)::uuid, '${prefix}' || lpad(g::text, 7, '0'), $2, $2 FROM generate_series(0, $1::int - 1) g`,
      [COPIES, owner.id],
    );
  }
  await q('ANALYZE');
  const barcodes = Array.from({ length: COPIES }, (_, i) => `A${String(i).padStart(7, '0')}`);

  const collection = await call('POST', '/rotation/collections', ownerToken, {
    ownerInstitutionId: owner.id,
    name: 'Bộ sách Vân Kiều – Pa Kô (bench)',
  });
  await call('POST', `/rotation/collections/${collection.id}/copies`, ownerToken, { barcodes });
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  await call('POST', `/rotation/collections/${collection.id}/itineraries`, ownerToken, {
    mode: 'one_way',
    startsOn: today,
    stages: [{ hostId: host.id, days: 60 }],
  });
  const shipment = await call('POST', `/rotation/collections/${collection.id}/shipments`, ownerToken, {});

  // 1. Dispatch.
  let t = performance.now();
  await call('POST', `/rotation/shipments/${shipment.id}/dispatch`, ownerToken, {});
  const apiDispatch = performance.now() - t;
  const bare = new pg.Pool({ connectionString: b.config.databaseUrl, max: CLIENTS });
  const sIds = (await q(`SELECT id FROM catalogue.copies WHERE barcode LIKE 'S%' ORDER BY barcode`)).map((r) => r.id);
  const [{ id: bareShipment }] = await q(
    `INSERT INTO rotation.shipments (collection_id, from_institution_id, to_institution_id, status, closed_at) VALUES ($1, $2, $3, 'cancelled', now()) RETURNING id`,
    [collection.id, owner.id, host.id],
  );
  t = performance.now();
  {
    const c = await bare.connect();
    await c.query('BEGIN');
    await c.query(`SELECT id FROM rotation.shipments WHERE id = $1 FOR UPDATE`, [bareShipment]);
    const moved = await c.query(
      `UPDATE catalogue.copies SET status = 'in_transit', status_changed_at = now(), version = version + 1 WHERE id = ANY($1::uuid[]) AND status = 'available' RETURNING id, record_id`,
      [sIds],
    );
    await c.query(
      `INSERT INTO platform.outbox (topic, payload) SELECT 'catalogue.search', jsonb_build_object('recordId', r, 'part', 'availability') FROM (SELECT DISTINCT record_id AS r FROM catalogue.copies WHERE id = ANY($1::uuid[])) x`,
      [sIds],
    );
    await c.query(
      `UPDATE catalogue.copies SET base_institution_id = $2, version = version + 1 WHERE id = ANY($1::uuid[])`,
      [sIds, host.id],
    );
    await c.query(
      `INSERT INTO rotation.copy_journeys (copy_id, collection_id, shipment_id, event, institution_id) SELECT u, $2, $3, 'dispatched', $4 FROM unnest($1::uuid[]) u`,
      [moved.rows.map((r) => r.id), collection.id, bareShipment, owner.id],
    );
    await c.query('COMMIT');
    c.release();
  }
  const bareDispatch = performance.now() - t;
  report('rotation.dispatch_5000.api_ms', apiDispatch, 'ms', { op: '<=', value: 2000 });
  report('rotation.dispatch_5000.bare_sql_ms', bareDispatch, 'ms');

  // 2. Receipt: one barcode per request, CLIENTS at once.
  console.log(`receiving ${COPIES.toLocaleString('en')} scans through the API with ${CLIENTS} clients…`);
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < COPIES; i = next++)
        await call('POST', `/rotation/shipments/${shipment.id}/receipts`, hostToken, { barcodes: [barcodes[i]] });
    }),
  );
  const apiScans = COPIES / ((performance.now() - t) / 1000);
  await q(
    `INSERT INTO rotation.shipment_items (shipment_id, copy_id, record_id, barcode, title, state) SELECT $1, c.id, c.record_id, c.barcode, 'x', 'packed' FROM catalogue.copies c WHERE c.barcode LIKE 'S%'`,
    [bareShipment],
  );
  await q(`UPDATE rotation.shipment_items SET open = false WHERE shipment_id = $1`, [bareShipment]);
  const sBarcodes = Array.from({ length: COPIES }, (_, i) => `S${String(i).padStart(7, '0')}`);
  next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < COPIES; i = next++) {
        const c = await bare.connect();
        try {
          await c.query('BEGIN');
          await c.query(`SELECT id FROM rotation.shipments WHERE id = $1 FOR KEY SHARE`, [bareShipment]);
          const got = await c.query(
            `UPDATE rotation.shipment_items SET state = 'received', received_at = now() WHERE shipment_id = $1 AND upper(barcode) = $2 AND state = 'packed' RETURNING copy_id`,
            [bareShipment, sBarcodes[i]],
          );
          const ids = got.rows.map((r) => r.copy_id);
          const moved = await c.query(
            `UPDATE catalogue.copies SET status = 'available', location_institution_id = $2, status_changed_at = now(), version = version + 1 WHERE id = ANY($1::uuid[]) AND status = 'in_transit' RETURNING record_id`,
            [ids, host.id],
          );
          await c.query(
            `INSERT INTO platform.outbox (topic, payload) SELECT 'catalogue.search', jsonb_build_object('recordId', r, 'part', 'availability') FROM unnest($1::uuid[]) r`,
            [moved.rows.map((r) => r.record_id)],
          );
          await c.query(
            `INSERT INTO rotation.copy_journeys (copy_id, collection_id, shipment_id, event, institution_id) SELECT u, $2, $3, 'received', $4 FROM unnest($1::uuid[]) u`,
            [ids, collection.id, bareShipment, host.id],
          );
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }
    }),
  );
  const bareScans = COPIES / ((performance.now() - t) / 1000);
  report('rotation.receipt_scans.api_per_s', apiScans, 'scans/s', { op: '>=', value: 500 });
  report('rotation.receipt_scans.bare_sql_per_s', bareScans, 'scans/s');

  // 3. Figures over LOANS loan events spread over COLLECTIONS collections (the bench collection is one of them).
  console.log(`generating ${LOANS.toLocaleString('en')} loan events…`);
  const unit = province.id;
  const [{ stage }] = await q(`SELECT current_stage_id AS stage FROM rotation.collections WHERE id = $1`, [
    collection.id,
  ]);
  const others = Array.from({ length: COLLECTIONS - 1 }, () => crypto.randomUUID());
  for (let from = 0; from < LOANS; from += 250_000) {
    await q(
      `INSERT INTO usage.events (client_event_id, kind, institution_id, unit_id, occurred_at, period_day, patron_key, quantity, basis, source, copy_id, collection_id, stage_id)
       SELECT 'bench:loan:' || g, 'loan', $3, $4, now() - (g % 700) * interval '1 day', (now() - (g % 700) * interval '1 day')::date, 'p' || (g % 20000), 1, 'counted', 'outbox',
              md5('copy' || (g % $7::int))::uuid, CASE WHEN g % ${COLLECTIONS} = 0 THEN $5::uuid ELSE ($6::uuid[])[1 + g % ${COLLECTIONS - 1}] END, CASE WHEN g % ${COLLECTIONS} = 0 THEN $8::uuid END
       FROM generate_series($1::int, $2::int) g`,
      [from, Math.min(LOANS, from + 250_000) - 1, host.id, unit, collection.id, others, COPIES, stage],
    );
  }
  await q('VACUUM ANALYZE usage.events');
  const apiTimes = [];
  const bareTimes = [];
  for (let i = 0; i < 11; i++) {
    t = performance.now();
    await call('GET', `/rotation/collections/${collection.id}/figures`, ownerToken);
    apiTimes.push(performance.now() - t);
    t = performance.now();
    await bare.query(
      `SELECT collection_id, stage_id, sum(quantity) FILTER (WHERE kind = 'loan'), count(DISTINCT patron_key) FILTER (WHERE kind = 'loan'), count(DISTINCT copy_id) FILTER (WHERE kind = 'loan')
       FROM usage.events WHERE collection_id = $1 GROUP BY 1, 2`,
      [collection.id],
    );
    bareTimes.push(performance.now() - t);
  }
  report('rotation.collection_figures_1m_loans.api_p50_ms', median(apiTimes), 'ms', { op: '<=', value: 200 });
  report('rotation.collection_figures_1m_loans.bare_sql_p50_ms', median(bareTimes), 'ms');
  await bare.end();
} finally {
  agent.destroy();
  await b.close();
}
