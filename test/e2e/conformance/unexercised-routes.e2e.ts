// Operations no other test answered with a 2xx: each is called here once, successfully, so that the response check
// every test app runs (test/support/conformance.ts) sees its real body against the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
import {
  auth,
  createNetworkAdmin,
  createPatron,
  createStaff,
  createSystemAdmin,
  createUnit,
  FIXTURE_PASSWORD,
} from '../../support/fixtures.js';
import { checkout, createDesk, createTitle } from '../circulation/circulation-fixtures.js';
import { createProgramme, createVenue, vnDay } from '../events/events-fixtures.js';

describe('operations answered nowhere else', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t?.close());

  it('network: a unit’s population and successions', async () => {
    const province = await createUnit(t, { name: 'Tỉnh Quảng Trị' });
    const admin = (await createNetworkAdmin(t, province.unitId)).token;
    await t
      .http()
      .put(`/units/${province.unitId}/population/2024`)
      .set(auth(admin))
      .send({ population: 639_400, source: 'Niên giám thống kê tỉnh Quảng Trị 2024' })
      .expect(200);
    const population = await t.http().get(`/units/${province.unitId}/population`).expect(200);
    expect(population.body).toEqual([
      { unitId: province.unitId, year: 2024, population: 639_400, source: 'Niên giám thống kê tỉnh Quảng Trị 2024' },
    ]);
    const successions = await t.http().get(`/units/${province.unitId}/successions`).set(auth(admin)).expect(200);
    expect(successions.body).toEqual([]);
  });

  it('identity: my consents, a password change, and an administrator scope taken away', async () => {
    const desk = await createDesk(t, { name: 'Thư viện xã Đakrông' });
    const patron = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Hồ Thị Thanh Đào' });
    expect((await t.http().get('/me/consents').set(auth(patron.token)).expect(200)).body).toEqual([]);
    const changed = await t
      .http()
      .post('/me/password')
      .set(auth(patron.token))
      .send({ currentPassword: FIXTURE_PASSWORD, newPassword: 'Mật khẩu mới của Đào 2026' })
      .expect(200);
    expect(changed.body).toMatchObject({ tokenType: 'Bearer', expiresIn: t.config.ACCESS_TOKEN_TTL_SECONDS });

    const unit = await createUnit(t, { name: 'Tỉnh Quảng Bình' });
    const scoped = await createNetworkAdmin(t, unit.unitId);
    const system = (await createSystemAdmin(t)).token;
    await t
      .http()
      .delete(`/admin/network-admins/${scoped.accountId}/units/${unit.unitId}`)
      .set(auth(system))
      .expect(204);
    await t.http().get(`/units/${unit.unitId}/successions`).set(auth(scoped.token)).expect(403);
  });

  it('circulation: staff suspend, resume and cancel a patron’s hold', async () => {
    const desk = await createDesk(t, { name: 'Thư viện huyện Hướng Hóa' });
    const [lan, hung] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Nguyễn Thị Lan' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Đỗ Văn Hùng' }),
    ]);
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId, title: 'Mùa lá rụng' });
    await checkout(t, desk, lan.cardNumber, copies[0].barcode).expect(201);
    const placed = await t
      .http()
      .post('/me/holds')
      .set(auth(hung.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    const id = placed.body.hold.id as string;
    const until = vietnamDate(daysAgo(-10));
    const staff = auth(desk.staff.token);
    const suspended = await t.http().post(`/circulation/holds/${id}/suspend`).set(staff).send({ until }).expect(200);
    expect(suspended.body).toMatchObject({ id, status: 'waiting', suspendedUntil: until });
    const resumed = await t.http().post(`/circulation/holds/${id}/resume`).set(staff).expect(200);
    expect(resumed.body).toMatchObject({ id, status: 'waiting', suspendedUntil: null });
    const cancelled = await t.http().post(`/circulation/holds/${id}/cancel`).set(staff).expect(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled' });
  });

  it('e-lending: a patron withdraws a waiting e-hold', async () => {
    const desk = await createDesk(t, { name: 'Thư viện tỉnh Đắk Lắk' });
    const [cataloguer, manager] = await Promise.all([
      createStaff(t, { institutionId: desk.institutionId, roles: ['cataloguing'] }),
      createStaff(t, { institutionId: desk.institutionId, roles: ['manager'] }),
    ]);
    const [ha, nam] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'H’Hà Niê' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Y Nam Ênuôl' }),
    ]);
    const { recordId } = await createTitle(t, {
      institutionId: desk.institutionId,
      copies: 0,
      title: 'Đất nước đứng lên',
    });
    const digital = await t
      .http()
      .post(`/catalogue/records/${recordId}/digital-resources`)
      .set(auth(cataloguer.token))
      .send({ institutionId: desk.institutionId, kind: 'ebook', access: 'loan', label: 'Bản PDF' })
      .expect(201);
    await t
      .http()
      .put(`/catalogue/digital-resources/${digital.body.id as string}/file`)
      .set(auth(cataloguer.token))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'))
      .expect(200);
    const resourceId = digital.body.id as string;
    await t
      .http()
      .post('/circulation/licences')
      .set(auth(manager.token))
      .send({ resourceId, model: 'one_copy_one_user' })
      .expect(201);
    await t.http().post('/me/e-loans').set(auth(ha.token)).send({ resourceId }).expect(201);
    const hold = await t.http().post('/me/e-holds').set(auth(nam.token)).send({ resourceId }).expect(201);
    const withdrawn = await t
      .http()
      .post(`/me/e-holds/${hold.body.id as string}/cancel`)
      .set(auth(nam.token))
      .expect(200);
    expect(withdrawn.body).toMatchObject({ id: hold.body.id, status: 'cancelled' });
  });

  it('events: the national-day templates, a public session, a ticket’s calendar file, and a cancelled session', async () => {
    const venue = await createVenue(t, { name: 'Nhà văn hóa xã Hướng Phùng' });
    const templates = await t.http().get('/events/templates').set(auth(venue.organiser.token)).expect(200);
    expect(templates.body.items.map((x: { key: string }) => x.key)).toEqual([
      'book_day',
      'world_book_day',
      'lifelong_learning_week',
      'museum_day',
      'heritage_day',
    ]);
    const programme = await createProgramme(t, venue, {
      title: 'Ngày hội đọc sách ở bản Vân Kiều',
      schedule: {
        startsAt: `${vnDay(12)}T08:00`,
        endsAt: `${vnDay(12)}T10:30`,
        place: 'Sân nhà văn hóa',
        capacity: 30,
      },
    });
    const sessionId = programme.sessions[0].id;
    const shown = await t.http().get(`/events/public/sessions/${sessionId}`).expect(200);
    expect(shown.body.session.id).toBe(sessionId);
    const ticket = await t
      .http()
      .post(`/events/sessions/${sessionId}/guest-registrations`)
      .send({ fullName: 'Hồ Thị Đào', phone: '0912 345 679' })
      .expect(201);
    const ics = await t
      .http()
      .get(`/events/tickets/${ticket.body.code as string}/calendar.ics`)
      .expect(200);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    const cancelled = await t
      .http()
      .post(`/events/sessions/${sessionId}/cancel`)
      .set(auth(venue.organiser.token))
      .expect(200);
    expect(cancelled.body).toMatchObject({ id: sessionId, status: 'cancelled' });
  });
});
