import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { baseUrl, createProgramme, createVenue, postJson, vnDay, type Venue } from './events-fixtures.js';

describe('events: sessions, rooms, registration races, waitlist promotion', () => {
  let t: TestApp;
  let venue: Venue;
  let other: Venue;
  let url: string;
  let roomId: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await bootTestApp({ env: { LOG_LEVEL: 'error' } });
    db = t.app.get(DataSource);
    [venue, other] = await Promise.all([
      createVenue(t, { name: 'Thư viện tỉnh Quảng Trị' }),
      createVenue(t, { name: 'Thư viện huyện Đakrông' }),
    ]);
    url = await baseUrl(t);
    const room = await t
      .http()
      .post('/events/rooms')
      .set(auth(venue.organiser.token))
      .send({
        institutionId: venue.institutionId,
        name: 'Phòng đa năng tầng 2',
        seats: 300,
        setupMinutes: 30,
        cleardownMinutes: 15,
      })
      .expect(201);
    roomId = room.body.id;
  });
  afterAll(() => t.close());

  it('a weekly series keeps its Vietnam wall time (08:00 every Saturday)', async () => {
    const p = await createProgramme(t, venue, {
      title: 'Câu lạc bộ đọc sách thiếu nhi — hè',
      registration: 'session',
      schedule: {
        startsAt: `${vnDay(10)}T08:00`,
        endsAt: `${vnDay(10)}T10:00`,
        rrule: 'FREQ=WEEKLY;COUNT=4',
        place: 'Sân thư viện',
      },
    });
    expect(p.sessions).toHaveLength(4);
    for (const [i, s] of p.sessions.entries()) {
      expect(new Date(s.startsAt).toISOString().slice(11, 16)).toBe('01:00'); // 08:00 in Hà Nội is 01:00 UTC
      expect(new Date(s.startsAt).getTime() - new Date(p.sessions[0].startsAt).getTime()).toBe(i * 7 * 86400_000);
    }
  });

  it('1,000 concurrent registrations for 100 seats: exactly 100 confirmed and 900 waitlisted in arrival order', async () => {
    const p = await createProgramme(t, venue, {
      title: 'Ngày Sách và Văn hóa đọc Việt Nam — Giao lưu tác giả',
      category: 'book_day',
      schedule: { startsAt: `${vnDay(20)}T08:00`, endsAt: `${vnDay(20)}T11:00`, roomId, capacity: 100 },
    });
    const sessionId = p.sessions[0].id;
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        postJson(`${url}/events/sessions/${sessionId}/guest-registrations`, {
          fullName: `Khách Đặng Thị Hồng ${i}`,
          phone: `0912${String(i).padStart(6, '0')}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(100);
    expect(results.filter((r) => r.body.status === 'waitlisted')).toHaveLength(900);
    const rows: { status: string; arrival: string; position: number | null }[] = await db.query(
      `SELECT status, arrival, CASE WHEN status = 'waitlisted' THEN row_number() OVER (PARTITION BY status ORDER BY arrival) END::int AS position FROM events.registrations WHERE session_id = $1 ORDER BY arrival`,
      [sessionId],
    );
    // Arrival order is the order the session's lock was taken: the first 100 to arrive hold the seats, the rest queue behind them.
    expect(rows.map((r) => Number(r.arrival))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(rows.slice(0, 100).every((r) => r.status === 'confirmed')).toBe(true);
    expect(rows.slice(100).every((r) => r.status === 'waitlisted')).toBe(true);
    // Each response's waitlist position is its place in that order.
    const positions = results
      .filter((r) => r.body.status === 'waitlisted')
      .map((r) => r.body.waitlistPosition as number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 900 }, (_, i) => i + 1));
    const session = await t.http().get(`/events/sessions/${sessionId}`).set(auth(venue.organiser.token)).expect(200);
    expect(session.body).toMatchObject({ capacity: 100, seatsTaken: 100, seatsLeft: 0, waitlistLength: 900 });

    // 10 cancellations at once: exactly the next 10 in line are promoted.
    const confirmed = results.filter((r) => r.body.status === 'confirmed').slice(0, 10);
    const firstTen: { id: string }[] = await db.query(
      `SELECT id FROM events.registrations WHERE session_id = $1 AND status = 'waitlisted' ORDER BY arrival LIMIT 10`,
      [sessionId],
    );
    const cancels = await Promise.all(
      confirmed.map((r) => postJson(`${url}/events/tickets/${r.body.code as string}/cancel`, {})),
    );
    expect(cancels.map((c) => c.status)).toEqual(Array(10).fill(200));
    const promoted: { id: string }[] = await db.query(
      `SELECT id FROM events.registrations WHERE session_id = $1 AND status = 'confirmed' AND arrival > 100 ORDER BY arrival`,
      [sessionId],
    );
    expect(promoted.map((r) => r.id)).toEqual(firstTen.map((r) => r.id));
    const after = await t.http().get(`/events/sessions/${sessionId}`).set(auth(venue.organiser.token)).expect(200);
    expect(after.body).toMatchObject({ seatsTaken: 100, waitlistLength: 890 });
    const next = await t
      .http()
      .get(`/events/tickets/${results.find((r) => r.body.waitlistPosition === 11)!.body.code as string}`)
      .expect(200);
    expect(next.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // A capacity below the seats taken is refused, in both languages; a larger one promotes the next five.
    const lower = await t
      .http()
      .patch(`/events/sessions/${sessionId}`)
      .set(auth(venue.organiser.token))
      .send({ capacity: 80 })
      .expect(409);
    expect(lower.body).toMatchObject({ code: 'events/capacity_below_confirmed' });
    expect(lower.body.messageVi).toContain('đã có 100 chỗ');
    expect(lower.body.message).toContain('100 seats are already taken');
    const raised = await t
      .http()
      .patch(`/events/sessions/${sessionId}`)
      .set(auth(venue.organiser.token))
      .send({ capacity: 105 })
      .expect(200);
    expect(raised.body).toMatchObject({ capacity: 105, seatsTaken: 105, waitlistLength: 885 });
  }, 180_000);

  it('two bookings of one room at overlapping times (padding included): one is refused', async () => {
    const p = await createProgramme(t, venue, { title: 'Tọa đàm "Sách và tuổi trẻ"', category: 'talk' });
    const day = vnDay(30);
    // 08:00–10:00 blocks 07:30–10:15; 10:30–12:00 blocks 10:00–12:15: they overlap only through the padding.
    const [a, b] = await Promise.all([
      t
        .http()
        .post(`/events/programmes/${p.id}/sessions`)
        .set(auth(venue.organiser.token))
        .send({ startsAt: `${day}T08:00`, endsAt: `${day}T10:00`, roomId }),
      t
        .http()
        .post(`/events/programmes/${p.id}/sessions`)
        .set(auth(venue.organiser.token))
        .send({ startsAt: `${day}T10:30`, endsAt: `${day}T12:00`, roomId }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body).toMatchObject({ code: 'events/room_taken' });
    expect(refused.body.messageVi).toContain('Phòng đa năng tầng 2');
    // After the clear-down it is free again.
    await t
      .http()
      .post(`/events/programmes/${p.id}/sessions`)
      .set(auth(venue.organiser.token))
      .send({ startsAt: `${day}T13:00`, endsAt: `${day}T15:00`, roomId })
      .expect(201);
    // Twenty concurrent bookings of the same hour: exactly one wins.
    const day2 = vnDay(31);
    const many = await Promise.all(
      Array.from({ length: 20 }, () =>
        t
          .http()
          .post(`/events/programmes/${p.id}/sessions`)
          .set(auth(venue.organiser.token))
          .send({ startsAt: `${day2}T14:00`, endsAt: `${day2}T16:00`, roomId }),
      ),
    );
    expect(many.filter((r) => r.status === 201)).toHaveLength(1);
    expect(many.filter((r) => r.status === 409)).toHaveLength(19);
  }, 60_000);

  it('bad input answers 4xx with code and both languages, and writes nothing', async () => {
    const before = (await db.query(`SELECT count(*)::int AS n FROM events.programmes`))[0].n;
    const backwards = await t
      .http()
      .post('/events/programmes')
      .set(auth(venue.organiser.token))
      .send({
        institutionId: venue.institutionId,
        title: 'Triển lãm ảnh Đất và Người Quảng Trị',
        category: 'exhibition',
        schedule: { startsAt: `${vnDay(5)}T10:00`, endsAt: `${vnDay(5)}T09:00`, place: 'Sảnh chính' },
      })
      .expect(400);
    expect(backwards.body).toMatchObject({ code: 'events/ends_before_start' });
    expect(backwards.body.messageVi).toBe('Buổi sinh hoạt phải kết thúc sau khi bắt đầu.');
    // A series whose third session collides with a booked room: nothing of it is written.
    const taken = await createProgramme(t, venue, {
      title: 'Lớp kỹ năng số cho người cao tuổi',
      category: 'digital_skills',
      schedule: { startsAt: `${vnDay(50)}T14:00`, endsAt: `${vnDay(50)}T16:00`, roomId },
    });
    expect(taken.sessions).toHaveLength(1);
    const clash = await t
      .http()
      .post('/events/programmes')
      .set(auth(venue.organiser.token))
      .send({
        institutionId: venue.institutionId,
        title: 'Lớp tiếng Anh cho thiếu nhi',
        category: 'course',
        schedule: {
          startsAt: `${vnDay(36)}T14:00`,
          endsAt: `${vnDay(36)}T16:00`,
          rrule: 'FREQ=WEEKLY;COUNT=4',
          roomId,
        },
      })
      .expect(409);
    expect(clash.body.code).toBe('events/room_taken');
    expect((await db.query(`SELECT count(*)::int AS n FROM events.programmes`))[0].n).toBe(before + 1);

    // Registration after the window.
    const closed = await createProgramme(t, venue, {
      title: 'Hội thi kể chuyện theo sách',
      schedule: {
        startsAt: `${vnDay(3)}T08:00`,
        endsAt: `${vnDay(3)}T10:00`,
        place: 'Hội trường',
        capacity: 50,
        registrationOpensAt: `${vnDay(-10)}T08:00`,
        registrationClosesAt: `${vnDay(-1)}T17:00`,
      },
    });
    const late = await postJson(`${url}/events/sessions/${closed.sessions[0].id}/guest-registrations`, {
      fullName: 'Trần Văn Muộn',
      phone: '0987654321',
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'events/registration_closed' });
    expect(late.body.messageVi).toContain('Đã hết hạn đăng ký');

    // A child guest without a guardian's consent; then with it.
    const kids = await createProgramme(t, venue, {
      title: 'Giờ kể chuyện cho bé',
      minAge: 5,
      maxAge: 11,
      schedule: { startsAt: `${vnDay(12)}T15:00`, endsAt: `${vnDay(12)}T16:00`, place: 'Góc thiếu nhi', capacity: 20 },
    });
    const childBirth = `${Number(vnDay(0).slice(0, 4)) - 8}-03-15`;
    const child = { fullName: 'Hà Minh Đức', phone: '0901234567', birthDate: childBirth };
    const refused = await postJson(`${url}/events/sessions/${kids.sessions[0].id}/guest-registrations`, child);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'events/guardian_consent_required' });
    expect(refused.body.messageVi).toContain('người giám hộ');
    const tooOld = await postJson(`${url}/events/sessions/${kids.sessions[0].id}/guest-registrations`, {
      ...child,
      birthDate: '1990-01-01',
    });
    expect(tooOld.body).toMatchObject({ code: 'events/age_above_maximum' });
    const ok = await postJson(`${url}/events/sessions/${kids.sessions[0].id}/guest-registrations`, {
      ...child,
      guardianName: 'Hà Văn Đông',
      guardianConsent: true,
    });
    expect(ok.status).toBe(201);
    expect(
      (
        await db.query(`SELECT count(*)::int AS n FROM events.registrations WHERE session_id = $1`, [
          kids.sessions[0].id,
        ])
      )[0].n,
    ).toBe(1);
    // Unknown fields and a guest without any contact.
    const noContact = await postJson(`${url}/events/sessions/${kids.sessions[0].id}/guest-registrations`, {
      fullName: 'Khách không liên lạc',
      guardianName: 'A',
      guardianConsent: true,
      birthDate: childBirth,
    });
    expect(noContact.body).toMatchObject({ code: 'events/guest_contact_required' });
  }, 60_000);

  it('patrons, a class group and a guest; offers with a claim window; only your own registrations; other institutions get 404', async () => {
    const [an, binh]: FixturePatron[] = await Promise.all([
      createPatron(t, { institutionId: venue.institutionId, fullName: 'Nguyễn Văn An' }),
      createPatron(t, { institutionId: venue.institutionId, fullName: 'Lê Thị Bình' }),
    ]);
    const p = await createProgramme(t, venue, {
      title: 'Workshop làm sách thủ công',
      category: 'workshop',
      promotion: 'offer',
      claimHours: 12,
      cancelHoursBefore: 24,
      schedule: {
        startsAt: `${vnDay(15)}T09:00`,
        endsAt: `${vnDay(15)}T11:00`,
        place: 'Phòng thiếu nhi',
        capacity: 31,
      },
    });
    const sid = p.sessions[0].id;
    const group = await t
      .http()
      .post(`/events/sessions/${sid}/registrations`)
      .set(auth(venue.organiser.token))
      .send({
        group: {
          groupName: 'Lớp 4A — Trường Tiểu học Khe Sanh',
          seats: 30,
          contactName: 'Cô Hồ Thị Lan',
          phone: '0912000111',
        },
      })
      .expect(201);
    expect(group.body).toMatchObject({ kind: 'group', seats: 30, status: 'confirmed' });
    const a = await t.http().post(`/events/sessions/${sid}/registrations`).set(auth(an.token)).send({}).expect(201);
    expect(a.body).toMatchObject({ kind: 'patron', status: 'confirmed', fullName: 'Nguyễn Văn An' });
    await t.http().post(`/events/sessions/${sid}/registrations`).set(auth(an.token)).send({}).expect(409);
    const b = await t
      .http()
      .post(`/events/sessions/${sid}/registrations`)
      .set(auth(venue.organiser.token))
      .send({ cardNumber: binh.cardNumber })
      .expect(201);
    expect(b.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // Only your own: Bình cannot read An's registration; an organiser elsewhere cannot either.
    await t.http().get(`/events/registrations/${a.body.id}`).set(auth(binh.token)).expect(404);
    await t.http().get(`/events/registrations/${a.body.id}`).set(auth(other.organiser.token)).expect(404);
    await t.http().get(`/events/sessions/${sid}`).set(auth(other.organiser.token)).expect(404);
    await t.http().get(`/events/programmes/${p.id}`).set(auth(other.organiser.token)).expect(404);
    await t.http().get(`/events/sessions/${sid}/registrations`).set(auth(other.organiser.token)).expect(404);
    await t
      .http()
      .post(`/events/sessions/${sid}/registrations`)
      .set(auth(other.organiser.token))
      .send({ cardNumber: binh.cardNumber })
      .expect(404);
    await t.http().post(`/events/registrations/${a.body.id}/cancel`).set(auth(other.organiser.token)).expect(404);
    await t.http().patch(`/events/sessions/${sid}`).set(auth(other.organiser.token)).send({ capacity: 50 }).expect(404);
    await t.http().get(`/events/registrations/${a.body.id}`).set(auth(an.token)).expect(200);

    // An cancels; the seat is offered to Bình for 12 hours; Bình claims it.
    await t.http().post(`/events/registrations/${a.body.id}/cancel`).set(auth(an.token)).expect(200);
    const offered = await t.http().get(`/events/registrations/${b.body.id}`).set(auth(binh.token)).expect(200);
    expect(offered.body.status).toBe('offered');
    expect(new Date(offered.body.offerExpiresAt).getTime() - Date.now()).toBeGreaterThan(11 * 3600_000);
    const claimed = await t.http().post(`/events/registrations/${b.body.id}/claim`).set(auth(binh.token)).expect(200);
    expect(claimed.body.status).toBe('confirmed');
    const mine = await t.http().get('/me/events/registrations').set(auth(binh.token)).expect(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([b.body.id]);
    const ics = await t.http().get('/me/events/calendar.ics').set(auth(binh.token)).expect(200);
    expect(ics.text).toContain('BEGIN:VEVENT');
    expect(ics.text).toContain('Workshop làm sách thủ công');
  }, 60_000);
});
