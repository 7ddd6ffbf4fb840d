import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { NoticeRecorder } from '@suotdoi/notices';
import { SeedRunner } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createPatron,
  createStaff,
  createUnit,
  FIXTURE_PASSWORD,
  type FixturePatron,
} from '../../support/fixtures.js';
import { createProgramme, vnDay, type Venue } from './events-fixtures.js';

const year = Number(vnDay(0).slice(0, 4));

describe('events journey: a weekly series booked, filled, waitlisted, cancelled, promoted, checked in, held and counted', () => {
  let t: TestApp;
  let db: DataSource;
  let venue: Venue;
  let admin: { token: string };
  let patrons: FixturePatron[];

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    db = t.app.get(DataSource);
    const province = await createUnit(t, { name: 'Tỉnh Quảng Trị Thử' });
    const commune = await createUnit(t, { level: 'commune', parentId: province.unitId, name: 'Xã Khe Sanh Thử' });
    const inst = await createInstitution(t, { unitId: commune.unitId, name: 'Thư viện xã Khe Sanh' });
    const organiser = await createStaff(t, { institutionId: inst.institutionId, roles: ['events'] });
    venue = { institutionId: inst.institutionId, unitId: commune.unitId, organiser };
    admin = await createNetworkAdmin(t, province.unitId);
    patrons = await Promise.all(
      ['Nguyễn Văn An', 'Lê Thị Bình', 'Trần Văn Cường', 'Phạm Thị Dung'].map((fullName) =>
        createPatron(t, { institutionId: venue.institutionId, fullName }),
      ),
    );
  }, 120_000);
  afterAll(() => t.close());

  it('runs end to end', async () => {
    const [an, binh, cuong, dung] = patrons;
    // A weekly series from next week; once booked, its first session is moved to now (as an organiser would).
    const local = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
    const p = await createProgramme(t, venue, {
      title: 'Lớp Kỹ năng số cho người cao tuổi',
      category: 'lifelong_learning_week',
      audiences: ['elderly', 'adults'],
      registration: 'series',
      schedule: {
        startsAt: `${vnDay(7)}T09:00`,
        endsAt: `${vnDay(7)}T11:00`,
        rrule: 'FREQ=WEEKLY;COUNT=4',
        place: 'Phòng máy tính',
        capacity: 4,
      },
    });
    expect(p.sessions).toHaveLength(4);
    // A patron, a class of 2 seats, a guest: the series is full (4 seats); the next patron waits.
    const a = await t
      .http()
      .post(`/events/programmes/${p.id}/series-registrations`)
      .set(auth(an.token))
      .send({})
      .expect(201);
    expect(a.body.items.map((r: { status: string }) => r.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
    ]);
    await t
      .http()
      .post(`/events/programmes/${p.id}/series-registrations`)
      .set(auth(venue.organiser.token))
      .send({
        group: {
          groupName: 'Nhóm Hội Người cao tuổi thôn Tân Kim',
          seats: 2,
          contactName: 'Ông Hồ Văn Lành',
          phone: '0913222333',
        },
      })
      .expect(201);
    const guest = await t
      .http()
      .post(`/events/programmes/${p.id}/series-registrations`)
      .set(auth(venue.organiser.token))
      .send({ guest: { fullName: 'Bà Lê Thị Tư', phone: '0914444555' } })
      .expect(201);
    const b = await t
      .http()
      .post(`/events/programmes/${p.id}/series-registrations`)
      .set(auth(binh.token))
      .send({})
      .expect(201);
    expect(
      b.body.items.map((r: { status: string; waitlistPosition: number }) => [r.status, r.waitlistPosition]),
    ).toEqual(Array(4).fill(['waitlisted', 1]));
    // A single-session registration is refused for a series programme.
    const single = await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/registrations`)
      .set(auth(cuong.token))
      .send({})
      .expect(409);
    expect(single.body).toMatchObject({ code: 'events/series_only' });
    // The guest cancels the first session: Bình is promoted there at once.
    await t.http().post(`/events/tickets/${guest.body.items[0].code}/cancel`).expect(200);
    const bFirst = await t.http().get(`/events/registrations/${b.body.items[0].id}`).set(auth(binh.token)).expect(200);
    expect(bFirst.body.status).toBe('confirmed');
    const ticket = await t.http().get(`/events/tickets/${a.body.items[0].code}/qr.svg`).expect(200);
    expect(String(ticket.text ?? ticket.body)).toContain('<svg');

    // Notices through the one notices service: An's confirmation with the invitation and the QR ticket, Bình's waitlist
    // and promotion, the guest's (phone only) cancellation by SMS.
    const recorder = t.app.get(NoticeRecorder);
    const confirmedNotice = await eventually(
      () => recorder.forPatron(an.patronId, 'events.registration_confirmed').find((n) => n.channel === 'email'),
      60_000,
    );
    expect(confirmedNotice.subjectVi).toBe('Đăng ký thành công: Lớp Kỹ năng số cho người cao tuổi');
    expect(confirmedNotice.attachments).toEqual([
      `su-kien-${a.body.items[0].code}.ics`,
      `ve-${a.body.items[0].code}.png`,
    ]);
    expect(confirmedNotice.bodyVi).toContain(a.body.items[0].code);
    await eventually(() => recorder.forPatron(binh.patronId, 'events.registration_waitlisted').length > 0, 60_000);
    const promotedNotice = await eventually(() => recorder.forPatron(binh.patronId, 'events.seat_promoted')[0], 60_000);
    expect(promotedNotice.bodyVi).toContain('đã được xác nhận cho bạn');
    await eventually(() => recorder.lastTo('0914444555', 'events.registration_cancelled'), 60_000);

    // Check in at the door: An by the ticket's code, Bình by library card, two walk-ins.
    await t
      .http()
      .patch(`/events/sessions/${p.sessions[0].id}`)
      .set(auth(venue.organiser.token))
      .send({ startsAt: local(new Date(Date.now() - 60_000)), endsAt: local(new Date(Date.now() + 3600_000)) })
      .expect(200);
    await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/check-ins`)
      .set(auth(venue.organiser.token))
      .send({ code: a.body.items[0].code.toLowerCase() })
      .expect(201);
    const byCard = await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/check-ins`)
      .set(auth(venue.organiser.token))
      .send({ cardNumber: binh.cardNumber })
      .expect(201);
    expect(byCard.body).toMatchObject({ status: 'attended', fullName: 'Lê Thị Bình' });
    const notRegistered = await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/check-ins`)
      .set(auth(venue.organiser.token))
      .send({ cardNumber: dung.cardNumber })
      .expect(404);
    expect(notRegistered.body).toMatchObject({ code: 'events/card_not_registered' });
    await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/walk-ins`)
      .set(auth(venue.organiser.token))
      .send({ count: 2 })
      .expect(201);
    const held = await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/close`)
      .set(auth(venue.organiser.token))
      .expect(200);
    expect(held.body).toMatchObject({ status: 'held', attended: 2, walkIns: 2 });
    const list = await t
      .http()
      .get(`/events/sessions/${p.sessions[0].id}/registrations`)
      .set(auth(venue.organiser.token))
      .expect(200);
    expect(list.body.items.map((r: { fullName: string; status: string }) => [r.fullName, r.status])).toEqual([
      ['Nguyễn Văn An', 'attended'],
      ['Ông Hồ Văn Lành', 'no_show'],
      ['Bà Lê Thị Tư', 'cancelled'],
      ['Lê Thị Bình', 'attended'],
    ]);

    // Three more lifelong-learning sessions held earlier this year, counted at the door (no registration).
    const talks = await createProgramme(t, venue, {
      title: 'Tọa đàm học tập suốt đời',
      category: 'lifelong_learning_week',
      registration: 'none',
      schedule: {
        startsAt: `${year}-01-10T08:00`,
        endsAt: `${year}-01-10T10:00`,
        rrule: 'FREQ=WEEKLY;COUNT=3',
        place: 'Hội trường xã',
      },
    });
    for (const s of talks.sessions) {
      await t
        .http()
        .put(`/events/sessions/${s.id}/headcount`)
        .set(auth(venue.organiser.token))
        .send({ headcount: 30 })
        .expect(200);
      await t.http().post(`/events/sessions/${s.id}/close`).set(auth(venue.organiser.token)).expect(200);
    }

    // Usage receives the sessions held and their attendance (the plans' evidence rules read these).
    const usage = await eventually(async () => {
      const rows: { kind: string; n: number; q: number }[] = await db.query(
        `SELECT kind, count(*)::int AS n, sum(quantity)::int AS q FROM usage.events WHERE institution_id = $1 AND kind IN ('programme_session', 'programme_attendance') GROUP BY kind ORDER BY kind`,
        [venue.institutionId],
      );
      return rows.length === 2 && rows[0].n === 4 ? rows : undefined;
    }, 60_000);
    expect(usage).toEqual([
      { kind: 'programme_attendance', n: 4, q: 4 + 90 },
      { kind: 'programme_session', n: 4, q: 4 },
    ]);

    // The jurisdiction's checklist: the lifelong-learning week is met this year, with the evidence.
    const checklist = await t
      .http()
      .get('/events/obligations')
      .query({ unitId: venue.unitId, year })
      .set(auth(admin.token))
      .expect(200);
    const mine = checklist.body.institutions.find(
      (i: { institutionId: string }) => i.institutionId === venue.institutionId,
    );
    const lll = mine.obligations.find((o: { code: string }) => o.code === 'lifelong_learning_week');
    // The January talks fall outside the week's window; the series' first session counts only if held within it.
    expect(lll.nameVi).toBe('Tuần lễ hưởng ứng học tập suốt đời');
    const bookDay = mine.obligations.find((o: { code: string }) => o.code === 'book_day');
    expect(bookDay).toMatchObject({ met: false, held: 0, required: 1 });
    // An organiser cannot read the checklist; an administrator elsewhere gets 404.
    await t
      .http()
      .get('/events/obligations')
      .query({ unitId: venue.unitId, year })
      .set(auth(venue.organiser.token))
      .expect(403);
    const otherProvince = await createUnit(t);
    const otherAdmin = await createNetworkAdmin(t, otherProvince.unitId);
    await t
      .http()
      .get('/events/obligations')
      .query({ unitId: venue.unitId, year })
      .set(auth(otherAdmin.token))
      .expect(404);

    // Book Day from its template: the programme and its session in one step, then held.
    const bd = await t
      .http()
      .post('/events/templates/book_day/programmes')
      .set(auth(venue.organiser.token))
      .send({ institutionId: venue.institutionId, year })
      .expect(201);
    expect(bd.body).toMatchObject({
      title: `Ngày Sách và Văn hóa đọc Việt Nam ${year}`,
      category: 'book_day',
      registration: 'none',
    });
    expect(new Date(bd.body.sessions[0].startsAt).toISOString()).toBe(`${year}-04-21T01:00:00.000Z`);
    if (new Date(bd.body.sessions[0].startsAt) < new Date()) {
      await t
        .http()
        .put(`/events/sessions/${bd.body.sessions[0].id}/headcount`)
        .set(auth(venue.organiser.token))
        .send({ headcount: 150 })
        .expect(200);
      await t
        .http()
        .post(`/events/sessions/${bd.body.sessions[0].id}/close`)
        .set(auth(venue.organiser.token))
        .expect(200);
      const again = await t
        .http()
        .get('/events/obligations')
        .query({ unitId: venue.unitId, year })
        .set(auth(admin.token))
        .expect(200);
      const ob = again.body.institutions
        .find((i: { institutionId: string }) => i.institutionId === venue.institutionId)
        .obligations.find((o: { code: string }) => o.code === 'book_day');
      expect(ob).toMatchObject({
        met: true,
        held: 1,
        evidence: [expect.objectContaining({ title: `Ngày Sách và Văn hóa đọc Việt Nam ${year}`, attendance: 150 })],
      });
      expect(again.body.summary.find((s: { code: string }) => s.code === 'book_day')).toMatchObject({ met: 1, of: 1 });
    }
  }, 300_000);

  it('public listing with Vietnamese folding; the institution feed', async () => {
    await createProgramme(t, venue, {
      title: 'Hội thi Đọc sách cùng Đảng viên trẻ',
      category: 'reading_promotion',
      audiences: ['adults'],
      schedule: {
        startsAt: `${vnDay(20)}T14:00`,
        endsAt: `${vnDay(20)}T16:00`,
        place: 'Nhà văn hóa thôn',
        capacity: 50,
      },
    });
    for (const q of ['doc sach', 'ĐỌC SÁCH', 'Đọc sách'.normalize('NFD'), 'dang vien']) {
      const r = await t.http().get('/events/public/sessions').query({ q, unitId: venue.unitId }).expect(200);
      expect(r.body.items.map((s: { programmeTitle: string }) => s.programmeTitle)).toContain(
        'Hội thi Đọc sách cùng Đảng viên trẻ',
      );
      expect(r.body.items[0].institutionName).toBe('Thư viện xã Khe Sanh');
    }
    const none = await t.http().get('/events/public/sessions').query({ q: 'triển lãm gốm' }).expect(200);
    expect(none.body.total).toBe(0);
    const byAudience = await t
      .http()
      .get('/events/public/sessions')
      .query({ audience: 'children', institutionId: venue.institutionId })
      .expect(200);
    expect(byAudience.body.items).toEqual([]);
    const feed = await t.http().get(`/events/public/institutions/${venue.institutionId}/calendar.ics`).expect(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.text).toContain('Hội thi Đọc sách cùng Đảng viên trẻ');
    expect(feed.text).toContain('Asia/Ho_Chi_Minh');
  });

  it('clubs: members by card or name, membership per year; other institutions get 404', async () => {
    const centre = await createInstitution(t, {
      unitId: venue.unitId,
      type: 'cultural_centre',
      level: 'commune',
      name: 'Trung tâm Văn hóa - Thể thao xã Khe Sanh',
    });
    const staff = await createStaff(t, { institutionId: centre.institutionId, roles: ['events'] });
    const club = await t
      .http()
      .post('/events/clubs')
      .set(auth(staff.token))
      .send({
        institutionId: centre.institutionId,
        name: 'Câu lạc bộ Dân ca Vân Kiều',
        category: 'music',
        foundedOn: `${year - 1}-05-01`,
      })
      .expect(201);
    await t
      .http()
      .post(`/events/clubs/${club.body.id}/members`)
      .set(auth(staff.token))
      .send({ cardNumber: patrons[2].cardNumber, joinedOn: `${year - 1}-05-01` })
      .expect(201);
    const guestMember = await t
      .http()
      .post(`/events/clubs/${club.body.id}/members`)
      .set(auth(staff.token))
      .send({ fullName: 'Hồ Thị Pả', joinedOn: `${year - 1}-06-01` })
      .expect(201);
    await t
      .http()
      .post(`/events/clubs/${club.body.id}/members`)
      .set(auth(staff.token))
      .send({ cardNumber: patrons[2].cardNumber })
      .expect(409);
    await t
      .http()
      .post(`/events/clubs/${club.body.id}/members/${guestMember.body.id}/leave`)
      .set(auth(staff.token))
      .send({ leftOn: `${year - 1}-12-31` })
      .expect(200);
    await t
      .http()
      .post(`/events/clubs/${club.body.id}/members`)
      .set(auth(staff.token))
      .send({ fullName: 'Hồ Văn Crứt' })
      .expect(201);
    const detail = await t.http().get(`/events/clubs/${club.body.id}`).set(auth(staff.token)).expect(200);
    expect(detail.body.members).toBe(2);
    expect(detail.body.byYear).toEqual([
      { year: year - 1, members: 2, meetingsHeld: 0 },
      { year, members: 2, meetingsHeld: 0 },
    ]);
    await t.http().get(`/events/clubs/${club.body.id}`).set(auth(venue.organiser.token)).expect(404);
    await t
      .http()
      .post(`/events/clubs/${club.body.id}/members`)
      .set(auth(venue.organiser.token))
      .send({ fullName: 'Ai đó' })
      .expect(404);
    const adminView = await t
      .http()
      .get('/events/clubs')
      .query({ institutionId: centre.institutionId })
      .set(auth(admin.token))
      .expect(200);
    expect(adminView.body.items.map((c: { name: string }) => c.name)).toEqual(['Câu lạc bộ Dân ca Vân Kiều']);
  });

  it('registrations join the personal-data export and erasure; attendance counts stay', async () => {
    const dung = patrons[3];
    const p = await createProgramme(t, venue, {
      title: 'Workshop vẽ tranh cổ động',
      schedule: { startsAt: `${vnDay(25)}T08:00`, endsAt: `${vnDay(25)}T10:00`, place: 'Sân', capacity: 1 },
    });
    await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/registrations`)
      .set(auth(dung.token))
      .send({})
      .expect(201);
    const waiting = await t
      .http()
      .post(`/events/sessions/${p.sessions[0].id}/registrations`)
      .set(auth(patrons[2].token))
      .send({})
      .expect(201);
    expect(waiting.body.status).toBe('waitlisted');
    const exported = await t.http().get('/me/export').set(auth(dung.token)).expect(200);
    expect(exported.body.events.registrations.map((r: { programme: string }) => r.programme)).toContain(
      'Workshop vẽ tranh cổ động',
    );
    await t.http().post('/me/erase').set(auth(dung.token)).send({ password: FIXTURE_PASSWORD }).expect(204);
    const rows: { patron_id: string | null; full_name: string | null; status: string }[] = await db.query(
      `SELECT patron_id, full_name, status FROM events.registrations WHERE programme_id = $1 ORDER BY arrival`,
      [p.id],
    );
    expect(rows[0]).toEqual({ patron_id: null, full_name: null, status: 'cancelled' });
    // The freed seat went to the next in line.
    expect(rows[1].status).toBe('confirmed');
    // Held sessions keep their counts.
    const [{ attended }] = await db.query(
      `SELECT sum(attended)::int AS attended FROM events.sessions WHERE institution_id = $1`,
      [venue.institutionId],
    );
    expect(attended).toBeGreaterThanOrEqual(2);
  });

  it('reports per institution and jurisdiction, as JSON, CSV and XLSX', async () => {
    const json = await t
      .http()
      .get('/events/reports')
      .query({ unitId: venue.unitId, year })
      .set(auth(admin.token))
      .expect(200);
    const row = json.body.rows.find((r: { institutionId: string }) => r.institutionId === venue.institutionId);
    expect(row).toMatchObject({ institutionName: 'Thư viện xã Khe Sanh' });
    expect(row.sessionsHeld).toBeGreaterThanOrEqual(4);
    expect(row.attendance).toBeGreaterThanOrEqual(94);
    const csv = await t
      .http()
      .get('/events/reports')
      .query({ institutionId: venue.institutionId, year, format: 'csv' })
      .set(auth(venue.organiser.token))
      .buffer(true)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = (csv.body instanceof Buffer ? csv.body : Buffer.from(csv.text)).toString('utf8');
    expect(text).toContain('Buổi đã tổ chức / Sessions held');
    expect(text).toContain('Thư viện xã Khe Sanh');
    const xlsx = await t
      .http()
      .get('/events/reports')
      .query({ unitId: venue.unitId, year, format: 'xlsx' })
      .set(auth(admin.token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    await t
      .http()
      .get('/events/reports')
      .query({ institutionId: venue.institutionId, year })
      .set(auth(patrons[0].token))
      .expect(403);
    const stranger = await createStaff(t, {
      institutionId: (await createInstitution(t)).institutionId,
      roles: ['events'],
    });
    await t
      .http()
      .get('/events/reports')
      .query({ institutionId: venue.institutionId, year })
      .set(auth(stranger.token))
      .expect(404);
    await t.http().get('/events/reports').query({ year }).set(auth(admin.token)).expect(400);
  });

  it('demo data (order 45) loads through the services and is idempotent', async () => {
    const first = (await t.app.get(SeedRunner).run()).summary.join('\n');
    expect(first).toContain('events: Ngày Sách và Văn hóa đọc Việt Nam 2024, 2025 and 2026');
    expect(first).toContain('Câu lạc bộ Đọc sách và Kể chuyện Khe Sanh');
    expect(first).toContain('Bảo tàng tỉnh Quảng Trị');
    const again = (await t.app.get(SeedRunner).run()).summary.join('\n');
    expect(again).toContain('events: demo events already loaded');
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM events.sessions s JOIN events.programmes p ON p.id = s.programme_id WHERE p.category = 'book_day' AND s.status = 'held'`,
    );
    expect(n).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
