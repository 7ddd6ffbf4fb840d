// The mobile library (routes of stops, public upcoming stops, stop visits counted for the stop's commune), deposit
// collections (a host with no system reporting monthly counts), and usage stamped with the stage a collection was on
// when the event happened, not when it was ingested.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InstitutionsService } from '@suotdoi/network';
import { addDays, vietnamDate, vietnamMidnight } from '@suotdoi/platform';
import { UsageIngestionService } from '@suotdoi/usage';
import { RotationFiguresService } from '@suotdoi/rotation';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createPatron,
  createStaff,
  createUnit,
  type FixturePatron,
} from '../../support/fixtures.js';
import { checkin, checkout, createDesk, createTitle, type Desk } from '../circulation/circulation-fixtures.js';

describe('rotation: mobile library, deposit collections, usage stamped with the stage of its moment', () => {
  let t: TestApp;
  let ds: DataSource;
  let province: string;
  let aDoi: string;
  let huongPhung: string;
  let library: Desk;
  let stranger: Desk;
  let vehicle: string;
  let routeId: string;
  let stopIds: string[];
  let today: string;

  const post = (token: string | undefined, url: string, body: object = {}) => {
    const r = t.http().post(url);
    return (token ? r.set(auth(token)) : r).send(body);
  };
  const get = (token: string | undefined, url: string) => {
    const r = t.http().get(url);
    return token ? r.set(auth(token)) : r;
  };
  const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  /** Ten o'clock in the morning, Vietnam time, `days` days from today. */
  const morning = (days: number) => new Date(vietnamMidnight(addDays(today, days)).getTime() + 10 * 3_600_000);

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    ds = t.app.get(DataSource);
    today = vietnamDate(t.clock.now());
    province = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    const commune = (name: string) =>
      createUnit(t, { level: 'commune', parentId: province, name }).then((u) => u.unitId);
    aDoi = await commune('Xã A Dơi');
    huongPhung = await commune('Xã Hướng Phùng');
    library = await createDesk(t, { unitId: await commune('Thị trấn Khe Sanh'), name: 'Thư viện huyện Hướng Hóa' });
    stranger = await createDesk(t, { name: 'Thư viện huyện Đắk Hà' });
    vehicle = (
      await t.app
        .get(InstitutionsService)
        .addServicePoint(library.institutionId, { name: 'Xe thư viện lưu động Hướng Hóa', kind: 'mobile_stop' })
    ).id;
  });
  afterAll(() => t.close());

  describe('mobile library', () => {
    it('keeps a route of stops and shows the upcoming stops to anyone, by date and time', async () => {
      const created = await post(library.staff.token, '/rotation/mobile-routes', {
        institutionId: library.institutionId,
        servicePointId: vehicle,
        name: 'Tuyến lưu động Hướng Hóa – A Dơi',
        stops: [
          {
            place: 'Nhà văn hóa thôn Xa Bai',
            unitId: aDoi,
            weekday: isoWeekday(today),
            startsAt: '07:30',
            endsAt: '10:30',
          },
          {
            place: 'Điểm trường bản Cợp'.normalize('NFD'),
            unitId: huongPhung,
            startsAt: '14:00',
            endsAt: '16:30',
            dates: [addDays(today, 2)],
          },
        ],
      }).expect(201);
      routeId = created.body.id;
      stopIds = created.body.stops.map((s: { id: string }) => s.id);
      expect(created.body).toMatchObject({
        institutionName: 'Thư viện huyện Hướng Hóa',
        servicePointId: vehicle,
        stops: [
          { seq: 1, place: 'Nhà văn hóa thôn Xa Bai', unitName: 'Xã A Dơi', weekday: isoWeekday(today), dates: [] },
          {
            seq: 2,
            place: 'Điểm trường bản Cợp',
            unitName: 'Xã Hướng Phùng',
            weekday: null,
            dates: [addDays(today, 2)],
          },
        ],
      });

      const upcoming = await get(
        undefined,
        `/rotation/mobile-stops/upcoming?institutionIds=${library.institutionId}&days=8`,
      ).expect(200);
      expect(upcoming.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
      expect(
        upcoming.body.items.map((s: { date: string; place: string; startsAt: string; unitName: string }) => [
          s.date,
          s.startsAt,
          s.place,
          s.unitName,
        ]),
      ).toEqual([
        [today, '07:30', 'Nhà văn hóa thôn Xa Bai', 'Xã A Dơi'],
        [addDays(today, 2), '14:00', 'Điểm trường bản Cợp', 'Xã Hướng Phùng'],
        [addDays(today, 7), '07:30', 'Nhà văn hóa thôn Xa Bai', 'Xã A Dơi'],
      ]);
      expect(upcoming.body.items[0]).toMatchObject({
        routeName: 'Tuyến lưu động Hướng Hóa – A Dơi',
        institutionName: 'Thư viện huyện Hướng Hóa',
        endsAt: '10:30',
      });
      const inCommune = await get(undefined, `/rotation/mobile-stops/upcoming?unitId=${aDoi}&days=8`).expect(200);
      expect(inCommune.body.items.map((s: { date: string }) => s.date)).toEqual([today, addDays(today, 7)]);
      const inProvince = await get(undefined, `/rotation/mobile-stops/upcoming?unitId=${province}&days=3`).expect(200);
      expect(inProvince.body.total).toBe(2);
      const elsewhere = await get(
        undefined,
        `/rotation/mobile-stops/upcoming?institutionIds=${stranger.institutionId}`,
      ).expect(200);
      expect(elsewhere.body).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
    });

    it('records a stop visit once, however many desks send it at once, and counts it for the stop’s commune', async () => {
      const sent = await Promise.all(
        Array.from({ length: 8 }, () =>
          post(library.staff.token, `/rotation/mobile-stops/${stopIds[0]}/visits`, { visitedOn: today, headcount: 37 }),
        ),
      );
      expect(sent.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      const refused = sent.find((r) => r.status === 409)!.body;
      expect(refused).toMatchObject({
        code: 'rotation/visit_recorded',
        messageVi: `Lần ghé “Nhà văn hóa thôn Xa Bai” ngày ${today} đã được ghi nhận (37 người).`,
      });
      const visitId = sent.find((r) => r.status === 201)!.body.id as string;
      const events = await eventually(async () => {
        const rows = await ds.query(
          `SELECT kind, quantity::int AS quantity, unit_id AS "unitId", institution_id AS "institutionId", service_point_id AS "servicePointId", basis
           FROM usage.events WHERE client_event_id LIKE 'rotation:visit:%'`,
        );
        return rows.length && rows;
      });
      expect(events).toEqual([
        {
          kind: 'visit',
          quantity: 37,
          unitId: aDoi,
          institutionId: library.institutionId,
          servicePointId: vehicle,
          basis: 'counted',
        },
      ]);
      const route = await get(library.staff.token, `/rotation/mobile-routes/${routeId}`).expect(200);
      expect(route.body.stops.map((s: { visits: number; headcount: number }) => [s.visits, s.headcount])).toEqual([
        [1, 37],
        [0, 0],
      ]);
      const visits = await get(library.staff.token, `/rotation/mobile-routes/${routeId}/visits`).expect(200);
      expect(visits.body).toMatchObject({ total: 1, items: [{ id: visitId, visitedOn: today, headcount: 37 }] });
      const year = Number(today.slice(0, 4));
      const reach = await t.app.get(RotationFiguresService).reach([library.institutionId], year, year);
      expect(reach.get(year)).toEqual({ copiesRotated: 0, communesReached: 1, schoolsReached: 0 });
    });

    it('refuses bad routes and visits with a code and both messages, writing nothing', async () => {
      const route = (stops: object[], name = 'Tuyến Hướng Lập') =>
        post(library.staff.token, '/rotation/mobile-routes', { institutionId: library.institutionId, name, stops });
      const ok = { place: 'Bản Tà Rùng', unitId: aDoi, weekday: 3, startsAt: '08:00', endsAt: '11:00' };
      const unscheduled = await route([ok, { place: 'Bản Tà Rùng', unitId: aDoi, startsAt: '08:00', endsAt: '11:00' }]);
      expect(unscheduled.status).toBe(422);
      expect(unscheduled.body).toMatchObject({
        code: 'rotation/stop_unscheduled',
        message: 'Stop “Bản Tà Rùng” needs a weekly slot or dated visits.',
        messageVi: 'Điểm dừng “Bản Tà Rùng” cần có lịch hằng tuần hoặc ngày ghé cụ thể.',
      });
      expect((await route([{ ...ok, startsAt: '11:00', endsAt: '08:00' }]).expect(422)).body.messageVi).toBe(
        'Điểm dừng “Bản Tà Rùng” kết thúc lúc 08:00, trước giờ bắt đầu 11:00.',
      );
      expect((await route([{ ...ok, unitId: library.institutionId }]).expect(422)).body.code).toBe(
        'rotation/unit_not_found',
      );
      expect((await route([ok], 'tuyến lưu động hướng hóa – a dơi').expect(409)).body.code).toBe(
        'rotation/route_name_taken',
      );
      const future = await post(library.staff.token, `/rotation/mobile-stops/${stopIds[1]}/visits`, {
        visitedOn: addDays(today, 1),
        headcount: 12,
      }).expect(422);
      expect(future.body.messageVi).toBe(`Lần ghé được ghi ngày ${addDays(today, 1)}, sau hôm nay (${today}).`);
      expect(await ds.query(`SELECT count(*)::int AS n FROM rotation.mobile_routes`)).toEqual([{ n: 1 }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM rotation.mobile_stop_visits`)).toEqual([{ n: 1 }]);
    });

    it('answers 404 to staff of another library for a route and a stop', async () => {
      expect((await get(stranger.staff.token, `/rotation/mobile-routes/${routeId}`).expect(404)).body.code).toBe(
        'rotation/route_not_found',
      );
      expect(
        (
          await post(stranger.staff.token, `/rotation/mobile-stops/${stopIds[0]}/visits`, {
            visitedOn: today,
            headcount: 5,
          }).expect(404)
        ).body.code,
      ).toBe('rotation/stop_not_found');
      await get(stranger.staff.token, `/rotation/mobile-routes/${routeId}/visits`).expect(404);
      await post(undefined, '/rotation/mobile-routes', {}).expect(401);
    });
  });

  describe('deposit collections', () => {
    let owner: Desk;
    let school: Desk;
    let collectionId: string;
    let stageId: string;
    let received: string;

    beforeAll(async () => {
      const kontum = (await createUnit(t, { name: 'Tỉnh Kon Tum' })).unitId;
      const dakHa = (await createUnit(t, { level: 'commune', parentId: kontum, name: 'Xã Đắk Hà' })).unitId;
      owner = await createDesk(t, { unitId: dakHa, name: 'Thư viện huyện Đắk Hà' });
      const inst = await createInstitution(t, {
        unitId: dakHa,
        name: 'Trường Tiểu học Đắk Hà',
        type: 'school_library',
      });
      school = {
        institutionId: inst.institutionId,
        unitId: inst.unitId,
        staff: await createStaff(t, { institutionId: inst.institutionId, roles: ['circulation'] }),
      };
      const title = await createTitle(t, { institutionId: owner.institutionId, copies: 3, title: 'Truyện đọc lớp 3' });
      // Sent and received 75 days ago: the month it arrived and the next are over.
      const at = morning(-75);
      received = vietnamDate(at);
      await t.clock.at(at, async () => {
        const c = await post(owner.staff.token, '/rotation/collections', {
          ownerInstitutionId: owner.institutionId,
          name: 'Tủ sách gửi Trường Tiểu học Đắk Hà',
          kind: 'deposit',
        }).expect(201);
        collectionId = c.body.id;
        await post(owner.staff.token, `/rotation/collections/${collectionId}/copies`, {
          barcodes: title.copies.map((x) => x.barcode),
        }).expect(200);
        const it1 = await post(owner.staff.token, `/rotation/collections/${collectionId}/itineraries`, {
          mode: 'one_way',
          startsOn: received,
          stages: [{ hostId: school.institutionId, days: 365 }],
        }).expect(201);
        stageId = it1.body.stages[0].id;
        const s = await post(owner.staff.token, `/rotation/collections/${collectionId}/shipments`).expect(201);
        await post(owner.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(200);
        await post(school.staff.token, `/rotation/shipments/${s.body.id}/receipts`, {
          barcodes: title.copies.map((x) => x.barcode),
        }).expect(200);
      });
    });

    it('takes a month’s counts once (the same again replays, others are refused) and reads them in the figures', async () => {
      const month = received.slice(0, 7);
      const url = `/rotation/collections/${collectionId}/deposit-reports`;
      const first = await post(owner.staff.token, url, { period: month, loans: 124, readers: 41, basis: 'estimated' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        period: month,
        stageId,
        hostInstitutionId: school.institutionId,
        replayed: false,
      });
      const again = await post(school.staff.token, url, { period: month, loans: 124, readers: 41, basis: 'estimated' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, replayed: true });
      const other = await post(owner.staff.token, url, { period: month, loans: 130, readers: 41, basis: 'estimated' });
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({
        code: 'rotation/deposit_period_reported',
        messageVi: `Tháng ${month} của bộ sách đã được báo cáo (124 lượt mượn, 41 bạn đọc).`,
      });
      const current = await post(owner.staff.token, url, {
        period: today.slice(0, 7),
        loans: 3,
        readers: 2,
        basis: 'counted',
      }).expect(422);
      expect(current.body.code).toBe('rotation/bad_deposit_period');
      const before = addDays(`${month}-01`, -1).slice(0, 7);
      await post(owner.staff.token, url, { period: before, loans: 3, readers: 2, basis: 'counted' }).expect(422);

      // The next month, sent by six desks at once: one report.
      const next = addDays(`${month}-28`, 7).slice(0, 7);
      const racing = await Promise.all(
        Array.from({ length: 6 }, () =>
          post(owner.staff.token, url, { period: next, loans: 80, readers: 30, basis: 'counted' }),
        ),
      );
      expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(
        await ds.query(`SELECT count(*)::int AS n FROM rotation.deposit_reports WHERE collection_id = $1`, [
          collectionId,
        ]),
      ).toEqual([{ n: 2 }]);
      const list = await get(school.staff.token, url).expect(200);
      expect(list.body.items.map((r: { period: string; loans: number }) => [r.period, r.loans])).toEqual([
        [next, 80],
        [month, 124],
      ]);

      const stage = await eventually(async () => {
        const f = await get(owner.staff.token, `/rotation/collections/${collectionId}/figures`).expect(200);
        const s = f.body.stages.find(
          (x: { stageId: string; loans: number }) => x.stageId === stageId && x.loans === 204,
        );
        return s;
      });
      expect(stage).toMatchObject({
        hostName: 'Trường Tiểu học Đắk Hà',
        copiesDelivered: 3,
        loans: 204,
        borrowers: 71,
        reportedMonths: 2,
        turnover: 68,
      });
      expect(
        await ds.query(
          `SELECT basis, quantity::int AS quantity, institution_id AS "institutionId" FROM usage.events WHERE collection_id = $1 ORDER BY occurred_at`,
          [collectionId],
        ),
      ).toEqual([
        { basis: 'estimated', quantity: 124, institutionId: school.institutionId },
        { basis: 'counted', quantity: 80, institutionId: school.institutionId },
      ]);
      expect(
        (await post(stranger.staff.token, url, { period: month, loans: 1, readers: 1, basis: 'counted' }).expect(404))
          .body.code,
      ).toBe('rotation/collection_not_found');

      // The figures as XLSX and CSV, rendered by a task.
      const started = await post(owner.staff.token, `/rotation/collections/${collectionId}/figures/export`).expect(202);
      const task = await eventually(async () => {
        const r = await get(owner.staff.token, `/tasks/${started.body.id}`).expect(200);
        return r.body.status === 'succeeded' && r.body;
      }, 60_000);
      expect(task.files.map((f: { name: string }) => f.name).sort()).toEqual([
        'so-lieu-bo-sach-luan-chuyen.csv',
        'so-lieu-bo-sach-luan-chuyen.xlsx',
      ]);
      const csv = await get(owner.staff.token, `/tasks/${task.id}/files/so-lieu-bo-sach-luan-chuyen.csv`).expect(200);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'Chặng,Nơi nhận,Bắt đầu dự kiến,Kết thúc dự kiến,Trạng thái,Số bản đã giao,Lượt mượn,Lượt gia hạn,Bạn đọc,Số bản được mượn,Vòng quay (lượt mượn/bản),Số tháng nơi nhận báo cáo',
      );
      expect(lines.filter((l) => l.startsWith('1,Trường Tiểu học Đắk Hà,'))).toEqual([
        expect.stringMatching(/,Đang luân chuyển,3,204,0,71,0,68,2$/),
      ]);

      // Plan indicators: the school reached and the copies rotated in the year of receipt.
      const year = Number(received.slice(0, 4));
      const reach = await t.app.get(RotationFiguresService).reach([school.institutionId], year, year);
      expect(reach.get(year)).toEqual({ copiesRotated: 3, communesReached: 1, schoolsReached: 1 });
    });
  });

  it('stamps a loan with the stage it was lent in, even when the event is ingested after the collection moved on', async () => {
    const kt = (await createUnit(t, { level: 'commune', parentId: province, name: 'Xã Tân Hợp' })).unitId;
    const owner = await createDesk(t, { unitId: kt, name: 'Thư viện tỉnh Quảng Trị' });
    const hostA = await createDesk(t, { unitId: aDoi, name: 'Thư viện xã A Dơi' });
    const hostB = await createDesk(t, { unitId: huongPhung, name: 'Thư viện xã Hướng Phùng' });
    const reader: FixturePatron = await createPatron(t, { institutionId: hostA.institutionId, fullName: 'Hồ Văn Đức' });
    const title = await createTitle(t, {
      institutionId: owner.institutionId,
      copies: 2,
      title: 'Sách Vân Kiều – Pa Kô',
    });
    const [c0, c1] = title.copies;
    let collectionId = '';
    let stages: string[] = [];
    await t.clock.at(morning(-40), async () => {
      const c = await post(owner.staff.token, '/rotation/collections', {
        ownerInstitutionId: owner.institutionId,
        name: 'Bộ sách Vân Kiều – Pa Kô số 3',
      }).expect(201);
      collectionId = c.body.id;
      await post(owner.staff.token, `/rotation/collections/${collectionId}/copies`, {
        barcodes: [c0!.barcode, c1!.barcode],
      }).expect(200);
      const it1 = await post(owner.staff.token, `/rotation/collections/${collectionId}/itineraries`, {
        mode: 'one_way',
        startsOn: addDays(today, -40),
        stages: [
          { hostId: hostA.institutionId, days: 15 },
          { hostId: hostB.institutionId, days: 60 },
        ],
      }).expect(201);
      stages = it1.body.stages.map((s: { id: string }) => s.id);
      const s = await post(owner.staff.token, `/rotation/collections/${collectionId}/shipments`).expect(201);
      await post(owner.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(200);
      await post(hostA.staff.token, `/rotation/shipments/${s.body.id}/receipts`, {
        barcodes: [c0!.barcode, c1!.barcode],
      }).expect(200);
      await post(hostA.staff.token, `/rotation/shipments/${s.body.id}/close`).expect(200);
    });
    await t.clock.at(morning(-30), () => checkout(t, hostA, reader.cardNumber, c0!.barcode).expect(201));
    await t.clock.at(morning(-20), async () => {
      const s = await post(owner.staff.token, `/rotation/collections/${collectionId}/shipments`).expect(201);
      expect(s.body.counts).toMatchObject({ packed: 1, to_follow: 1 });
      await post(owner.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(200);
    });
    // Returned today at the first host, after the collection moved on: the return counts for the second stage.
    await checkin(t, hostA, c0!.barcode).expect(200);
    // A loan of the other copy made at the first host 29 days ago, reaching usage only now (a delayed relay).
    await t.app.get(UsageIngestionService).ingestTrusted(
      [
        {
          clientEventId: 'circulation:loan:delayed-relay',
          kind: 'loan',
          locationId: hostA.institutionId,
          occurredAt: morning(-29).toISOString(),
          copyId: c1!.id,
        },
      ],
      'outbox',
    );

    const rows = await eventually(async () => {
      const r: { kind: string; copyId: string; stageId: string | null }[] = await ds.query(
        `SELECT kind, copy_id AS "copyId", stage_id AS "stageId" FROM usage.events WHERE collection_id = $1 ORDER BY occurred_at`,
        [collectionId],
      );
      return r.length === 3 && r;
    });
    expect(rows).toEqual([
      { kind: 'loan', copyId: c0!.id, stageId: stages[0] },
      { kind: 'loan', copyId: c1!.id, stageId: stages[0] },
      { kind: 'return', copyId: c0!.id, stageId: stages[1] },
    ]);
  });
});
