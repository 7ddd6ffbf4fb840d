// One journey across the modules: a checkout and a check-in at a commune library's desk, through the API, reach the
// commune's plan. Circulation writes a usage event into the outbox in the loan's transaction; the worker's relay hands
// it to the usage module, which stores it; the rollup counts it; the plan's indicator reads the rollup.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { vietnamDate } from '@suotdoi/platform';
import { RollupService } from '@suotdoi/usage';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createNetworkAdmin, createPatron, createUnit, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, createDesk, createTitle, type Desk } from '../circulation/circulation-fixtures.js';

describe('journey: from the desk to the plan', () => {
  let t: TestApp;
  let desk: Desk;
  let reader: FixturePatron;
  let admin: string;
  let planId: string;
  const year = Number(vietnamDate(new Date()).slice(0, 4));

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    const province = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    const commune = (await createUnit(t, { level: 'commune', parentId: province, name: 'Xã Đakrông' })).unitId;
    desk = await createDesk(t, { unitId: commune, name: 'Thư viện xã Đakrông' });
    reader = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Hồ Văn Đức' });
    admin = (await createNetworkAdmin(t, commune)).token;
    const plan = await t
      .http()
      .post('/plans')
      .set(auth(admin))
      .send({
        code: `kh-doc-sach-dakrong-${year}`,
        title: 'Kế hoạch phát triển văn hóa đọc trên địa bàn xã Đakrông',
        issuer: 'UBND xã Đakrông',
        level: 'commune',
        jurisdictionUnitId: commune,
        number: '07/KH-UBND',
        issuedOn: `${year}-01-15`,
        baseYear: year - 1,
        horizonYear: 2030,
        reportingCalendar: [{ kind: 'annual', due: '12-15' }],
        source: `Kế hoạch số 07/KH-UBND ngày 15/01/${year} của UBND xã Đakrông`,
        targets: [
          {
            key: 'luu.thong',
            indicator: 'usage_total',
            institutionTypes: [],
            levels: [],
            year,
            min: 200,
            usageKinds: ['loan', 'return'],
            descriptionVi: 'Lượt lưu thông tài liệu (mượn và trả) tại thư viện xã: 200 lượt/năm',
          },
        ],
      })
      .expect(201);
    planId = plan.body.id;
    await t.http().post(`/plans/${planId}/adopt`).set(auth(admin)).expect(200);
  }, 180_000);
  afterAll(() => t?.close());

  /** The plan's live circulation figure for this year, and who reported it. */
  const indicator = async () => {
    const res = await t
      .http()
      .get(`/plans/${planId}/indicators`)
      .query({ period: String(year) })
      .set(auth(admin));
    expect(res.status).toBe(200);
    const [only] = res.body.indicators as { key: string; value: number | null; coverage: unknown }[];
    return { key: only.key, value: only.value, coverage: only.coverage };
  };
  /** Waits until the worker has stored `n` usage events of the desk's library (the outbox relay runs in the worker). */
  const usageEvents = (n: number) =>
    eventually(async () => {
      const [{ count }]: { count: number }[] = await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS count FROM usage.events WHERE institution_id = $1`, [desk.institutionId]);
      return count === n;
    });

  it('a checkout, then a check-in, each move the plan indicator by exactly one', async () => {
    // Nothing reported yet: no figure, the library not counted as reporting.
    const none = { reported: 0, expected: 1, share: 0 };
    expect(await indicator()).toEqual({ key: 'luu.thong', value: null, coverage: none });

    const { copies } = await createTitle(t, { institutionId: desk.institutionId, title: 'Dế Mèn phiêu lưu ký' });
    await checkout(t, desk, reader.cardNumber, copies[0].barcode).expect(201);
    await usageEvents(1);
    await t.app.get(RollupService).catchUp();
    const all = { reported: 1, expected: 1, share: 1 };
    expect(await indicator()).toEqual({ key: 'luu.thong', value: 1, coverage: all });

    await checkin(t, desk, copies[0].barcode).expect(200);
    await usageEvents(2);
    await t.app.get(RollupService).catchUp();
    expect(await indicator()).toEqual({ key: 'luu.thong', value: 2, coverage: all });
  });
});
