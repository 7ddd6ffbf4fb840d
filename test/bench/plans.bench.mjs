#!/usr/bin/env node
// Plans benchmark: a province report over 1,000 institutions and 8 years of data, computed from the rollups
// (target ≤ 200 ms). Run after a build: `npm run build && node test/bench/plans.bench.mjs`
// (BENCH_PLAN_EVENTS=… events to generate, default 2,000,000). Prints BENCH_RESULT lines.
import {
  bootBench,
  buildProvince,
  generateEvents,
  median,
  p95,
  plans,
  report,
  systemAdminToken,
  usage,
} from './usage-support.mjs';

const EVENTS = Number(process.env.BENCH_PLAN_EVENTS ?? 2_000_000);
// The worker runs too: the event-to-figure delay below is the rollup job the event asks for.
const b = await bootBench('plans', {}, { worker: true });
try {
  console.log('setting up a province of 1,000 institutions…');
  const province = await buildProvince(b, 'QNG');
  console.log(`generating ${EVENTS.toLocaleString('en')} events over 8 years (2018–2025) and rolling them up…`);
  await generateEvents(b, province, EVENTS);
  await b.get(usage.RollupService).catchUp();
  const [{ n }] = await b.dataSource.query(`SELECT count(*)::int AS n FROM usage.rollups`);
  console.log(`  ${n.toLocaleString('en')} rollup rows`);
  // Attach the demo plans (Quảng Ngãi's is on unit code QNG).
  const seeders = b.get((await import('../../dist/libs/plans/src/seed/plans.seeder.js')).PlansSeeder);
  await seeders.seed();
  const [{ id: planId }] = await b.dataSource.query(
    `SELECT id FROM plans.plans WHERE code = 'kh-ubnd-quang-ngai-2023'`,
  );
  const reports = b.get(plans.ReportsService);
  const planRepo = b.get((await import('../../dist/libs/plans/src/plans/plans.repository.js')).PlansRepository);
  const plan = await planRepo.find(planId);
  const period = reports.periodOf(plan, '2025');

  const times = [];
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    const c = await reports.build(plan, period, province.provinceId);
    times.push(performance.now() - t);
    if (i === 0)
      console.log(
        `  report: ${c.indicators.length} indicators, ${c.drillDown.length} districts, visits series ${JSON.stringify(c.indicators.find((x) => x.key === 'visits.2025')?.series.map((s) => s.value))}`,
      );
  }
  report('plans.report.province_1000_institutions_8_years.median', median(times.slice(5)), 'ms', {
    op: '<=',
    value: 200,
  });
  report('plans.report.province_1000_institutions_8_years.p95', p95(times.slice(5)), 'ms');

  const token = await systemAdminToken(b);
  const http = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const r = await fetch(`${b.url}/plans/${planId}/indicators?period=2025`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (r.status !== 200) throw new Error(`indicators answered ${r.status}`);
    await r.json();
    http.push(performance.now() - t);
  }
  report('plans.report.province_http_indicators.median', median(http), 'ms', { op: '<=', value: 200 });

  const t = performance.now();
  await reports.generate(plan, reports.periodOf(plan, '2025-review'));
  report('plans.report.generate_with_xlsx_csv_pdf', performance.now() - t, 'ms');

  // Fresh figures: a visit recorded through the API, then the day's rollup read until it counts it (no sweep waited for).
  const figures = b.get(usage.UsageFiguresService);
  const inst = province.institutions[0];
  const now = new Date();
  const day = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
  const visitsToday = async () =>
    (
      await figures.figures({
        scope: 'institution',
        ids: [inst.id],
        grain: 'day',
        kinds: ['visit'],
        from: day,
        to: next,
      })
    ).reduce((s, r) => s + r.value, 0);
  const delays = [];
  for (let i = 0; i < 5; i++) {
    const before = await visitsToday();
    const sent = performance.now();
    const r = await fetch(`${b.url}/usage/events/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            clientEventId: `bench-fresh-${Date.now()}-${i}`,
            kind: 'visit',
            locationId: inst.id,
            occurredAt: new Date().toISOString(),
          },
        ],
      }),
    });
    if (r.status >= 300) throw new Error(`usage batch answered ${r.status}: ${await r.text()}`);
    while ((await visitsToday()) <= before) {
      if (performance.now() - sent > 30_000) throw new Error('the event did not reach the figures within 30 s');
      await new Promise((res) => setTimeout(res, 20));
    }
    delays.push(performance.now() - sent);
  }
  console.log(
    `  event → figure delays: ${delays.map((d) => Math.round(d)).join(', ')} ms (the rollup runs just after the second the event arrived in ends)`,
  );
  report('plans.fresh.event_to_figure.median', median(delays), 'ms', { op: '<=', value: 5000 });
} finally {
  await b.close();
}
process.exit(0);
