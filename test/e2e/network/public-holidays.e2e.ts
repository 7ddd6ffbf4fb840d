import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff, createSystemAdmin } from '../../support/fixtures.js';

describe('public holidays computed for any year', () => {
  let t: TestApp;
  let admin: string;
  let library: string;
  let manager: string;

  beforeAll(async () => {
    t = await bootTestApp();
    admin = (await createSystemAdmin(t)).token;
    library = (await createInstitution(t, { name: 'Thư viện xã Đakrông' })).institutionId;
    manager = (await createStaff(t, { institutionId: library, roles: ['manager'] })).token;
  });
  afterAll(() => t?.close());

  it('adds a year’s holidays with Tết and Hùng Kings’ day from the lunar calendar; the calendar closes on them', async () => {
    const expected = [
      { startsOn: '2027-01-01', endsOn: '2027-01-01', reason: 'Tết Dương lịch 2027' },
      { startsOn: '2027-02-05', endsOn: '2027-02-10', reason: 'Tết Nguyên đán Đinh Mùi' },
      { startsOn: '2027-04-16', endsOn: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { startsOn: '2027-04-30', endsOn: '2027-05-01', reason: 'Ngày Giải phóng miền Nam và Quốc tế Lao động' },
      { startsOn: '2027-09-01', endsOn: '2027-09-02', reason: 'Quốc khánh' },
    ];
    const added = await t.http().post('/holidays/public/2027').set(auth(admin)).expect(200);
    expect(added.body.year).toBe(2027);
    expect(added.body.holidays.map(({ id: _id, ...h }: { id: string }) => h)).toEqual(
      expected.map((h) => ({ ...h, institutionId: null, kind: 'holiday' })),
    );
    // Again: nothing new (idempotent), the same rows.
    const again = await t.http().post('/holidays/public/2027').set(auth(admin)).expect(200);
    expect(again.body.holidays.map((h: { id: string }) => h.id)).toEqual(
      added.body.holidays.map((h: { id: string }) => h.id),
    );
    const listed = await t.http().get('/holidays').query({ year: 2027 }).expect(200);
    expect(listed.body.map((h: { reason: string }) => h.reason)).toEqual(expected.map((h) => h.reason));

    const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:30', closes: '17:00' }));
    await t.http().put(`/institutions/${library}/hours`).set(auth(manager)).send({ intervals: week }).expect(200);
    const days = await t
      .http()
      .get(`/institutions/${library}/calendar`)
      .query({ from: '2027-02-04', to: '2027-02-11' })
      .expect(200);
    expect(days.body.map((d: { date: string; closedFor: string | null }) => [d.date, d.closedFor])).toEqual([
      ['2027-02-04', null],
      ...['05', '06', '07', '08', '09', '10'].map((d) => [`2027-02-${d}`, 'Tết Nguyên đán Đinh Mùi']),
      ['2027-02-11', null],
    ]);
  });

  it('is the system administrator’s, and refuses a year the lunar tables do not cover', async () => {
    await t.http().post('/holidays/public/2028').set(auth(manager)).expect(403);
    await t.http().post('/holidays/public/2028').expect(401);
    const far = await t.http().post('/holidays/public/1850').set(auth(admin)).expect(422);
    expect(far.body).toMatchObject({
      code: 'network/holiday_year_out_of_range',
      messageVi: 'Chỉ tính được ngày lễ của các năm từ 1900 đến 2199, không tính được năm 1850.',
    });
  });
});
