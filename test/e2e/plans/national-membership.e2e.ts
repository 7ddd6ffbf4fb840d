import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InstitutionsService } from '@suotdoi/network';
import type { IndicatorResult } from '@suotdoi/plans';
import { RollupService, UsageIngestionService, type StampedUsageEvent } from '@suotdoi/usage';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createSystemAdmin, createUnit } from '../../support/fixtures.js';

/** The national plan (Decision 1520) counts, each year, the institutions open during it, like every other plan. */
describe('national plan membership by opening and closing dates', () => {
  let t: TestApp;
  let sys: string;
  let nationalId: string;
  const i = { open: '', opened: '', closed: '' };

  beforeAll(async () => {
    t = await bootTestApp();
    const institutions = t.app.get(InstitutionsService);
    const province = (await createUnit(t, { name: 'Tỉnh Gia Lai' })).unitId;
    const commune = (await createUnit(t, { level: 'commune', parentId: province, name: 'Xã Ia Grai' })).unitId;
    const lib = async (name: string, openedOn?: string) =>
      (
        await institutions.create({
          code: `T-GL-${Math.random().toString(36).slice(2, 8)}`,
          name,
          type: 'public_library',
          level: 'commune',
          unitId: commune,
          validFrom: openedOn ?? '2000-01-01',
          openedOn: openedOn ?? null,
          parentInstitutionId: null,
          address: null,
        })
      ).id;
    i.open = await lib('Thư viện xã Ia Grai');
    i.opened = await lib('Thư viện xã Ia Dêr'.normalize('NFD'), '2024-07-01');
    i.closed = await lib('Thư viện xã Ia Sao');
    await institutions.update(i.closed, { closedOn: '2023-06-30' });
    let n = 0;
    const loan = (institutionId: string, at: string): StampedUsageEvent => ({
      clientEventId: `national-membership-${++n}`,
      kind: 'loan',
      institutionId,
      unitId: commune,
      servicePointId: null,
      occurredAt: new Date(at),
      patronKey: null,
      quantity: 100,
      rawCrossings: null,
      basis: 'counted',
      source: 'api',
    });
    await t.app
      .get(UsageIngestionService)
      .ingestStamped([
        loan(i.open, '2023-03-01T09:00:00+07:00'),
        loan(i.closed, '2023-03-01T09:00:00+07:00'),
        loan(i.open, '2024-03-01T09:00:00+07:00'),
      ]);
    await t.app.get(RollupService).catchUp();
    await t.app.get(PlansSeeder).seed();
    const ds = t.app.get<DataSource>(getDataSourceToken());
    [{ id: nationalId }] = await ds.query(`SELECT id FROM plans.plans WHERE code = 'qd-1520-2022'`);
    sys = (await createSystemAdmin(t)).token;
  }, 120_000);
  afterAll(() => t?.close());

  const commune = async (period: string): Promise<IndicatorResult> => {
    const res = await t.http().get(`/plans/${nationalId}/indicators`).query({ period }).set(auth(sys)).expect(200);
    return res.body.indicators.find((x: IndicatorResult) => x.key === 'lll.Thư viện công cộng cấp xã.2025');
  };

  it('counts in 2023 the library that closed that year, not the one opened later', async () => {
    // No lifelong-learning session was held: the expected libraries are exactly those open during 2023, listed.
    const r = await commune('2023');
    expect(r.coverage).toEqual({ reported: 0, expected: 2, share: 0 });
    expect(r.noReport!.map((x) => x.name).sort()).toEqual(['Thư viện xã Ia Grai', 'Thư viện xã Ia Sao']);
  });

  it('counts in 2024 the library opened that year (no report), not the one closed before', async () => {
    const r = await commune('2024');
    expect(r.coverage).toEqual({ reported: 0, expected: 2, share: 0 });
    expect(r.noReport!.map((x) => x.name).sort()).toEqual(['Thư viện xã Ia Dêr', 'Thư viện xã Ia Grai']);
  });
});
