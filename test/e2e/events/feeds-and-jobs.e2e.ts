import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ExpireOffersJob, RemindJob } from '@suotdoi/events';
import { NoticeRecorder } from '@suotdoi/notices';
import { QUEUES, QueueService } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createPatron, FIXTURE_PASSWORD, type FixturePatron } from '../../support/fixtures.js';
import { createProgramme, createVenue, vnDay, type Venue } from './events-fixtures.js';

/** Run a scheduled job now, through the worker, and return what it returned. */
async function runJob<P>(t: TestApp, job: { queue: string; name: string }, payload: P): Promise<unknown> {
  const queues = t.app.get(QueueService);
  const id = await queues.enqueue(job as never, payload as never);
  const q = queues.queue(job.queue as (typeof QUEUES)[keyof typeof QUEUES]);
  await eventually(async () => (await q.getJobState(id!)) === 'completed', 30_000);
  return (await q.getJob(id!))!.returnvalue;
}

/** An iCalendar document with its folded lines joined (RFC 5545 folds at 75 octets). */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');

/** `YYYY-MM-DDTHH:mm` in Vietnam wall time, `hours` from now. */
const vnLocal = (hours: number) => new Date(Date.now() + (7 + hours) * 3600_000).toISOString().slice(0, 16);

describe('events: a private calendar feed for calendar apps; reminders and lapsed offers run by the worker', () => {
  let t: TestApp;
  let venue: Venue;
  let patrons: FixturePatron[];

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    venue = await createVenue(t, { name: 'Thư viện tỉnh Quảng Trị' });
    patrons = await Promise.all(
      ['Hồ Thị Hạnh', 'Đặng Văn Đức', 'Nguyễn Thị Ánh', 'Trần Quốc Bảo'].map((fullName) =>
        createPatron(t, { institutionId: venue.institutionId, fullName }),
      ),
    );
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  it('issues a secret feed address that a calendar app reads without signing in; reissue and turning off end the old one', async () => {
    const [hanh, duc] = patrons;
    const p = await createProgramme(t, venue, {
      title: 'Ngày Sách và Văn hóa đọc Việt Nam — Đọc cùng con',
      category: 'book_day',
      schedule: {
        startsAt: `${vnDay(10)}T08:00`,
        endsAt: `${vnDay(10)}T10:30`,
        place: 'Sân thư viện',
        capacity: 1,
      },
    });
    const sid = p.sessions[0].id;
    await t.http().post(`/events/sessions/${sid}/registrations`).set(auth(hanh.token)).send({}).expect(201);
    await t.http().post(`/events/sessions/${sid}/registrations`).set(auth(duc.token)).send({}).expect(201);

    await t.http().get('/me/events/calendar-feed').expect(401);
    expect((await t.http().get('/me/events/calendar-feed').set(auth(hanh.token)).expect(200)).body).toEqual({
      active: false,
      createdAt: null,
      lastReadAt: null,
    });
    const issued = await t.http().post('/me/events/calendar-feed').set(auth(hanh.token)).expect(201);
    expect(issued.body.url).toMatch(/^http:\/\/localhost:\d+\/events\/feeds\/[A-Za-z0-9_-]{43}\/calendar\.ics$/);
    const path = new URL(issued.body.url).pathname;

    // No sign-in: the address is the key. The feed is the patron's own, in Vietnamese, with the place.
    const res = await t.http().get(path).expect(200);
    const ics = { ...res, text: unfold(res.text) };
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(ics.text).toContain('SUMMARY:Ngày Sách và Văn hóa đọc Việt Nam — Đọc cùng con');
    expect(ics.text).toContain('LOCATION:Sân thư viện');
    expect(ics.text).toMatch(/Trạng thái: đã xác nhận/);
    expect(ics.text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const status = await t.http().get('/me/events/calendar-feed').set(auth(hanh.token)).expect(200);
    expect(status.body.active).toBe(true);
    expect(typeof status.body.lastReadAt).toBe('string');

    // Đức waits: his own feed (through the signed-in route) says so, in Vietnamese, and shows nothing of Hạnh's.
    const his = { text: unfold((await t.http().get('/me/events/calendar.ics').set(auth(duc.token)).expect(200)).text) };
    expect(his.text).toMatch(/Trạng thái: đang trong danh sách chờ \(thứ 1 trong danh sách chờ\)/);
    expect(his.text).not.toContain(`Mã đăng ký: ${ics.text.match(/Mã đăng ký: (\w+)/)![1]}`);

    // Reissued: the old address answers 404 with a code and both languages; the new one works.
    const again = await t.http().post('/me/events/calendar-feed').set(auth(hanh.token)).expect(201);
    const gone = await t.http().get(path).expect(404);
    expect(gone.body).toMatchObject({ code: 'events/feed_not_found' });
    expect(gone.body.messageVi).toMatch(/^Không có lịch ở địa chỉ này/);
    await t.http().get(new URL(again.body.url).pathname).expect(200);

    expect(gone.headers['content-type']).toMatch(/^application\/json/);
    // A refusal on any route that declares another content type is JSON too (an unknown ticket's calendar file).
    const noTicket = await t.http().get('/events/tickets/ZZZZZZZZZZ/calendar.ics').expect(404);
    expect(noTicket.headers['content-type']).toMatch(/^application\/json/);
    expect(noTicket.body.code).toMatch(/^events\//);
    // Not a token at all, or a well-formed guess: the same 404.
    await t.http().get('/events/feeds/not-a-token/calendar.ics').expect(404);
    await t
      .http()
      .get(`/events/feeds/${'A'.repeat(43)}/calendar.ics`)
      .expect(404);

    // Turned off: gone; turning off twice is fine.
    await t.http().delete('/me/events/calendar-feed').set(auth(hanh.token)).expect(204);
    await t.http().delete('/me/events/calendar-feed').set(auth(hanh.token)).expect(204);
    await t.http().get(new URL(again.body.url).pathname).expect(404);
  });

  it('erasing a patron turns their feed off and the export says whether one existed', async () => {
    const anh = patrons[2];
    const issued = await t.http().post('/me/events/calendar-feed').set(auth(anh.token)).expect(201);
    const exported = await t.http().get('/me/export').set(auth(anh.token)).expect(200);
    expect(JSON.stringify(exported.body)).toContain('"calendarFeed":{"active":true');
    await t.http().post('/me/erase').set(auth(anh.token)).send({ password: FIXTURE_PASSWORD }).expect(204);
    await t.http().get(new URL(issued.body.url).pathname).expect(404);
  });

  it('reminds every confirmed seat once, a patron and a guest, for sessions starting within the window', async () => {
    const bao = patrons[3];
    const p = await createProgramme(t, venue, {
      title: 'Tọa đàm: Văn hóa đọc ở vùng biên giới',
      category: 'talk',
      schedule: { startsAt: vnLocal(3), endsAt: vnLocal(5), place: 'Hội trường tầng 2', capacity: 20 },
    });
    const later = await createProgramme(t, venue, {
      title: 'Triển lãm sách Hướng Hóa',
      category: 'exhibition',
      schedule: { startsAt: vnLocal(60), endsAt: vnLocal(62), place: 'Sảnh chính', capacity: 20 },
    });
    const sid = p.sessions[0].id;
    await t.http().post(`/events/sessions/${sid}/registrations`).set(auth(bao.token)).send({}).expect(201);
    await t
      .http()
      .post(`/events/sessions/${sid}/guest-registrations`)
      .send({ fullName: 'Lê Thị Thu Hà', email: 'thuha.le@example.vn' })
      .expect(201);
    await t
      .http()
      .post(`/events/sessions/${later.sessions[0].id}/registrations`)
      .set(auth(bao.token))
      .send({})
      .expect(201);

    expect(await runJob(t, RemindJob, { hoursAhead: 24 })).toEqual({ reminded: 2 });
    // Once each: the next run finds them reminded.
    expect(await runJob(t, RemindJob, { hoursAhead: 24 })).toEqual({ reminded: 0 });

    const recorder = t.app.get(NoticeRecorder);
    const toBao = await eventually(
      () => recorder.forPatron(bao.patronId, 'events.reminder').find((n) => n.channel === 'email'),
      60_000,
    );
    expect(toBao.params.programme).toBe('Tọa đàm: Văn hóa đọc ở vùng biên giới');
    expect(recorder.forPatron(bao.patronId, 'events.reminder').filter((n) => n.channel === 'email')).toHaveLength(1);
    const toGuest = await eventually(() => recorder.lastTo('thuha.le@example.vn', 'events.reminder'), 60_000);
    expect(toGuest.params.place).toBe('Hội trường tầng 2');
  });

  it('lapses an offer when its claim window has passed (by the clock) and offers the seat to the next in line', async () => {
    const [hanh, , , bao] = patrons;
    const extra = await createPatron(t, { institutionId: venue.institutionId, fullName: 'Vũ Minh Châu' });
    const p = await createProgramme(t, venue, {
      title: 'Lớp kỹ năng số: tra cứu thư viện điện tử',
      category: 'digital_skills',
      promotion: 'offer',
      claimHours: 6,
      schedule: { startsAt: `${vnDay(20)}T14:00`, endsAt: `${vnDay(20)}T16:00`, place: 'Phòng máy', capacity: 1 },
    });
    const sid = p.sessions[0].id;
    const reg = async (who: FixturePatron) =>
      (await t.http().post(`/events/sessions/${sid}/registrations`).set(auth(who.token)).send({}).expect(201)).body;
    const first = await reg(bao);
    const second = await reg(extra);
    const third = await reg(hanh);
    expect([first.status, second.status, third.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);

    await t.http().post(`/events/registrations/${first.id}/cancel`).set(auth(bao.token)).expect(200);
    const offered = (await t.http().get(`/events/registrations/${second.id}`).set(auth(extra.token)).expect(200)).body;
    expect(offered.status).toBe('offered');

    // Before the window ends nothing lapses.
    expect(await runJob(t, ExpireOffersJob, { batch: 200 })).toEqual({ expired: 0 });
    // Seven hours on (the claim window is six): the offer lapses and the seat is offered to the next in line.
    const before = t.clock.advance({ hours: 7 }).getTime();
    expect(await runJob(t, ExpireOffersJob, { batch: 200 })).toEqual({ expired: 1 });
    const after = t.clock.now().getTime();
    // Back to now (access tokens would have expired seven hours on).
    t.clock.reset();
    expect(
      (await t.http().get(`/events/registrations/${second.id}`).set(auth(extra.token)).expect(200)).body,
    ).toMatchObject({ status: 'offer_expired', offerExpiresAt: null });
    const next = (await t.http().get(`/events/registrations/${third.id}`).set(auth(hanh.token)).expect(200)).body;
    expect(next.status).toBe('offered');
    // Its own six hours, from the lapse.
    const expires = new Date(next.offerExpiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 6 * 3600_000);
    expect(expires).toBeLessThanOrEqual(after + 6 * 3600_000);
    const session = (await t.http().get(`/events/sessions/${sid}`).set(auth(venue.organiser.token)).expect(200)).body;
    expect(session).toMatchObject({ seatsTaken: 1, seatsLeft: 0, waitlistLength: 0 });

    const recorder = t.app.get(NoticeRecorder);
    const lapsed = await eventually(
      () => recorder.forPatron(extra.patronId, 'events.offer_expired').find((n) => n.channel === 'email'),
      60_000,
    );
    expect(lapsed.params.programme).toBe('Lớp kỹ năng số: tra cứu thư viện điện tử');
    await eventually(
      () => recorder.forPatron(hanh.patronId, 'events.seat_offered').find((n) => n.channel === 'email'),
      60_000,
    );
  });
});
