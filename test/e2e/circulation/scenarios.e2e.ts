// Scenarios in the style of Koha's circulation tests (t/db_dependent/Circulation.t, Holds.t): each sets up the
// smallest world that shows one rule, then checks what the desk sees.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarService } from '@suotdoi/network';
import { vietnamDate } from '@suotdoi/platform';
import { HoldsService } from '@suotdoi/circulation';
import { daysAgo } from '../../support/clock.js';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, createSystemAdmin, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:30', closes: '17:00' }));

describe('circulation scenarios (Koha style)', () => {
  let t: TestApp;
  let desk: Desk;
  let an: FixturePatron;
  let binh: FixturePatron;
  let admin: { token: string };

  beforeAll(async () => {
    t = await bootTestApp();
    desk = await createDesk(t, { name: 'Thư viện xã Hướng Hóa' });
    await t.app.get(CalendarService).setWeeklyHours(desk.institutionId, EVERY_DAY);
    [an, binh] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Hồ Văn An' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Đinh Thị Bình', category: 'student' }),
    ]);
    admin = await createSystemAdmin(t);
  });
  afterAll(() => t.close());

  it('renewal is refused when someone else holds the title; a librarian may override with a reason (recorded)', async () => {
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    const loan = await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const ok = await t.http().post(`/me/loans/${loan.body.loan.id}/renew`).set(auth(an.token)).expect(200);
    expect(ok.body.loan.renewals).toBe(1);
    await t
      .http()
      .post('/me/holds')
      .set(auth(binh.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    const refused = await t.http().post(`/me/loans/${loan.body.loan.id}/renew`).set(auth(an.token)).expect(422);
    expect(refused.body.code).toBe('circulation/renewal_refused');
    expect(refused.body.details.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['on_hold_for_others']);
    expect(refused.body.messageVi).toContain('Có bạn đọc khác đang chờ mượn tài liệu này.');
    const forced = await t
      .http()
      .post(`/circulation/loans/${loan.body.loan.id}/renew`)
      .set(auth(desk.staff.token))
      .send({ override: { reason: 'Bạn đọc đang ôn thi, trưởng thư viện đồng ý' } })
      .expect(200);
    expect(forced.body).toMatchObject({ overridden: true, loan: { renewals: 2 } });
    const seen = await t.http().get(`/circulation/loans/${loan.body.loan.id}`).set(auth(desk.staff.token)).expect(200);
    expect(seen.body.overrides).toEqual([
      expect.objectContaining({
        action: 'renewal',
        accountId: desk.staff.accountId,
        reason: 'Bạn đọc đang ôn thi, trưởng thư viện đồng ý',
      }),
    ]);
  });

  it('maximum loans reached: the most specific rule decides and says so', async () => {
    const rule = await t
      .http()
      .post('/circulation/policies')
      .set(auth(admin.token))
      .send({
        institutionId: desk.institutionId,
        patronCategory: 'student',
        maxLoans: 2,
        note: 'Học sinh: tối đa 2 cuốn',
      })
      .expect(201);
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, copies: 3 });
    const first = await checkout(t, desk, binh.cardNumber, copies[0].barcode).expect(201);
    expect(first.body.decision.rule).toMatchObject({
      id: rule.body.id,
      matchedBy: 'institution+category',
      maxLoans: 2,
    });
    await checkout(t, desk, binh.cardNumber, copies[1].barcode).expect(201);
    const third = await checkout(t, desk, binh.cardNumber, copies[2].barcode).expect(422);
    expect(third.body.details.decision).toMatchObject({ allowed: false, rule: { id: rule.body.id } });
    expect(third.body.details.decision.reasons).toEqual([
      {
        code: 'max_loans_reached',
        en: 'The patron already has 2 loans; the rule allows 2.',
        vi: 'Bạn đọc đang mượn 2 tài liệu; quy định cho phép tối đa 2.',
      },
    ]);
    // An adult at the same desk falls back to the catch-all rule.
    const adult = await checkout(t, desk, an.cardNumber, copies[2].barcode).expect(201);
    expect(adult.body.decision.rule.matchedBy).toBe('default');
    // Override of the student's refusal is recorded.
    await checkin(t, desk, copies[2].barcode).expect(200);
    const forced = await checkout(t, desk, binh.cardNumber, copies[2].barcode, {
      override: { reason: 'Đề tài nghiên cứu của lớp' },
    }).expect(201);
    expect(forced.body.overridden).toBe(true);
  });

  it('hold expiry passes the copy to the next patron in the queue', async () => {
    const chi = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Vũ Thị Chi' });
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const h1 = await t
      .http()
      .post('/me/holds')
      .set(auth(chi.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    const h2 = await t
      .http()
      .post('/me/holds')
      .set(auth(binh.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    expect((await checkin(t, desk, copies[0].barcode).expect(200)).body.holdId).toBe(h1.body.hold.id);
    // Chi never comes: eight days on (the clock moved past her pickup deadline), the expiry job's work runs.
    expect(await t.clock.at(daysAgo(-8), () => t.app.get(HoldsService).expireOverdueHolds())).toBe(1);
    expect((await t.http().get(`/me/holds/${h1.body.hold.id}`).set(auth(chi.token)).expect(200)).body.status).toBe(
      'expired',
    );
    const next = await t.http().get(`/me/holds/${h2.body.hold.id}`).set(auth(binh.token)).expect(200);
    expect(next.body).toMatchObject({ status: 'ready', trappedCopyId: copies[0].id });
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'on_hold_shelf' });
    // Running it again changes nothing.
    expect(await t.app.get(HoldsService).expireOverdueHolds()).toBe(0);
  });

  it('check-in away from home creates a transfer, listed for both institutions; checking in at home receives it', async () => {
    const away = await createDesk(t, { name: 'Thư viện huyện Đakrông' });
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const back = await checkin(t, away, copies[0].barcode).expect(200);
    expect(back.body).toMatchObject({
      outcome: 'in_transit',
      toInstitutionId: desk.institutionId,
      loan: { status: 'returned', returnedInstitutionId: away.institutionId },
    });
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'in_transit' });
    const incoming = await t
      .http()
      .get('/circulation/transfers')
      .query({ institutionId: desk.institutionId, direction: 'incoming' })
      .set(auth(desk.staff.token))
      .expect(200);
    expect(incoming.body).toEqual({
      items: [
        expect.objectContaining({
          id: back.body.transferId,
          copyId: copies[0].id,
          reason: 'return_home',
          fromInstitutionId: away.institutionId,
        }),
      ],
      total: 1,
      limit: 20,
      offset: 0,
    });
    const outgoing = await t
      .http()
      .get('/circulation/transfers')
      .query({ institutionId: away.institutionId, direction: 'outgoing' })
      .set(auth(away.staff.token))
      .expect(200);
    expect(outgoing.body.items.map((x: { id: string }) => x.id)).toEqual([back.body.transferId]);
    // Staff of the other institution do not see this desk's list.
    await t
      .http()
      .get('/circulation/transfers')
      .query({ institutionId: desk.institutionId })
      .set(auth(away.staff.token))
      .expect(404);
    const home = await checkin(t, desk, copies[0].barcode).expect(200);
    expect(home.body).toMatchObject({ outcome: 'on_shelf', loan: null });
    expect(await copyStatus(t, copies[0].id)).toMatchObject({
      status: 'available',
      locationInstitutionId: desk.institutionId,
    });
    const after = await t
      .http()
      .get(`/circulation/transfers/${back.body.transferId}`)
      .set(auth(desk.staff.token))
      .expect(200);
    expect(after.body.status).toBe('received');
  });

  it('a hold for pickup elsewhere sends the copy in transit; on arrival it goes on the hold shelf there', async () => {
    const branch = await createDesk(t, { name: 'Điểm bưu điện văn hóa xã Tân Hợp' });
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const hold = await t
      .http()
      .post('/me/holds')
      .set(auth(binh.token))
      .send({ recordId, pickupInstitutionId: branch.institutionId })
      .expect(201);
    const back = await checkin(t, desk, copies[0].barcode).expect(200);
    expect(back.body).toMatchObject({
      outcome: 'in_transit',
      holdId: hold.body.hold.id,
      toInstitutionId: branch.institutionId,
    });
    const arrived = await checkin(t, branch, copies[0].barcode).expect(200);
    expect(arrived.body).toMatchObject({ outcome: 'hold_shelf', holdId: hold.body.hold.id });
    expect(await copyStatus(t, copies[0].id)).toMatchObject({
      status: 'on_hold_shelf',
      locationInstitutionId: branch.institutionId,
    });
  });

  it('the due date skips Tết (and other closed days)', async () => {
    const today = vietnamDate(new Date());
    const normalDue = addDays(today, 14);
    // Tết Nguyên Đán covers the day the loan would fall due: the library is closed that week.
    await t.app
      .get(CalendarService)
      .addHoliday({ startsOn: normalDue, endsOn: addDays(normalDue, 6), reason: 'Tết Nguyên Đán' });
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const res = await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    expect(res.body.loan.dueDate).toBe(addDays(normalDue, 7));
  });
});
