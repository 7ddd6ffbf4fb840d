import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import JSZip from 'jszip';
import type { DataSource } from 'typeorm';
import { vietnamDate } from '@suotdoi/platform';
import { UnitsService } from '@suotdoi/network';
import { ReportsService, type IndicatorResult } from '@suotdoi/plans';
import { RollupService, UsageIngestionService, type StampedUsageEvent, type UsageEventKind } from '@suotdoi/usage';
import { periodsDue } from '../../../libs/plans/src/reports/report-periods.js';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { LIFELONG_LEARNING_CATEGORIES } from '../../../libs/plans/src/seed/demo-plans.js';
import { conditionKey } from '../../../libs/plans/src/plans/plan.types.js';
import { holdSessions } from './events-fixture.js';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { readPdf } from './pdf-text.js';
import { auth, createInstitution, createNetworkAdmin, createStaff, createUnit } from '../../support/fixtures.js';

/** The key of the lifelong-learning rule's sessions in the evidence figures. */
const LLL_SESSIONS = conditionKey({ kind: 'sessions_held', categories: LIFELONG_LEARNING_CATEGORIES, min: 4 });

describe('plan reports for Quảng Ngãi (Decision 1520 and the provincial plan as data)', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string;
  let otherAdmin: string;
  let staff: string;
  let planId: string;
  let nationalId: string;
  const ctUnits: string[] = [];
  const ids = { province: '', district: '', commune: '', provLib: '', school: '', communeLib: '', museum: '' };

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    ds = t.app.get<DataSource>(getDataSourceToken());
    ids.province = (await createUnit(t, { code: 'QNG', name: 'Tỉnh Quảng Ngãi' })).unitId;
    ids.district = (await createUnit(t, { level: 'district', parentId: ids.province, name: 'Huyện Tư Nghĩa' })).unitId;
    ids.commune = (await createUnit(t, { level: 'commune', parentId: ids.district, name: 'Xã Nghĩa Kỳ' })).unitId;
    ids.provLib = (
      await createInstitution(t, {
        unitId: ids.province,
        type: 'public_library',
        level: 'province',
        name: 'Thư viện tỉnh Quảng Ngãi',
      })
    ).institutionId;
    ids.school = (
      await createInstitution(t, {
        unitId: ids.commune,
        type: 'school_library',
        level: null,
        name: 'Thư viện Trường THCS Nghĩa Kỳ',
      })
    ).institutionId;
    ids.communeLib = (
      await createInstitution(t, {
        unitId: ids.commune,
        type: 'public_library',
        level: 'commune',
        name: 'Thư viện xã Nghĩa Kỳ',
      })
    ).institutionId;
    ids.museum = (
      await createInstitution(t, { unitId: ids.province, type: 'museum', level: null, name: 'Bảo tàng Tổng hợp tỉnh' })
    ).institutionId;
    const other = await createUnit(t, { code: 'CT', name: 'Thành phố Cần Thơ' });
    // Cần Thơ (file 003): 60 % of the population of urban districts (quận), 40 % of rural ones (huyện) take part.
    const ninhKieu = (
      await createUnit(t, { level: 'district', parentId: other.unitId, kind: 'quan', name: 'Quận Ninh Kiều' })
    ).unitId;
    const phongDien = (
      await createUnit(t, { level: 'district', parentId: other.unitId, kind: 'huyen', name: 'Huyện Phong Điền' })
    ).unitId;
    const units = t.app.get(UnitsService, { strict: false });
    await units.setPopulation(ninhKieu, 2020, 1000);
    await units.setPopulation(phongDien, 2020, 2000);
    const houseNK = (
      await createInstitution(t, {
        unitId: ninhKieu,
        type: 'cultural_house',
        level: null,
        name: 'Nhà văn hóa Ninh Kiều',
      })
    ).institutionId;
    const housePD = (
      await createInstitution(t, {
        unitId: phongDien,
        type: 'cultural_house',
        level: null,
        name: 'Nhà văn hóa Phong Điền',
      })
    ).institutionId;
    ctUnits.push(ninhKieu, phongDien, houseNK, housePD);
    admin = (await createNetworkAdmin(t, ids.province)).token;
    otherAdmin = (await createNetworkAdmin(t, other.unitId)).token;
    staff = (await createStaff(t, { institutionId: ids.provLib, roles: ['manager'] })).token;

    // Hand-made usage: the province library and the school library each 1,000 → 1,100 → 1,210 visits (2022–2024).
    let n = 0;
    const ev = (
      institutionId: string,
      unitId: string,
      kind: UsageEventKind,
      at: string,
      quantity: number,
    ): StampedUsageEvent => ({
      clientEventId: `plan-e2e-${++n}`,
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
    for (const [y, v] of [
      [2022, 1000],
      [2023, 1100],
      [2024, 1210],
    ] as const) {
      events.push(
        ev(ids.provLib, ids.province, 'visit', `${y}-03-01T09:00:00+07:00`, v - 100),
        ev(ids.provLib, ids.province, 'virtual_visit', `${y}-03-01T09:00:00+07:00`, 100),
      );
      events.push(ev(ids.school, ids.commune, 'visit', `${y}-12-31T23:59:59+07:00`, v));
    }
    // 2024, through the events module: the province library held 5 lifelong-learning sessions, two of them in two
    // Book Day programmes (21/4), and a talk in the Book Day window that is no Book Day programme.
    for (const title of ['Ngày Sách Việt Nam 2024', 'Ngày hội đọc sách 21/4'])
      await holdSessions(t, ids.provLib, { category: 'book_day', title, firstDay: '2024-04-21', count: 1 });
    await holdSessions(t, ids.provLib, {
      category: 'talk',
      title: 'Tọa đàm “Đọc để học suốt đời”',
      firstDay: '2024-04-22',
      count: 3,
    });
    events.push(ev(ctUnits[2]!, ctUnits[0]!, 'programme_attendance', '2020-05-01T19:00:00+07:00', 650));
    events.push(ev(ctUnits[3]!, ctUnits[1]!, 'programme_attendance', '2020-05-01T19:00:00+07:00', 700));
    // A visit at 1 Jan 2025 00:00 Vietnam time belongs to 2025, not to 2024.
    events.push(ev(ids.school, ids.commune, 'visit', '2025-01-01T00:00:00+07:00', 999));
    await t.app.get(UsageIngestionService).ingestStamped(events);
    await t.app.get(RollupService).catchUp();

    const seeded = await t.app.get(PlansSeeder).seed();
    expect(seeded.summary.join(' ')).toContain('skipped');
    [{ id: planId }] = await ds.query(`SELECT id FROM plans.plans WHERE code = 'kh-ubnd-quang-ngai-2023'`);
    [{ id: nationalId }] = await ds.query(`SELECT id FROM plans.plans WHERE code = 'qd-1520-2022'`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads Decision 1520 and the provincial plan as data, attached to the demo jurisdiction, idempotently', async () => {
    const before = await ds.query(`SELECT count(*)::int AS n FROM plans.targets`);
    await t.app.get(PlansSeeder).seed();
    expect(await ds.query(`SELECT count(*)::int AS n FROM plans.targets`)).toEqual(before);
    const res = await t.http().get(`/plans/${planId}`).set(auth(admin)).expect(200);
    expect(res.body).toMatchObject({
      issuer: 'UBND tỉnh Quảng Ngãi',
      level: 'province',
      jurisdictionUnitId: ids.province,
      baseYear: 2022,
      parentPlanId: nationalId,
    });
    const visits2030 = res.body.targets.find((x: { key: string }) => x.key === 'visits.2030');
    expect(visits2030).toMatchObject({ indicator: 'user_visits_growth', min: 0.1, max: 0.15, year: 2030 });
    const national = await t.http().get(`/plans/${nationalId}`).set(auth(admin)).expect(200);
    expect(national.body.number).toBe('1520/QĐ-TTg');
    const list = await t.http().get('/plans').set(auth(admin)).expect(200);
    expect(list.body.map((p: { id: string }) => p.id).sort()).toEqual([planId, nationalId].sort());
  });

  it('computes indicators equal to the hand figures, with coverage, attainment and projections', async () => {
    const res = await t
      .http()
      .get(`/plans/${planId}/indicators`)
      .query({ period: '2024' })
      .set(auth(admin))
      .expect(200);
    const by = (key: string): IndicatorResult => res.body.indicators.find((i: IndicatorResult) => i.key === key);
    const visits = by('visits.2025');
    // 2,000 → 2,200 → 2,420: YoY 10 %, average 10 %/yr since 2022, like-for-like 10 %; 2,420 ≥ 2,000·1.1² → on track.
    expect(visits.series.map((s) => s.value)).toEqual([2000, 2200, 2420]);
    expect(visits.growth!.yearOnYear).toBeCloseTo(0.1, 10);
    expect(visits.growth!.averageAnnual).toBeCloseTo(0.1, 10);
    expect(visits.growth!.likeForLike).toEqual({ growth: expect.any(Number), institutions: 2 });
    expect(visits.growth!.onTrack).toBe(true);
    // On track on the figures reported; the commune library never reported, so its figures could change that.
    expect(visits.status).toBe('undetermined');
    expect(visits.noReport).toEqual([{ institutionId: ids.communeLib, name: 'Thư viện xã Nghĩa Kỳ' }]);
    expect(visits.coverage).toEqual({ reported: 2, expected: 3, share: 2 / 3 }); // the commune library never reported
    expect(visits.projected[2025]).toBeCloseTo(2662, 6);
    // Province library: 5 sessions ≥ 4 → provides lifelong-learning services; 1 of 1.
    const lllProv = by('lll.Thư viện tỉnh.2025');
    expect(lllProv).toMatchObject({ value: 1, coverage: { reported: 1, expected: 1, share: 1 }, status: 'on_track' });
    expect(lllProv.evidence).toEqual([
      {
        institutionId: ids.provLib,
        name: 'Thư viện tỉnh Quảng Ngãi',
        reported: true,
        satisfied: true,
        figures: { visit: 1110, virtual_visit: 100, [LLL_SESSIONS]: 5 },
      },
    ]);
    // The commune library reported nothing: null, not 0 %.
    expect(by('lll.Thư viện công cộng cấp xã.2025')).toMatchObject({
      value: null,
      status: 'no_data',
      coverage: { reported: 0, expected: 1, share: 0 },
    });
    // Book Day 21/4: the two Book Day programmes (the talk in the same week is not one); exhibitions: none held → 0.
    expect(by('qn.activity.book_day_21_4.2024').value).toBe(2);
    expect(by('qn.activity.book_exhibition.2024').value).toBe(0);
    // Drill-down to the district.
    expect(res.body.drillDown).toEqual([
      expect.objectContaining({
        unitId: ids.district,
        name: 'Huyện Tư Nghĩa',
        indicators: expect.arrayContaining([
          expect.objectContaining({ key: 'visits.2025', coverage: { reported: 1, expected: 2, share: 0.5 } }),
        ]),
      }),
    ]);
  });

  it('computes the share of the population taking part per kind of district (missing population is null)', async () => {
    const [{ id: ctPlan }] = await ds.query(`SELECT id FROM plans.plans WHERE code = 'kh-can-tho-de-an-208-2014'`);
    const res = await t
      .http()
      .get(`/plans/${ctPlan}/indicators`)
      .query({ period: '2020' })
      .set(auth(otherAdmin))
      .expect(200);
    const by = (key: string): IndicatorResult => res.body.indicators.find((i: IndicatorResult) => i.key === key);
    expect(by('participation.urban.2020')).toMatchObject({ value: 0.65, status: 'met' }); // 650 / 1,000
    expect(by('participation.rural.2020')).toMatchObject({ value: 0.35, status: 'off_track' }); // 700 / 2,000
    expect(by('participation.urban.2020').series.find((s) => s.year === 2019)!.value).toBeNull(); // no population for 2019
    await t.http().get(`/plans/${ctPlan}/indicators`).query({ period: '2020' }).set(auth(admin)).expect(404);
  });

  it('generates exactly one report per plan and period, even with racing workers', async () => {
    const started = await Promise.all(
      Array.from({ length: 6 }, () => t.http().post(`/plans/${planId}/reports/2024`).set(auth(admin)).expect(202)),
    );
    const results = await Promise.all(
      started.map((r) =>
        eventually(async () => {
          const task = await t.http().get(`/tasks/${r.body.id}`).set(auth(admin)).expect(200);
          return task.body.status === 'succeeded' && task.body;
        }, 60_000),
      ),
    );
    expect(results.map((r) => r.result.result).sort()).toEqual([
      'exists',
      'exists',
      'exists',
      'exists',
      'exists',
      'generated',
    ]);
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM plans.reports WHERE plan_id = $1 AND period_key = '2024'`, [
        planId,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('catches up every missed scheduled report once, with several workers at the same time', async () => {
    const reports = t.app.get(ReportsService);
    await Promise.all([reports.generateDue(), reports.generateDue(), reports.generateDue()]);
    const rows: { period_key: string }[] = await ds.query(
      `SELECT period_key FROM plans.reports WHERE plan_id = $1 ORDER BY period_key`,
      [planId],
    );
    const today = vietnamDate(new Date());
    // Only periods that are over (a December deadline inside its year waits for the year to end).
    const due = periodsDue(
      [
        { kind: 'annual', due: '12-10' },
        { kind: 'review', year: 2025, due: '12-31' },
        { kind: 'review', year: 2030, due: '12-31' },
      ],
      2022,
      2030,
      today,
    ).filter((p) => `${p.year}-12-31` < today);
    expect(rows.map((r) => r.period_key)).toEqual([...new Set(['2024', ...due.map((p) => p.key)])].sort());
    const again = await reports.generateDue();
    expect(again.generated.filter((g) => g.startsWith('kh-ubnd-quang-ngai'))).toEqual([]);
    // Each run computes and renders outside any transaction before it learns another stored the period first.
  }, 240_000);

  it('serves the stored report and its XLSX, CSV and PDF only to administrators of the jurisdiction', async () => {
    const json = await t.http().get(`/plans/${planId}/reports/2024`).set(auth(admin)).expect(200);
    expect(json.body.period).toMatchObject({ key: '2024', dueOn: '2024-12-10' });
    const xlsx = await t
      .http()
      .get(`/plans/${planId}/reports/2024/export/xlsx`)
      .set(auth(admin))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    // The stored XLSX carries native charts: the summary chart on the first sheet, one line chart per series.
    const zip = await JSZip.loadAsync(xlsx.body as Buffer);
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    const series = json.body.indicators.filter((i: IndicatorResult) => i.series.length >= 2).length;
    expect(series).toBeGreaterThan(0);
    expect(charts).toHaveLength(1 + series);
    expect(await zip.file('xl/charts/chart1.xml')!.async('string')).toMatch(/<c:f>(&apos;|&#39;)Tổng hợp\1!\$F\$5:/);
    // The first sheet is the report fit for submission (header, table, signatures); the summary sheet is the second.
    expect(await zip.file('xl/worksheets/_rels/sheet2.xml.rels')!.async('string')).toContain(
      'Target="../drawings/drawing1.xml"',
    );
    const pdf = await t
      .http()
      .get(`/plans/${planId}/reports/2024/export/pdf`)
      .set(auth(admin))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    const printed = readPdf(pdf.body as Buffer);
    expect(printed.text).toContain('Mục tiêu và kết quả kỳ 2024');
    expect(printed.text).toContain('Chuỗi thời gian theo chỉ tiêu (2022–2024)');
    expect(printed.pages).toBeGreaterThanOrEqual(2 + Math.floor((series - 1) / 6));
    const csv = await t.http().get(`/plans/${planId}/reports/2024/export/csv`).set(auth(admin)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('Lượt người sử dụng thư viện tăng bình quân 10%/năm');
    await t.http().get(`/plans/${planId}/reports/2024/export/pdf`).set(auth(otherAdmin)).expect(404);
    await t.http().get(`/plans/${planId}/reports/2024`).set(auth(otherAdmin)).expect(404);
    await t.http().get(`/plans/${planId}/reports/2024`).set(auth(staff)).expect(403);
    await t.http().get(`/plans/${planId}/reports/2024`).expect(401);
    await t.http().get(`/plans/${planId}/reports/2031`).set(auth(admin)).expect(404);
    await t.http().get(`/plans/${planId}/reports/2024/export/docx`).set(auth(admin)).expect(400);
  });

  it('shows a restatement when a late event changes a closed year', async () => {
    await t.app.get(UsageIngestionService).ingestStamped([
      {
        clientEventId: 'plan-e2e-late',
        kind: 'visit',
        institutionId: ids.school,
        unitId: ids.commune,
        servicePointId: null,
        occurredAt: new Date('2023-05-05T10:00:00+07:00'),
        patronKey: null,
        quantity: 50,
        rawCrossings: null,
        basis: 'counted',
        source: 'api',
      },
    ]);
    await t.app.get(RollupService).catchUp();
    const res = await t
      .http()
      .get(`/plans/${planId}/indicators`)
      .query({ period: '2024' })
      .set(auth(admin))
      .expect(200);
    expect(res.body.restatements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scopeId: ids.school,
          grain: 'year',
          periodStart: '2023-01-01',
          oldValue: 1100,
          newValue: 1150,
        }),
      ]),
    );
  });
});
