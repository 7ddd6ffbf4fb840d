import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InstitutionsService, UnitsService } from '@suotdoi/network';
import { RollupService, UsageIngestionService, type StampedUsageEvent, type UsageEventKind } from '@suotdoi/usage';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createNetworkAdmin, createSystemAdmin, createUnit } from '../../support/fixtures.js';

/*
 * A district plan entered through the API and adopted in 2023, the district abolished on 30 June 2025 (its two
 * communes merged into new communes directly under the province), and the plan read by the province's administrator.
 *
 * Commune public libraries of Huyện Hướng Hóa (all figures are visits; "loan" makes a library meet the IT rule):
 *   A  Thư viện xã Tân Hợp        2023: 1000 +loan  2024: 1100 +loan  2025: 1210 +loan  2026: 1331 +loan
 *   B  Thư viện thị trấn Lao Bảo  2023: 1000        2024: —           2025: 1100 +loan  2026: —
 *   C  Thư viện xã Hướng Lập (opened 1 July 2024)   2024: 300 (manual yearly figure)   2025: 600   2026: 700 +loan
 *   D  Thư viện xã Húc (closed 31 March 2025)       2023: 500  2024: 500  2025: 100
 *   E  Thư viện xã Khe Sanh mới (opened 1 Sep 2025, in the new commune) 2025: —   2026: 100
 * Membership: 2023 {A, B, D}; 2024 {A, B, C, D}; 2025 {A, B, C, D, E}; 2026 {A, B, C, E}.
 *
 * IT share (target 50 % by 2025, 80 % by 2030):
 *   2025: met by A, B; not by C, D; E no report → 2/5 = 40.0 %, 3/5 = 60.0 % if E met it → undetermined.
 * Visits (average annual growth ≥ 10 % from 2023):
 *   2023: 2500 (3/3 reported); 2024: 1900 (3/4); 2025: 3010 (4/5); 2026: 2131 (3/4).
 *   2025: (3010 / 2500)^(1/2) − 1 = 9.727 %/yr; required 2500 · 1.1² = 3025; year on year 3010 / 1900 − 1 = 58.42 %;
 *   like for like 2024→2025 over A, C, D: 1900 → 1910 = 0.53 %. At risk on the figures reported, but E's missing
 *   visits could lift it → undetermined.
 */
