import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ReportsService } from '@suotdoi/plans';
import { NetworkSeeder } from '../../../libs/network/src/seed/network.seeder.js';
import { UsageSeeder } from '../../../libs/usage/src/seed/usage.seeder.js';
import { EventsSeeder } from '../../../libs/events/src/seed/events.seeder.js';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { PlansRepository } from '../../../libs/plans/src/plans/plans.repository.js';
import { bootTestApp, type TestApp } from '../../support/app.js';

describe('demo usage and plans on the demo network', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get<DataSource>(getDataSourceToken());
    await t.app.get(NetworkSeeder, { strict: false }).seed();
    // The plans' yearly obligations (Book Day) read the events module: its demo programmes are held 2024–2026.
    await t.app.get(EventsSeeder, { strict: false }).seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads demo usage once, rolled up, and attaches all six plans to the demo jurisdictions', async () => {
    const first = await t.app.get(UsageSeeder).seed();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM usage.events`);
    expect(n).toBeGreaterThan(1000);
    const second = await t.app.get(UsageSeeder).seed();
    expect(second.summary).toEqual(['usage: demo events already loaded']);
    expect(first.summary[0]).toContain(`usage: ${n} demo events added`);
    const plans = await t.app.get(PlansSeeder).seed();
    expect(plans.summary.join(' ')).toContain('6 plans loaded');
    expect(plans.summary.join(' ')).not.toContain('skipped');
    const rows = await ds.query(
      `SELECT code, number, jurisdiction_unit_id IS NOT NULL AS attached FROM plans.plans ORDER BY code`,
    );
    expect(rows).toContainEqual({ code: 'kh-42-vhtt-tdtt-huong-hoa-2024', number: '42/KH-VHTT-TDTT', attached: true });
  });

  it('gives the Quảng Ngãi plan real figures for 2024', async () => {
    const [{ id }] = await ds.query(`SELECT id FROM plans.plans WHERE code = 'kh-ubnd-quang-ngai-2023'`);
    const plan = (await t.app.get(PlansRepository).find(id))!;
    const reports = t.app.get(ReportsService);
    const c = await reports.build(plan, reports.periodOf(plan, '2024'), plan.jurisdictionUnitId!);
    const visits = c.indicators.find((i) => i.key === 'visits.2025')!;
    expect(visits.value).not.toBeNull();
    expect(visits.coverage.reported).toBeGreaterThan(0);
    expect(c.indicators.find((i) => i.key === 'qn.activity.book_day_21_4.2024')!.value).toBeGreaterThanOrEqual(1);
  });
});
