import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { PatronsService } from '@suotdoi/identity';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  FIXTURE_PASSWORD,
  auth,
  createInstitution,
  createNetworkAdmin,
  createPatron,
  createStaff,
  createSystemAdmin,
  createUnit,
} from '../../support/fixtures.js';

describe('personal data: consent, export, erasure, audit', () => {
  let t: TestApp;
  let ds: DataSource;
  let provinceId: string;
  let institutionId: string;
  let circ: { accountId: string; token: string };
  let manager: { accountId: string; token: string };
  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    provinceId = (await createUnit(t, { name: 'Tỉnh Kon Tum' })).unitId;
    const commune = await createUnit(t, { level: 'commune', parentId: provinceId, name: 'Xã Đắk Hà' });
    institutionId = (
      await createInstitution(t, { unitId: commune.unitId, name: 'Thư viện huyện Đắk Hà', level: 'district' })
    ).institutionId;
    circ = await createStaff(t, { institutionId, roles: ['circulation'] });
    manager = await createStaff(t, { institutionId, roles: ['manager'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const yearsAgo = (n: number, monthDay = '01-15') => `${new Date().getUTCFullYear() - n}-${monthDay}`;
  const deskRegister = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/patrons')
      .set(auth(circ.token))
      .send({ fullName: 'A Thị Y Nhi', category: 'child', homeInstitutionId: institutionId, ...body });

  it('needs a guardian’s consent under 16 and the child’s own from 7', async () => {
    const nine = yearsAgo(9);
    expect((await deskRegister({ birthDate: nine }).expect(422)).body.code).toBe('identity/child_consent_required');
    expect(
      (
        await deskRegister({
          birthDate: nine,
          consent: { guardianName: 'Y Blông', guardianRelationship: 'mẹ' },
        }).expect(422)
      ).body.code,
    ).toBe('identity/child_consent_required');
    const ok = await deskRegister({
      birthDate: nine,
      consent: { guardianName: 'Y Blông'.normalize('NFD'), guardianRelationship: 'mẹ', childConsents: true },
    }).expect(201);
    expect(ok.body).toMatchObject({ status: 'active', category: 'child' });
    // Under 7: the guardian alone is enough.
    await deskRegister({
      birthDate: yearsAgo(5),
      fullName: 'A Bé',
      consent: { guardianName: 'A Hùng', guardianRelationship: 'bố' },
    }).expect(201);
    // 16 and over: no consent needed.
    await deskRegister({ birthDate: yearsAgo(17), fullName: 'Y Thanh Hà', category: 'student' }).expect(201);
    // Self-registration follows the same rule.
    const self = await t
      .http()
      .post('/auth/register')
      .send({
        email: 'tre.em@example.vn',
        password: FIXTURE_PASSWORD,
        fullName: 'Trẻ Em',
        birthDate: yearsAgo(10),
        category: 'child',
        homeInstitutionId: institutionId,
      })
      .expect(422);
    expect(self.body.messageVi).toContain('dưới 16 tuổi');

    const consents = (await t.http().get(`/patrons/${ok.body.id}/consents`).set(auth(circ.token)).expect(200)).body;
    expect(consents.map((x: { party: string }) => x.party).sort()).toEqual(['child', 'guardian']);
    expect(consents.find((x: { party: string }) => x.party === 'guardian').givenByName).toBe(
      'Y Blông'.normalize('NFC'),
    );
    // Withdrawing the guardian's consent suspends the record; a new consent restores it.
    const guardian = consents.find((x: { party: string }) => x.party === 'guardian');
    const suspended = await t
      .http()
      .post(`/patrons/${ok.body.id}/consents/${guardian.id}/withdraw`)
      .set(auth(circ.token))
      .expect(200);
    expect(suspended.body.status).toBe('suspended');
    await t
      .http()
      .post(`/patrons/${ok.body.id}/consents`)
      .set(auth(circ.token))
      .send({ party: 'guardian', givenByName: 'Y Blông', relationship: 'mẹ' })
      .expect(201);
    expect((await t.http().get(`/patrons/${ok.body.id}`).set(auth(circ.token)).expect(200)).body.status).toBe('active');
  });

  it('exports everything held about a patron as JSON, without secrets, and audits it', async () => {
    const p = await createPatron(t, { institutionId, fullName: 'Nguyễn Đức Thắng' });
    await t.http().get(`/patrons/${p.patronId}`).set(auth(circ.token)).expect(200);
    const mine = await t.http().get('/me/export').set(auth(p.token)).expect(200);
    expect(mine.body).toMatchObject({
      account: { id: p.accountId, email: p.email },
      patron: { id: p.patronId, fullName: 'Nguyễn Đức Thắng', cardNumber: p.cardNumber },
    });
    expect(mine.body.accessLog.map((e: { action: string }) => e.action)).toContain('patron.read');
    const text = JSON.stringify(mine.body);
    expect(text).not.toMatch(/argon2|passwordHash|password_hash|token_hash/);
    const byStaff = await t.http().get(`/patrons/${p.patronId}/export`).set(auth(manager.token)).expect(200);
    expect(byStaff.body.patron.id).toBe(p.patronId);
    await t.http().get(`/patrons/${p.patronId}/export`).set(auth(circ.token)).expect(403);

    const sys = await createSystemAdmin(t);
    const log = (await t.http().get('/audit').query({ patronId: p.patronId }).set(auth(sys.token)).expect(200)).body;
    const actions = log.items.map((e: { action: string; actorAccountId: string }) => `${e.action}:${e.actorAccountId}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `patron.read:${circ.accountId}`,
        `patron.export:${p.accountId}`,
        `patron.export:${manager.accountId}`,
      ]),
    );
  });

  it('lets administrators query the audit log of their jurisdiction only', async () => {
    const p = await createPatron(t, { institutionId });
    await t.http().get(`/patrons/${p.patronId}`).set(auth(circ.token)).expect(200);
    const admin = await createNetworkAdmin(t, provinceId);
    const elsewhere = await createNetworkAdmin(t, (await createUnit(t)).unitId);
    const mine = (
      await t
        .http()
        .get('/audit')
        .query({ patronId: p.patronId, action: 'patron.read' })
        .set(auth(admin.token))
        .expect(200)
    ).body;
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ actorAccountId: circ.accountId, institutionId, patronId: p.patronId });
    expect(
      (await t.http().get('/audit').query({ patronId: p.patronId }).set(auth(elsewhere.token)).expect(200)).body.total,
    ).toBe(0);
    await t.http().get('/audit').set(auth(circ.token)).expect(403);
    await t.http().get('/audit').set(auth(p.token)).expect(403);
  });

  it('erases identity and keeps statistics under the pseudonymous key', async () => {
    const patrons = t.app.get(PatronsService, { strict: false });
    const a = await createPatron(t, {
      institutionId,
      fullName: 'Trần Thị Mai',
      birthDate: '1960-03-08',
      category: 'senior',
    });
    const b = await createPatron(t, { institutionId, fullName: 'Lê Văn Nam', category: 'teacher' });
    // Another module's record that refers to the patron by id (as usage events do).
    await ds.query(`CREATE TABLE public.test_usage_events (patron_id uuid, kind text)`);
    await ds.query(`INSERT INTO public.test_usage_events VALUES ($1, 'loan'), ($1, 'visit'), ($2, 'loan')`, [
      a.patronId,
      b.patronId,
    ]);
    const stats = () =>
      patrons
        .statistics([institutionId])
        .then((rows) => rows.filter((r) => r.category !== 'child' && r.category !== 'student'));
    const before = await stats();

    // The patron erases their own account (password required).
    await t.http().post('/me/erase').set(auth(a.token)).send({ password: 'sai' }).expect(401);
    await t.http().post('/me/erase').set(auth(a.token)).send({ password: FIXTURE_PASSWORD }).expect(204);
    await t.http().get('/me').set(auth(a.token)).expect(401);
    await t.http().post('/auth/sign-in').send({ login: a.email, password: FIXTURE_PASSWORD }).expect(401);
    // A manager erases another patron.
    await t.http().post(`/patrons/${b.patronId}/erase`).set(auth(manager.token)).expect(204);
    await t.http().post(`/patrons/${b.patronId}/erase`).set(auth(manager.token)).expect(410);

    const [row] = await ds.query(
      `SELECT full_name, birth_date, birth_year, card_number, category, status, home_institution_id FROM identity.patrons WHERE id = $1`,
      [a.patronId],
    );
    expect(row).toEqual({
      full_name: null,
      birth_date: null,
      birth_year: 1960,
      card_number: null,
      category: 'senior',
      status: 'erased',
      home_institution_id: institutionId,
    });
    const [acc] = await ds.query(
      `SELECT email, phone, password_hash, display_name, status FROM identity.accounts WHERE id = $1`,
      [a.accountId],
    );
    expect(acc).toEqual({ email: null, phone: null, password_hash: null, display_name: '(đã xóa)', status: 'erased' });
    const dump = JSON.stringify(
      await ds.query(
        `SELECT p.*, a.* FROM identity.patrons p JOIN identity.accounts a ON a.id = p.account_id WHERE p.id = ANY($1::uuid[])`,
        [[a.patronId, b.patronId]],
      ),
    );
    for (const s of ['Trần Thị Mai', 'Lê Văn Nam', a.email, b.email, a.cardNumber, b.cardNumber])
      expect(dump).not.toContain(s);
    // Statistics: the same counts per institution and category (status erased), and the usage rows still join.
    const after = await stats();
    const total = (rows: { category: string; count: number }[]) =>
      Object.fromEntries(
        ['senior', 'teacher', 'adult'].map((cat) => [
          cat,
          rows.filter((r) => r.category === cat).reduce((s, r) => s + r.count, 0),
        ]),
      );
    expect(total(after)).toEqual(total(before));
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM public.test_usage_events e JOIN identity.patrons p ON p.id = e.patron_id WHERE p.status = 'erased'`,
    );
    expect(n).toBe(3);
    // Staff reading the erased record see nothing personal.
    const seen = (await t.http().get(`/patrons/${a.patronId}`).set(auth(circ.token)).expect(200)).body;
    expect(seen).toMatchObject({ status: 'erased', fullName: null, cardNumber: null, birthDate: null });
    const sys = await createSystemAdmin(t);
    const log = (await t.http().get('/audit').query({ action: 'patron.erase' }).set(auth(sys.token)).expect(200)).body;
    expect(log.items.map((e: { patronId: string }) => e.patronId).sort()).toEqual([a.patronId, b.patronId].sort());
  });
});
