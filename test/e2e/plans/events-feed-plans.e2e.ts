import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IndicatorResult } from '@suotdoi/plans';
import { LIFELONG_LEARNING_CATEGORIES } from '../../../libs/plans/src/seed/demo-plans.js';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { conditionKey } from '../../../libs/plans/src/plans/plan.types.js';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createPatron,
  createUnit,
  tokenFor,
  type FixturePatron,
} from '../../support/fixtures.js';
import { holdSessions, organiserOf } from './events-fixture.js';

const LLL_SESSIONS = conditionKey({ kind: 'sessions_held', categories: LIFELONG_LEARNING_CATEGORIES, min: 4 });

/**
 * The plans' evidence rules and yearly obligations read what the events module recorded: sessions held by category,
 * club members and meetings, national-day programmes. Registering and checking in moves the indicator.
 */
describe('events feed the plan indicators', () => {
  let t: TestApp;
  let adminId: string;
  let planId: string;
  let an: FixturePatron;
  const ids = { province: '', commune: '', lib: '', quietLib: '', centre: '' };

  const indicators = async (): Promise<Map<string, IndicatorResult>> => {
    const res = await t
      .http()
      .get(`/plans/${planId}/indicators`)
      .query({ period: '2026' })
      .set(auth(await tokenFor(t, adminId)))
      .expect(200);
    expect(res.body.provisional).toBe(true);
    return new Map(res.body.indicators.map((i: IndicatorResult) => [i.key, i]));
  };

  beforeAll(async () => {
    t = await bootTestApp();
    t.clock.set('2026-09-20T09:00:00+07:00');
    ids.province = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    ids.commune = (await createUnit(t, { level: 'commune', parentId: ids.province, name: 'Xã Hướng Phùng' })).unitId;
    ids.lib = (
      await createInstitution(t, {
        unitId: ids.commune,
        type: 'public_library',
        level: 'commune',
        name: 'Thư viện xã Hướng Phùng',
      })
    ).institutionId;
    ids.quietLib = (
      await createInstitution(t, {
        unitId: ids.commune,
        type: 'public_library',
        level: 'commune',
        name: 'Điểm thư viện thôn Cợp'.normalize('NFD'),
      })
    ).institutionId;
    ids.centre = (
      await createInstitution(t, {
        unitId: ids.commune,
        type: 'cultural_centre',
        level: 'commune',
        name: 'Trung tâm Văn hóa - Thể thao xã Hướng Phùng',
      })
    ).institutionId;
    adminId = (await createNetworkAdmin(t, ids.province)).accountId;
    const admin = await tokenFor(t, adminId);
    an = await createPatron(t, { institutionId: ids.lib, fullName: 'Hồ Thị Ánh' });
    await t.app.get(PlansSeeder).seed(); // the evidence rules
    const plan = await t
      .http()
      .post('/plans')
      .set(auth(admin))
      .send({
        code: 'kh-qt-su-kien-2025',
        title: 'Kế hoạch xây dựng xã hội học tập tỉnh Quảng Trị giai đoạn 2025–2030',
        issuer: 'UBND tỉnh Quảng Trị',
        level: 'province',
        jurisdictionUnitId: ids.province,
        number: '88/KH-UBND',
        issuedOn: '2025-02-10',
        baseYear: 2025,
        horizonYear: 2030,
        reportingCalendar: [{ kind: 'annual', due: '12-31' }],
        source: 'Kế hoạch số 88/KH-UBND ngày 10/02/2025 của UBND tỉnh Quảng Trị',
        targets: [
          {
            key: 'lll.xã.2026',
            indicator: 'lifelong_learning_share',
            institutionTypes: ['public_library'],
            levels: ['commune'],
            year: 2026,
            min: 0.5,
            evidenceRule: 'lifelong_learning_services',
            descriptionVi: 'Thư viện cấp xã có dịch vụ học tập suốt đời: 50% năm 2026',
          },
          {
            key: 'clb.2026',
            indicator: 'cultural_centre_activity_share',
            institutionTypes: ['cultural_centre'],
            levels: [],
            year: 2026,
            min: 1,
            evidenceRule: 'clubs_and_classes',
            descriptionVi: 'Trung tâm văn hóa có câu lạc bộ sinh hoạt thường xuyên: 100% năm 2026',
          },
          {
            key: 'ngày-sách.2026',
            indicator: 'activity_count',
            institutionTypes: [],
            levels: [],
            year: 2026,
            min: 1,
            activity: { code: 'book_day_21_4', nameVi: 'Ngày Sách và Văn hóa đọc Việt Nam (21/4)' },
            descriptionVi: 'Tổ chức Ngày Sách và Văn hóa đọc Việt Nam',
          },
        ],
      })
      .expect(201);
    planId = plan.body.id;
    await t.http().post(`/plans/${planId}/adopt`).set(auth(admin)).expect(200);
  }, 180_000);
  afterAll(() => t?.close());

  it('register, check in, hold: the lifelong-learning share moves from 0 % to 50 % at the fourth session', async () => {
    const organiser = await organiserOf(t, ids.lib);
    const programme = await t
      .http()
      .post('/events/programmes')
      .set(auth(organiser))
      .send({
        institutionId: ids.lib,
        title: 'Câu lạc bộ Đọc sách cùng con',
        category: 'reading_promotion',
        audiences: ['children', 'adults'],
        registration: 'series',
        schedule: {
          startsAt: '2026-10-19T09:00',
          endsAt: '2026-10-19T10:30',
          rrule: 'FREQ=WEEKLY;COUNT=4',
          place: 'Phòng đọc thiếu nhi',
          capacity: 20,
        },
      })
      .expect(201);
    const sessions = programme.body.sessions as { id: string }[];
    await t
      .http()
      .post(`/events/programmes/${programme.body.id}/series-registrations`)
      .set(auth(an.token))
      .send({})
      .expect(201);

    const before = (await indicators()).get('lll.xã.2026')!;
    // Nobody has held anything: no figure at all, both libraries "no report".
    expect(before).toMatchObject({ value: null, status: 'no_data', coverage: { reported: 0, expected: 2 } });

    t.clock.set('2026-11-09T10:00:00+07:00'); // the fourth session starts on 9 November
    const holdOne = async (sessionId: string) => {
      const token = await organiserOf(t, ids.lib);
      const checkedIn = await t
        .http()
        .post(`/events/sessions/${sessionId}/check-ins`)
        .set(auth(token))
        .send({ cardNumber: an.cardNumber })
        .expect(201);
      expect(checkedIn.body).toMatchObject({ status: 'attended', fullName: 'Hồ Thị Ánh' });
      await t.http().post(`/events/sessions/${sessionId}/close`).set(auth(token)).expect(200);
    };
    for (const s of sessions.slice(0, 3)) await holdOne(s.id);
    const three = (await indicators()).get('lll.xã.2026')!;
    // 3 sessions < 4: the library reported and does not meet the rule; the other library did not report.
    expect(three).toMatchObject({
      value: 0,
      valueIfAllReported: 0.5,
      status: 'undetermined',
      coverage: { reported: 1, expected: 2, share: 0.5 },
      noReport: [{ institutionId: ids.quietLib, name: 'Điểm thư viện thôn Cợp' }],
    });
    expect(three.evidence!.find((e) => e.institutionId === ids.lib)).toEqual({
      institutionId: ids.lib,
      name: 'Thư viện xã Hướng Phùng',
      reported: true,
      satisfied: false,
      figures: { [LLL_SESSIONS]: 3 },
    });

    await holdOne(sessions[3]!.id);
    const four = (await indicators()).get('lll.xã.2026')!;
    expect(four).toMatchObject({ value: 0.5, valueIfAllReported: 1, coverage: { reported: 1, expected: 2 } });
    // 50 % whether or not the other library reports: the verdict holds.
    expect(four.status).toBe('met');
    expect(four.evidence!.find((e) => e.institutionId === ids.lib)).toMatchObject({
      satisfied: true,
      figures: { [LLL_SESSIONS]: 4 },
    });
  }, 240_000);

  it('Book Day counts the Book Day programme, not another session in its week', async () => {
    expect((await indicators()).get('ngày-sách.2026')).toMatchObject({ value: 0, status: 'off_track' });
    // A talk on 21 April is a lifelong-learning session but no Book Day programme.
    await holdSessions(t, ids.lib, { category: 'talk', title: 'Tọa đàm về sách', firstDay: '2026-04-21', count: 1 });
    expect((await indicators()).get('ngày-sách.2026')!.value).toBe(0);
    const organiser = await organiserOf(t, ids.lib);
    const bookDay = await t
      .http()
      .post('/events/templates/book_day/programmes')
      .set(auth(organiser))
      .send({ institutionId: ids.lib, year: 2026 })
      .expect(201);
    await t
      .http()
      .put(`/events/sessions/${bookDay.body.sessions[0].id}/headcount`)
      .set(auth(organiser))
      .send({ headcount: 120 })
      .expect(200);
    await t.http().post(`/events/sessions/${bookDay.body.sessions[0].id}/close`).set(auth(organiser)).expect(200);
    expect((await indicators()).get('ngày-sách.2026')).toMatchObject({ value: 1, status: 'met' });
  }, 120_000);

  it('the cultural centre meets the clubs rule at its club’s twelfth meeting, only with members', async () => {
    const organiser = await organiserOf(t, ids.centre);
    const club = await t
      .http()
      .post('/events/clubs')
      .set(auth(organiser))
      .send({
        institutionId: ids.centre,
        name: 'Câu lạc bộ Dân ca Vân Kiều',
        category: 'music',
        foundedOn: '2026-01-05',
      })
      .expect(201);
    // Eleven meetings of a club without members: they are sessions held (the centre has reported), but no club
    // meetings count.
    await holdSessions(t, ids.centre, {
      category: 'club_meeting',
      title: 'Sinh hoạt Câu lạc bộ Dân ca Vân Kiều',
      firstDay: '2026-06-01',
      count: 11,
      clubId: club.body.id,
    });
    const empty = (await indicators()).get('clb.2026')!;
    expect(empty).toMatchObject({ value: 0, coverage: { reported: 1, expected: 1 } });
    expect(empty.evidence).toEqual([expect.objectContaining({ satisfied: false, figures: { [LLL_SESSIONS]: 11 } })]);
    await t
      .http()
      .post(`/events/clubs/${club.body.id}/members`)
      .set(auth(await organiserOf(t, ids.centre)))
      .send({ fullName: 'Hồ Văn Đức', joinedOn: '2026-01-05' })
      .expect(201);
    const eleven = (await indicators()).get('clb.2026')!;
    expect(eleven).toMatchObject({ value: 0, coverage: { reported: 1, expected: 1 } });
    expect(eleven.evidence).toEqual([
      expect.objectContaining({ satisfied: false, figures: { [LLL_SESSIONS]: 11, club_meetings: 11 } }),
    ]);
    await holdSessions(t, ids.centre, {
      category: 'club_meeting',
      title: 'Sinh hoạt Câu lạc bộ Dân ca Vân Kiều (buổi 12)',
      firstDay: '2026-09-07',
      count: 1,
      clubId: club.body.id,
    });
    expect((await indicators()).get('clb.2026')).toMatchObject({ value: 1, status: 'met' });
  }, 120_000);
});
