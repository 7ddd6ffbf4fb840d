#!/usr/bin/env node
// Usage benchmarks: batch ingestion throughput (target ≥ 20,000 events/s) and rollup time for 10 million events.
// Run after a build: `npm run build && node test/bench/usage.bench.mjs` (BENCH_EVENTS=… to change the rollup size,
// BENCH_SKIP_ROLLUP=1 to measure ingestion only). Prints BENCH_RESULT lines.
import { bootBench, buildProvince, generateEvents, report, systemAdminToken, usage } from './usage-support.mjs';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const b = await bootBench('usage');
try {
  console.log('setting up a province of 1,000 institutions…');
  const province = await buildProvince(b);
  const token = await systemAdminToken(b);
  let seq = 0;
  const makeBatch = (n, institutions) =>
    Array.from({ length: n }, (_, i) => ({
      clientEventId: `ing-${++seq}`,
      kind: i % 5 === 0 ? 'loan' : 'visit',
      locationId: institutions[i % institutions.length].id,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + (seq % 300) * 86400_000).toISOString(),
      patronKey: `p${i % 97}`,
    }));
  const post = async (events) => {
    const r = await fetch(`${b.url}/usage/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ events }),
    });
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
    return r.json();
  };

  // Warm-up.
  await post(makeBatch(1000, province.institutions.slice(0, 10)));

  const few = province.institutions.slice(0, 10);
  for (const [label, insts, clients] of [
    ['http_10k_batches_10_institutions', few, 1],
    ['http_10k_batches_10_institutions_4_clients', few, 4],
    ['http_10k_batches_1000_institutions', province.institutions, 1],
  ]) {
    const batches = Array.from({ length: 8 }, () => makeBatch(10_000, insts));
    const t = performance.now();
    for (let i = 0; i < batches.length; i += clients) await Promise.all(batches.slice(i, i + clients).map(post));
    const s = (performance.now() - t) / 1000;
    report(`usage.ingest.${label}`, (batches.length * 10_000) / s, 'events/s', { op: '>=', value: 20_000 });
  }
  // Re-sending the same batches: every event is a duplicate, nothing is written.
  const dup = makeBatch(10_000, few);
  await post(dup);
  const t0 = performance.now();
  const again = await post(dup);
  report('usage.ingest.http_duplicate_10k_batch', 10_000 / ((performance.now() - t0) / 1000), 'events/s');
  if (again.inserted !== 0) throw new Error('duplicate batch inserted events');

  // Service level: stamped events straight into the log (what the outbox consumer and bench generator use).
  const ingestion = b.get(usage.UsageIngestionService);
  const stamped = Array.from({ length: 10 }, (_, k) =>
    Array.from({ length: 10_000 }, (_, i) => ({
      clientEventId: `svc-${k}-${i}`,
      kind: 'visit',
      institutionId: province.institutions[i % 1000].id,
      servicePointId: null,
      unitId: province.institutions[i % 1000].unitId,
      occurredAt: new Date(Date.UTC(2024, 5, 1 + (i % 28))),
      patronKey: null,
      quantity: 1,
      rawCrossings: null,
      basis: 'counted',
      source: 'api',
    })),
  );
  const t1 = performance.now();
  for (const batch of stamped) await ingestion.ingestStamped(batch);
  report('usage.ingest.service_stamped_10k_batches', 100_000 / ((performance.now() - t1) / 1000), 'events/s', {
    op: '>=',
    value: 20_000,
  });

  if (!process.env.BENCH_SKIP_ROLLUP) {
    console.log(`generating ${TOTAL.toLocaleString('en')} events over 8 years…`);
    const tg = performance.now();
    await generateEvents(b, province, TOTAL);
    console.log(`  generated in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
    const rollup = b.get(usage.RollupService);
    const tr = performance.now();
    const r = await rollup.run();
    const secs = (performance.now() - tr) / 1000;
    console.log(`  rollup: ${JSON.stringify(r)}`);
    report('usage.rollup.full_10M_events', secs, 's');
    const [{ n }] = await b.dataSource.query(`SELECT count(*)::bigint AS n FROM usage.events`);
    report('usage.rollup.events_per_second', Number(n) / secs, 'events/s');
    // Incremental: one late event for a closed day re-rolls that day, its month and its year only.
    await ingestion.ingestStamped([
      { ...stamped[0][0], clientEventId: 'late-1', occurredAt: new Date(Date.UTC(2020, 2, 3)) },
    ]);
    const ti = performance.now();
    const inc = await rollup.run();
    report('usage.rollup.incremental_one_late_event', (performance.now() - ti) / 1000, 's');
    console.log(`  incremental: ${JSON.stringify(inc)}`);
    const tc = performance.now();
    const rec = await rollup.reconcile();
    report('usage.reconcile.full', (performance.now() - tc) / 1000, 's');
    if (rec.mismatches.length) throw new Error(`reconciliation found ${rec.mismatches.length} mismatches`);
  }
} finally {
  await b.close();
}
process.exit(0);
