import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@suotdoi/platform';
import { ReportsService, type IndicatorResult, type ReportContent } from '@suotdoi/plans';
import { RollupService, UsageIngestionService, type StampedUsageEvent, type UsageEventKind } from '@suotdoi/usage';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { holdSessions } from './events-fixture.js';
import { auth, createInstitution, createNetworkAdmin, createSystemAdmin, createUnit } from '../../support/fixtures.js';

type Drill = ReportContent['drillDown'][number]['indicators'][number];

/** Decision 1520/QĐ-TTg is reported on schedule for the whole country, drilled down to the provinces. */
describe('national plan reports (Decision 1520/QĐ-TTg) generated on schedule', () => {
  let t: TestApp;
  let ds: DataSource;
  let nationalId: string;
  let provinceAdmin: string;
  let sysAdmin: string;
  const p = { a: '', b: '', merged: '', district: '', commune: '' };

  /** Run the scheduler as if it were `instant` (the Vietnam calendar day decides which periods are due). */
  async function runAt(instant: string, runs: number): Promise<string[]> {
    const clock = t.app.get(Clock);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(instant));
    try {
      const results = await Promise.all(Array.from({ length: runs }, () => t.app.get(ReportsService).generateDue()));
      return results.flatMap((r) => r.generated).filter((g) => g.startsWith('qd-1520-2022:'));
    } finally {
      spy.mockRestore();
    }
  }
  const nationalPeriods = async (): Promise<string[]> =>
    (await ds.query(`SELECT period_key FROM plans.reports WHERE plan_id = $1 ORDER BY period_key`, [nationalId])).map(
      (r: { period_key: string }) => r.period_key,
    );

  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get<DataSource>(getDataSourceToken());
    p.a = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    p.b = (await createUnit(t, { name: 'Tỉnh Đắk Lắk' })).unitId;
    // A province formed by the 2025 merger: a root unit only from 1 July 2025 (NFD name on purpose).
    p.merged = (await createUnit(t, { name: 'Tỉnh Hợp Nhất Mới'.normalize('NFD'), validFrom: '2025-07-01' })).unitId;
    p.district = (await createUnit(t, { level: 'district', parentId: p.a, name: 'Huyện Hải Lăng' })).unitId;
    p.commune = (await createUnit(t, { level: 'commune', parentId: p.district, name: 'Xã Hải Phú' })).unitId;
    const libA = (
      await createInstitution(t, {
        unitId: p.a,
        type: 'public_library',
        level: 'province',
        name: 'Thư viện tỉnh Quảng Trị',
      })
    ).institutionId;
    const communeLibA = (
      await createInstitution(t, {
        unitId: p.commune,
        type: 'public_library',
        level: 'commune',
        name: 'Thư viện xã Hải Phú',
      })
    ).institutionId;
    const museumA = (
      await createInstitution(t, { unitId: p.a, type: 'museum', level: null, name: 'Bảo tàng tỉnh Quảng Trị' })
    ).institutionId;
    const libB = (
      await createInstitution(t, {
        unitId: p.b,
        type: 'public_library',
        level: 'province',
        name: 'Thư viện tỉnh Đắk Lắk',
      })
    ).institutionId;
    const museumB = (await createInstitution(t, { unitId: p.b, type: 'museum', level: null, name: 'Bảo tàng Đắk Lắk' }))
      .institutionId;
    provinceAdmin = (await createNetworkAdmin(t, p.a)).token;
    sysAdmin = (await createSystemAdmin(t)).token;

    let n = 0;
    const ev = (
      institutionId: string,
      unitId: string,
      kind: UsageEventKind,
      at: string,
      quantity: number,
    ): StampedUsageEvent => ({
      clientEventId: `national-e2e-${++n}`,
      kind,
      institutionId,
      unitId,
      servicePointId: null,
      occurredAt: new Date(at),
      patronKey: null,
      quantity,
      rawCrossings: null,
      basis: 'counted',
      source: 'api',
    });
    const events: StampedUsageEvent[] = [];
    for (const [y, a, b] of [
      [2022, 400, 1000],
      [2023, 440, 1050],
      [2024, 484, 1100],
    ] as const) {
      events.push(
        ev(museumA, p.a, 'museum_learning_visit', `${y}-05-19T09:00:00+07:00`, a),
        ev(museumB, p.b, 'museum_learning_visit', `${y}-09-02T09:00:00+07:00`, b),
      );
      // Held through the events module: the museum education sessions, and the lifelong-learning talks, where
      // Quảng Trị's province library meets the rule (≥ 4 sessions) and Đắk Lắk's does not.
      const held = (institutionId: string, category: string, count: number) =>
        holdSessions(t, institutionId, {
          category,
          title: `Chương trình ${category} ${y}`,
          firstDay: `${y}-06-01`,
          count,
        });
      await held(museumA, 'museum_education', 2);
      await held(museumB, 'museum_education', 1);
      await held(libA, 'talk', 4);
      await held(libB, 'talk', 1);
      events.push(
        ev(libA, p.a, 'visit', `${y}-03-01T08:00:00+07:00`, 900),
        ev(libB, p.b, 'visit', `${y}-03-01T08:00:00+07:00`, 700),
      );
    }
    void communeLibA; // never reports: expected, not reported
    await t.app.get(UsageIngestionService).ingestStamped(events);
    await t.app.get(RollupService).catchUp();
    await t.app.get(PlansSeeder).seed();
    [{ id: nationalId }] = await ds.query(`SELECT id FROM plans.plans WHERE code = 'qd-1520-2022'`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('generates exactly one national report per due period with racing runs, and catches up missed ones', async () => {
    // 10 Dec 2024: 2023 was missed and is caught up; the 2024 annual report (due 15 Dec) waits for the year to end.
    const first = await runAt('2024-12-10T08:00:00+07:00', 4);
    expect(first.sort()).toEqual(['qd-1520-2022:2023']);
    expect(await nationalPeriods()).toEqual(['2023']);
    // No run during 2025: on 5 Jan 2026 the 2024 and 2025 annual reports and the mid-term review are caught up, once.
    const second = await runAt('2026-01-05T08:00:00+07:00', 3);
    expect(second.sort()).toEqual(['qd-1520-2022:2024', 'qd-1520-2022:2025', 'qd-1520-2022:2025-review']);
    expect(await nationalPeriods()).toEqual(['2023', '2024', '2025', '2025-review']);
    expect(await runAt('2026-01-05T09:00:00+07:00', 2)).toEqual([]);
    const rows: { n: number; unit: string | null }[] = await ds.query(
      `SELECT count(*)::int AS n, max(jurisdiction_unit_id::text) AS unit FROM plans.reports WHERE plan_id = $1 GROUP BY period_key`,
      [nationalId],
    );
    expect(rows.every((r) => r.n === 1 && r.unit === null)).toBe(true);
  });

  it('covers the whole country with a drill-down to the provinces as of the period', async () => {
    const r2024 = (await t.http().get(`/plans/${nationalId}/reports/2024`).set(auth(sysAdmin)).expect(200))
      .body as ReportContent;
    expect(r2024.jurisdiction).toEqual({ unitId: null, name: 'Toàn quốc' });
    expect(r2024.period).toMatchObject({ key: '2024', dueOn: '2024-12-15' });
    expect(r2024.drillDown.map((d) => d.unitId).sort()).toEqual([p.a, p.b].sort());
    expect(r2024.drillDown.find((d) => d.unitId === p.a)!.name).toBe('Tỉnh Quảng Trị');
    // The merged province exists from July 2025: a row of the 2025 report, not of 2024's.
    const r2025 = (await t.http().get(`/plans/${nationalId}/reports/2025`).set(auth(sysAdmin)).expect(200))
      .body as ReportContent;
    expect(r2025.drillDown.map((d) => d.unitId).sort()).toEqual([p.a, p.b, p.merged].sort());
    expect(r2025.drillDown.find((d) => d.unitId === p.merged)!.name).toBe('Tỉnh Hợp Nhất Mới'.normalize('NFC'));
    // 2025 has no figures at all: null, never 0.
    expect(r2025.indicators.find((i) => i.key === 'museum.visits.2025')).toMatchObject({
      value: null,
      coverage: { reported: 0, expected: 2 },
    });
  });

  it('has national figures equal to the sum of the provinces, coverage too', async () => {
    const report = (await t.http().get(`/plans/${nationalId}/reports/2024`).set(auth(sysAdmin)).expect(200))
      .body as ReportContent;
    const rows = (key: string): Drill[] => report.drillDown.map((d) => d.indicators.find((i) => i.key === key)!);
    const compared = report.indicators.filter(
      (i) => i.indicator !== 'activity_count' && i.indicator !== 'population_participation_share',
    );
    expect(compared.length).toBeGreaterThan(5);
    for (const ind of compared) {
      const parts = rows(ind.key);
      expect(parts).toHaveLength(2);
      expect({ key: ind.key, reported: ind.coverage.reported, expected: ind.coverage.expected }).toEqual({
        key: ind.key,
        reported: parts.reduce((s, x) => s + x.coverage.reported, 0),
        expected: parts.reduce((s, x) => s + x.coverage.expected, 0),
      });
      if (ind.indicator.endsWith('_share')) {
        // Shares: satisfied institutions (value × reported) add up; no reporting institution anywhere stays null.
        const satisfied = parts.reduce((s, x) => s + (x.value ?? 0) * x.coverage.reported, 0);
        if (ind.coverage.reported === 0) expect(ind.value).toBeNull();
        else expect(ind.value! * ind.coverage.reported).toBeCloseTo(satisfied, 10);
      }
    }
    // Province libraries: Quảng Trị meets the rule, Đắk Lắk does not → 1 of 2 nationally.
    const lll = report.indicators.find((i) => i.key === 'lll.Thư viện công cộng cấp tỉnh.2025')!;
    expect(lll).toMatchObject({ value: 0.5, coverage: { reported: 2, expected: 2, share: 1 } });
    // Commune libraries: only Quảng Trị's, which never reported.
    expect(report.indicators.find((i) => i.key === 'lll.Thư viện công cộng cấp xã.2025')).toMatchObject({
      value: null,
      status: 'no_data',
      coverage: { reported: 0, expected: 1 },
    });
    // Yearly series: the country's museum learning visits are the provinces' sums (1,400 → 1,490 → 1,584).
    const perProvince = await Promise.all(
      [p.a, p.b].map(async (unitId) => {
        const res = await t
          .http()
          .get(`/plans/${nationalId}/indicators`)
          .query({ period: '2024', unitId })
          .set(auth(sysAdmin))
          .expect(200);
        return (res.body.indicators as IndicatorResult[])
          .find((i) => i.key === 'museum.visits.2025')!
          .series.map((s) => s.value!);
      }),
    );
    const visits = report.indicators.find((i) => i.key === 'museum.visits.2025')!;
    expect(visits.series.map((s) => s.value)).toEqual([1400, 1490, 1584]);
    expect(visits.series.map((s) => s.value)).toEqual(perProvince[0]!.map((v, i) => v + perProvince[1]![i]!));
    expect(visits.growth!.currentValue).toBe(1584);
    // A system administrator's live evaluation without a unit is the whole country, equal to the stored report.
    const live = await t
      .http()
      .get(`/plans/${nationalId}/indicators`)
      .query({ period: '2024' })
      .set(auth(sysAdmin))
      .expect(200);
    // (Apart from when it was computed and which revision: a live evaluation is none.)
    expect({ ...live.body, generatedAt: null, figuresAsOf: null, revision: null }).toEqual({
      ...report,
      generatedAt: null,
      figuresAsOf: null,
      revision: null,
    });
  });

  it('serves the national report to system administrators only; a province administrator evaluates its province on demand', async () => {
    const download = (token: string, format: string) =>
      t
        .http()
        .get(`/plans/${nationalId}/reports/2024/export/${format}`)
        .set(auth(token))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const xlsx = await download(sysAdmin, 'xlsx').expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const pdf = await download(sysAdmin, 'pdf').expect(200);
    expect((pdf.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    const csv = await t.http().get(`/plans/${nationalId}/reports/2024/export/csv`).set(auth(sysAdmin)).expect(200);
    expect(csv.text).toContain('Lượt khách học tập tại bảo tàng tăng bình quân 10%/năm');
    const list = await t.http().get(`/plans/${nationalId}/reports`).set(auth(sysAdmin)).expect(200);
    expect(list.body.map((r: { periodKey: string }) => r.periodKey)).toEqual(['2023', '2024', '2025', '2025-review']);

    // The province administrator does not see the national stored report.
    await download(provinceAdmin, 'pdf').expect(404);
    await download(provinceAdmin, 'xlsx').expect(404);
    await t.http().get(`/plans/${nationalId}/reports/2024`).set(auth(provinceAdmin)).expect(404);
    await t.http().get(`/plans/${nationalId}/reports`).set(auth(provinceAdmin)).expect(404);
    await t.http().post(`/plans/${nationalId}/reports/2026`).set(auth(provinceAdmin)).expect(404);
    // … but evaluates the national plan for its own province, as before, and not for another one.
    const mine = await t
      .http()
      .get(`/plans/${nationalId}/indicators`)
      .query({ period: '2024' })
      .set(auth(provinceAdmin))
      .expect(200);
    expect(mine.body.jurisdiction).toEqual({ unitId: p.a, name: 'Tỉnh Quảng Trị' });
    expect(
      (mine.body.indicators as IndicatorResult[])
        .find((i) => i.key === 'museum.visits.2025')!
        .series.map((s) => s.value),
    ).toEqual([400, 440, 484]);
    expect(mine.body.drillDown.map((d: { unitId: string }) => d.unitId)).toEqual([p.district]);
    await t
      .http()
      .get(`/plans/${nationalId}/indicators`)
      .query({ period: '2024', unitId: p.b })
      .set(auth(provinceAdmin))
      .expect(404);
  });
});