describe('a district plan through the 2025 reorganisation', () => {
  let t: TestApp;
  let ds: DataSource;
  let sys: string;
  let districtAdmin: string;
  let provinceAdmin: string;
  let otherAdmin: string;
  let planId: string;
  const u = { province: '', district: '', c1: '', c2: '', n1: '', n2: '', other: '' };
  const i = { a: '', b: '', c: '', d: '', e: '' };

  const planBody = () => ({
    code: 'kh-it-huong-hoa-2023',
    title: 'Kế hoạch thực hiện Chương trình học tập suốt đời trên địa bàn huyện Hướng Hóa',
    issuer: 'UBND huyện Hướng Hóa',
    level: 'district',
    jurisdictionUnitId: u.district,
    number: '15/KH-UBND',
    issuedOn: '2023-03-01',
    baseYear: 2023,
    horizonYear: 2030,
    reportingCalendar: [
      { kind: 'annual', due: '12-10' },
      { kind: 'review', year: 2025, due: '12-31' },
    ],
    source: 'Kế hoạch số 15/KH-UBND ngày 01/03/2023 của UBND huyện Hướng Hóa',
    targets: [
      {
        key: 'it.xã.2025',
        indicator: 'it_adoption_share',
        institutionTypes: ['public_library'],
        levels: ['commune'],
        year: 2025,
        min: 0.5,
        evidenceRule: 'it_adoption',
        descriptionVi: 'Thư viện cấp xã ứng dụng CNTT: 50% đến năm 2025',
      },
      {
        key: 'it.xã.2030',
        indicator: 'it_adoption_share',
        institutionTypes: ['public_library'],
        levels: ['commune'],
        year: 2030,
        min: 0.8,
        evidenceRule: 'it_adoption',
        descriptionVi: 'Thư viện cấp xã ứng dụng CNTT: 80% đến năm 2030',
      },
      {
        key: 'visits.2030',
        indicator: 'user_visits_growth',
        institutionTypes: ['public_library'],
        levels: [],
        year: 2030,
        min: 0.1,
        max: 0.15,
        descriptionVi: 'Lượt người sử dụng tăng bình quân 10–15%/năm',
      },
      {
        key: 'loans.2030',
        indicator: 'usage_total',
        institutionTypes: ['public_library'],
        levels: [],
        year: 2030,
        min: 5,
        usageKinds: ['loan'],
        descriptionVi: 'Số lượt mượn trong năm: ít nhất 5',
      },
    ],
  });

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    ds = t.app.get<DataSource>(getDataSourceToken());
    await t.app.get(PlansSeeder).seed(); // the evidence rules (the demo plans' units are not in this database)
    const units = t.app.get(UnitsService, { strict: false });
    const institutions = t.app.get(InstitutionsService, { strict: false });
    u.province = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    u.district = (
      await createUnit(t, { level: 'district', parentId: u.province, name: 'Huyện Hướng Hóa', kind: 'huyen' })
    ).unitId;
    u.c1 = (await createUnit(t, { level: 'commune', parentId: u.district, name: 'Xã Tân Hợp' })).unitId;
    u.c2 = (await createUnit(t, { level: 'commune', parentId: u.district, name: 'Thị trấn Lao Bảo' })).unitId;
    u.other = (await createUnit(t, { name: 'Tỉnh Quảng Ngãi' })).unitId;
    const lib = async (name: string, unitId: string, openedOn?: string) =>
      (
        await institutions.create({
          code: `T-HH-${Math.random().toString(36).slice(2, 8)}`,
          name,
          type: 'public_library',
          level: 'commune',
          unitId,
          validFrom: openedOn ?? '2000-01-01',
          openedOn: openedOn ?? null,
          parentInstitutionId: null,
          address: null,
        })
      ).id;
    i.a = await lib('Thư viện xã Tân Hợp', u.c1);
    i.b = await lib('Thư viện thị trấn Lao Bảo', u.c2);
    i.c = await lib('Thư viện xã Hướng Lập', u.c1, '2024-07-01');
    i.d = await lib('Thư viện xã Húc', u.c2);
    await institutions.update(i.d, { closedOn: '2025-03-31' });

    sys = (await createSystemAdmin(t)).token;
    districtAdmin = (await createNetworkAdmin(t, u.district)).token;
    provinceAdmin = (await createNetworkAdmin(t, u.province)).token;
    otherAdmin = (await createNetworkAdmin(t, u.other)).token;

    // 2023: the district enters its plan and adopts it.
    const created = await t.http().post('/plans').set(auth(districtAdmin)).send(planBody()).expect(201);
    planId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', version: 1, jurisdictionUnitId: u.district });
    await t.http().post(`/plans/${planId}/adopt`).set(auth(districtAdmin)).expect(200);

    // 1 July 2025: districts abolished; Tân Hợp → Xã Khe Sanh, Lao Bảo → Xã Lao Bảo, directly under the province.
    for (const id of [u.c1, u.c2, u.district]) await units.end(id, '2025-06-30');
    u.n1 = (
      await units.create({
        code: 'T-QT-KS',
        name: 'Xã Khe Sanh',
        level: 'commune',
        kind: 'xa',
        validFrom: '2025-07-01',
        parentId: u.province,
      })
    ).id;
    u.n2 = (
      await units.create({
        code: 'T-QT-LB',
        name: 'Xã Lao Bảo',
        level: 'commune',
        kind: 'xa',
        validFrom: '2025-07-01',
        parentId: u.province,
      })
    ).id;
    await t
      .http()
      .post(`/units/${u.c1}/successors`)
      .set(auth(sys))
      .send({ successorId: u.n1, effectiveOn: '2025-07-01', kind: 'merge' })
      .expect(200);
    const succ = await t
      .http()
      .post(`/units/${u.c2}/successors`)
      .set(auth(sys))
      .send({ successorId: u.n2, effectiveOn: '2025-07-01', kind: 'merge' })
      .expect(200);
    expect(succ.body).toEqual([
      expect.objectContaining({
        predecessorName: 'Thị trấn Lao Bảo',
        successorName: 'Xã Lao Bảo',
        effectiveOn: '2025-07-01',
        kind: 'merge',
      }),
    ]);
    await institutions.moveToUnit(i.a, u.n1, '2025-07-01');
    await institutions.moveToUnit(i.b, u.n2, '2025-07-01');
    await institutions.moveToUnit(i.c, u.n1, '2025-07-01');
    i.e = await lib('Thư viện xã Khe Sanh mới', u.n1, '2025-09-01');

    let n = 0;
    const ev = (
      institutionId: string,
      unitId: string,
      kind: UsageEventKind,
      year: number,
      quantity: number,
      day = '05-15',
    ): StampedUsageEvent => ({
      clientEventId: `reorg-${++n}`,
      kind,
      institutionId,
      unitId,
      servicePointId: null,
      occurredAt: new Date(`${year}-${day}T09:00:00+07:00`),
      patronKey: null,
      quantity,
      rawCrossings: null,
      basis: 'counted',
      source: 'api',
    });
    const events: StampedUsageEvent[] = [
      ev(i.a, u.c1, 'visit', 2023, 1000),
      ev(i.a, u.c1, 'loan', 2023, 1),
      ev(i.b, u.c2, 'visit', 2023, 1000),
      ev(i.d, u.c2, 'visit', 2023, 500),
      ev(i.a, u.c1, 'visit', 2024, 1100),
      ev(i.a, u.c1, 'loan', 2024, 1),
      ev(i.d, u.c2, 'visit', 2024, 500),
      ev(i.a, u.n1, 'visit', 2025, 1210, '09-15'),
      ev(i.a, u.n1, 'loan', 2025, 1, '09-15'),
      ev(i.b, u.n2, 'visit', 2025, 1100, '09-15'),
      ev(i.b, u.n2, 'loan', 2025, 1, '09-15'),
      ev(i.c, u.n1, 'visit', 2025, 600, '09-15'),
      ev(i.d, u.c2, 'visit', 2025, 100, '02-15'),
      ev(i.a, u.n1, 'visit', 2026, 1331),
      ev(i.a, u.n1, 'loan', 2026, 1),
      ev(i.c, u.n1, 'visit', 2026, 700),
      ev(i.c, u.n1, 'loan', 2026, 1),
      ev(i.e, u.n1, 'visit', 2026, 100),
    ];
    await t.app.get(UsageIngestionService).ingestStamped(events);
    // Hướng Lập opened on 1 July 2024: its first, partial year is entered as one yearly figure.
    await t
      .http()
      .post('/usage/manual-figures')
      .set(auth(provinceAdmin))
      .send({ institutionId: i.c, kind: 'visit', grain: 'year', period: '2024', value: 300, basis: 'estimated' })
      .expect(201);
    await t.app.get(RollupService).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const indicators = async (token: string, period: string) =>
    (await t.http().get(`/plans/${planId}/indicators`).query({ period }).set(auth(token)).expect(200)).body;
  const finished = (id: string) =>
    eventually(async () => {
      const r = await t.http().get(`/tasks/${id}`).set(auth(provinceAdmin)).expect(200);
      return ['succeeded', 'failed'].includes(r.body.status) && r.body;
    }, 60_000);
  const by = (body: { indicators: { key: string }[] }, key: string) =>
    body.indicators.find((x) => x.key === key) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('shows the district plan to the province administrator after the district is gone, and to no one else', async () => {
    const plan = await t.http().get(`/plans/${planId}`).set(auth(provinceAdmin)).expect(200);
    expect(plan.body).toMatchObject({
      status: 'adopted',
      version: 1,
      number: '15/KH-UBND',
      source: 'Kế hoạch số 15/KH-UBND ngày 01/03/2023 của UBND huyện Hướng Hóa',
    });
    expect(
      (await t.http().get('/plans').set(auth(provinceAdmin)).expect(200)).body.map((p: { id: string }) => p.id),
    ).toContain(planId);
    for (const path of [
      `/plans/${planId}`,
      `/plans/${planId}/indicators?period=2025`,
      `/plans/${planId}/versions`,
      `/plans/${planId}/reports`,
    ]) {
      const res = await t.http().get(path).set(auth(otherAdmin)).expect(404);
      expect(res.body.code).toBe('plans/plan_not_found');
    }
  });

  it('counts each year the institutions open in the ground then (opening, closing, new commune)', async () => {
    const y2024 = by(await indicators(provinceAdmin, '2024'), 'visits.2030');
    expect(y2024.series).toEqual([
      { year: 2023, value: 2500, coverage: 1 },
      { year: 2024, value: 1900, coverage: 0.75 },
    ]);
    expect(y2024.noReport).toEqual([{ institutionId: i.b, name: 'Thư viện thị trấn Lao Bảo' }]);
  });

  it('gives real 2025 figures to the successor province, with no report kept in the denominator', async () => {
    const asked = Date.now();
    const body = await indicators(provinceAdmin, '2025');
    expect(body.jurisdiction).toEqual({ unitId: u.district, name: 'Huyện Hướng Hóa' });
    expect(body.provisional).toBe(false);
    // Nothing waits to be rolled up: the figures are as of the request itself.
    expect(Date.parse(body.figuresAsOf)).toBeGreaterThanOrEqual(asked);
    expect(Date.parse(body.figuresAsOf)).toBeLessThanOrEqual(Date.now());
    const it25 = by(body, 'it.xã.2025');
    expect(it25.value).toBeCloseTo(0.4, 3);
    expect(it25.valueIfAllReported).toBeCloseTo(0.6, 3);
    expect(it25.coverage).toEqual({ reported: 4, expected: 5, share: 0.8 });
    expect(it25.noReport).toEqual([{ institutionId: i.e, name: 'Thư viện xã Khe Sanh mới' }]);
    expect(it25.status).toBe('undetermined');
    expect(it25.undeterminedBecause.vi).toContain('1 cơ sở chưa báo cáo');
    const visits = by(body, 'visits.2030');
    expect(visits.series.map((s: { value: number }) => s.value)).toEqual([2500, 1900, 3010]);
    expect(visits.value).toBeCloseTo(Math.sqrt(3010 / 2500) - 1, 4); // 9.727 %/yr
    expect(visits.growth.requiredValue).toBeCloseTo(3025, 6);
    expect(visits.growth.yearOnYear).toBeCloseTo(3010 / 1900 - 1, 4);
    expect(visits.growth.likeForLike).toEqual({ growth: expect.any(Number), institutions: 3 });
    expect(visits.growth.likeForLike.growth).toBeCloseTo(1910 / 1900 - 1, 4);
    expect(visits.status).toBe('undetermined');
    // Drill-down: the new communes the district's libraries sit in now.
    expect(body.drillDown.map((d: { name: string }) => d.name).sort()).toEqual(['Xã Khe Sanh', 'Xã Lao Bảo']);
  });

  it('shows 2026 as a provisional preview and refuses to store it, or any period outside the calendar', async () => {
    const body = await indicators(provinceAdmin, '2026');
    expect(body.provisional).toBe(true);
    expect(by(body, 'visits.2030').series.map((s: { value: number }) => s.value)).toEqual([2500, 1900, 3010, 2131]);
    expect(by(body, 'loans.2030')).toMatchObject({ value: 2, coverage: { reported: 3, expected: 4, share: 0.75 } });
    const early = await t.http().post(`/plans/${planId}/reports/2026`).set(auth(provinceAdmin)).expect(409);
    expect(early.body.code).toBe('plans/period_not_over');
    for (const period of ['1999', '2031', '2025-H1', '2023']) {
      const res = await t.http().post(`/plans/${planId}/reports/${period}`).set(auth(provinceAdmin)).expect(400);
      expect(res.body.code).toBe('plans/period_not_in_calendar');
      expect(res.body.messageVi).toContain('không có trong lịch báo cáo');
    }
    expect(await ds.query(`SELECT count(*)::int AS n FROM plans.reports WHERE plan_id = $1`, [planId])).toEqual([
      { n: 0 },
    ]);
  });

  it('stores the 2025 report once, regenerates it as a new revision and keeps the first', async () => {
    // Generation is an on-demand task: 202 with Location, run in the worker; racing requests store one report.
    const racing = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.http().post(`/plans/${planId}/reports/2025`).set(auth(provinceAdmin)).expect(202),
      ),
    );
    expect(racing[0]!.headers.location).toBe(`/tasks/${racing[0]!.body.id}`);
    const done = await Promise.all(racing.map((r) => finished(r.body.id)));
    expect(done.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(done.map((d) => d.result.result).sort()).toEqual(['exists', 'exists', 'exists', 'generated']);
    expect(done[0].files.map((f: { name: string }) => f.name).sort()).toEqual([
      'kh-it-huong-hoa-2023-2025-lan-1.csv',
      'kh-it-huong-hoa-2023-2025-lan-1.pdf',
      'kh-it-huong-hoa-2023-2025-lan-1.xlsx',
    ]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM plans.reports WHERE plan_id = $1`, [planId])).toEqual([
      { n: 1 },
    ]);
    const first = await t.http().get(`/plans/${planId}/reports/2025`).set(auth(provinceAdmin)).expect(200);
    expect(first.body.revision).toBe(1);
    expect(by(first.body, 'it.xã.2025').value).toBeCloseTo(0.4, 3);
    const csv = (await t.http().get(`/plans/${planId}/reports/2025/export/csv`).set(auth(provinceAdmin)).expect(200))
      .text;
    expect(csv).toContain('40%');
    const again = await t
      .http()
      .post(`/plans/${planId}/reports/2025/revisions`)
      .set(auth(provinceAdmin))
      .send({ reason: 'Thư viện xã Khe Sanh mới bổ sung số liệu' })
      .expect(202);
    expect((await finished(again.body.id)).result).toEqual({ period: '2025', revision: 2, result: 'generated' });
    const list = await t.http().get(`/plans/${planId}/reports`).set(auth(provinceAdmin)).expect(200);
    expect(list.body.map((r: { revision: number; reason: string | null }) => [r.revision, r.reason])).toEqual([
      [2, 'Thư viện xã Khe Sanh mới bổ sung số liệu'],
      [1, null],
    ]);
    expect(
      (await t.http().get(`/plans/${planId}/reports/2025`).query({ revision: 1 }).set(auth(provinceAdmin)).expect(200))
        .body.revision,
    ).toBe(1);
  });

  it('reads the usage figures by institution, kind and period with year on year, CAGR and like-for-like, and exports them', async () => {
    const q = {
      scope: 'institution',
      ids: `${i.a},${i.c}`,
      kinds: 'visit',
      grain: 'year',
      from: '2023-01-01',
      to: '2027-01-01',
    };
    const asked = Date.now();
    const res = await t.http().get('/usage/figures').query(q).set(auth(provinceAdmin)).expect(200);
    // Nothing waits to be rolled up: the figures are as of the request itself.
    expect(Date.parse(res.body.asOf)).toBeGreaterThanOrEqual(asked);
    expect(Date.parse(res.body.asOf)).toBeLessThanOrEqual(Date.now());
    const a = res.body.rows.filter((r: { scopeId: string }) => r.scopeId === i.a);
    expect(a.map((r: { value: number }) => r.value)).toEqual([1000, 1100, 1210, 1331]);
    expect(a[0]).toMatchObject({
      name: 'Thư viện xã Tân Hợp',
      periodLabel: 'Năm 2023',
      kindNameVi: 'Lượt bạn đọc đến thư viện (trực tiếp)',
      yearOnYear: null,
      counted: 1000,
      estimated: 0,
    });
    for (const r of a.slice(1)) expect(r.yearOnYear).toBeCloseTo(0.1, 6);
    // Hướng Lập's first year is its manual yearly figure, marked estimated and manual.
    expect(
      res.body.rows.find(
        (r: { scopeId: string; periodStart: string }) => r.scopeId === i.c && r.periodStart === '2024-01-01',
      ),
    ).toMatchObject({ value: 300, estimated: 300, manual: 300, counted: 0 });
    expect(res.body.series.find((s: { scopeId: string }) => s.scopeId === i.a).cagr).toBeCloseTo(0.1, 6);
    // Like for like 2023 → 2026: only Tân Hợp has both years (Hướng Lập opened in 2024).
    expect(res.body.likeForLike).toEqual([
      { kind: 'visit', compared: 1, first: 1000, last: 1331, growth: expect.any(Number) },
    ]);
    const quarters = await t
      .http()
      .get('/usage/figures')
      .query({ ...q, grain: 'quarter', from: '2025-01-01', to: '2026-01-01', format: 'csv' })
      .set(auth(provinceAdmin))
      .expect(200);
    expect(quarters.headers['content-type']).toContain('text/csv');
    expect(quarters.text).toContain('Quý III/2025');
    expect(quarters.text).toContain('Thư viện xã Tân Hợp');
    const xlsx = await t
      .http()
      .get('/usage/figures')
      .query({ ...q, format: 'xlsx' })
      .set(auth(provinceAdmin))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const other = await t.http().get('/usage/figures').query(q).set(auth(otherAdmin)).expect(404);
    expect(other.body.code).toBe('usage/institution_not_found');
    await t
      .http()
      .get('/usage/figures')
      .query({ ...q, grain: 'week' })
      .set(auth(provinceAdmin))
      .expect(400);
  });

  it('refuses invalid plans with both languages and stores nothing; an adopted plan changes only by a version with a reason', async () => {
    const before = await ds.query(
      `SELECT (SELECT count(*) FROM plans.plans)::int AS p, (SELECT count(*) FROM plans.targets)::int AS t`,
    );
    const bad = planBody();
    bad.code = 'kh-sai';
    bad.jurisdictionUnitId = u.province;
    bad.level = 'province';
    bad.targets[0]!.min = 1.5;
    bad.targets[1]!.evidenceRule = 'không-có';
    bad.targets[2]!.year = 2040;
    const res = await t.http().post('/plans').set(auth(provinceAdmin)).send(bad).expect(422);
    expect(res.body.code).toBe('plans/invalid_plan');
    expect(res.body.message).toContain('a share is between 0 and 1');
    expect(res.body.messageVi).toContain('tỷ lệ phải từ 0 đến 1');
    expect(res.body.messageVi).toContain('năm 2040 nằm ngoài 2024–2030');
    const shape = await t
      .http()
      .post('/plans')
      .set(auth(provinceAdmin))
      .send({ ...planBody(), code: 'kh-sai-2', baseYear: 'năm ngoái' })
      .expect(400);
    expect(shape.body.code).toBe('platform/validation_failed');
    // Another jurisdiction's unit: not found.
    await t
      .http()
      .post('/plans')
      .set(auth(otherAdmin))
      .send({
        ...planBody(),
        code: 'kh-sai-3',
        level: 'province',
        jurisdictionUnitId: u.province,
        targets: planBody().targets,
      })
      .expect(404);
    expect(
      await ds.query(
        `SELECT (SELECT count(*) FROM plans.plans)::int AS p, (SELECT count(*) FROM plans.targets)::int AS t`,
      ),
    ).toEqual(before);

    const put = await t.http().put(`/plans/${planId}`).set(auth(provinceAdmin)).send(planBody()).expect(409);
    expect(put.body.code).toBe('plans/plan_adopted');
    await t.http().post(`/plans/${planId}/versions`).set(auth(provinceAdmin)).send(planBody()).expect(400); // no reason
    const changed = planBody();
    changed.targets[0]!.min = 0.45;
    const v2 = await t
      .http()
      .post(`/plans/${planId}/versions`)
      .set(auth(provinceAdmin))
      .send({ ...changed, reason: 'Điều chỉnh sau khi sắp xếp đơn vị hành chính', expectedVersion: 1 })
      .expect(201);
    expect(v2.body).toMatchObject({ version: 2, jurisdictionUnitId: u.district });
    const stale = await t
      .http()
      .post(`/plans/${planId}/versions`)
      .set(auth(provinceAdmin))
      .send({ ...changed, reason: 'Lần nữa', expectedVersion: 1 })
      .expect(409);
    expect(stale.body.code).toBe('plans/version_conflict');
    const versions = await t.http().get(`/plans/${planId}/versions`).set(auth(provinceAdmin)).expect(200);
    expect(versions.body.map((v: { version: number; reason: string | null }) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, 'Điều chỉnh sau khi sắp xếp đơn vị hành chính'],
    ]);
    expect(
      (versions.body[0].snapshot.targets as { key: string; min: number }[]).find((x) => x.key === 'it.xã.2025')!.min,
    ).toBe(0.5);
  });
});
