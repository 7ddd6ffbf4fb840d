import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  auth,
  createNetworkAdmin,
  createPatron,
  createServicePoint,
  createStaff,
  createTwoJurisdictions,
  type FixturePatron,
} from '../../support/fixtures.js';

type Caller = { name: string; token: string };
type Call = {
  name: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: (ids: Ids) => string;
  body?: object;
  callers: (c: Callers) => Caller[];
};
type Ids = Record<string, string>;
type Callers = Record<string, Caller>;

const MISSING = '00000000-0000-4000-8000-00000000abcd';

/**
 * For every endpoint that takes an id: callers from another patron, institution or jurisdiction get 404, exactly as
 * for an id that does not exist (existence does not leak), and nothing in the database changes.
 */
describe('access matrix: foreign objects answer 404 and stay unchanged', () => {
  let t: TestApp;
  let ds: DataSource;
  const ids: Ids = {};
  const c: Callers = {};

  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    const { a, b } = await createTwoJurisdictions(t);
    Object.assign(ids, {
      instA: a.institutionId,
      instB: b.institutionId,
      communeA: a.communeId,
      provinceA: a.provinceId,
    });
    const pa: FixturePatron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Hồ Thị Xuân' });
    const child = await createPatron(t, {
      institutionId: a.institutionId,
      birthDate: '2015-04-30',
      fullName: 'Hồ Văn Tí',
      category: 'child',
    });
    const pb = await createPatron(t, { institutionId: b.institutionId, fullName: 'Đinh Văn Bảo' });
    ids.patronA = pa.patronId;
    ids.childA = child.patronId;
    const [consent]: { id: string }[] = await ds.query(
      `SELECT id FROM identity.consents WHERE patron_id = $1 AND party = 'guardian'`,
      [child.patronId],
    );
    ids.consentA = consent.id;
    const managerA = await createStaff(t, { institutionId: a.institutionId, roles: ['manager'] });
    ids.staffA = managerA.accountId;
    ids.servicePointA = (await createServicePoint(t, { institutionId: a.institutionId })).servicePointId;
    const [closure]: { id: string }[] = await ds.query(
      `INSERT INTO network.closures (institution_id, starts_on, ends_on, kind, reason) VALUES ($1, '2026-09-02', '2026-09-02', 'closure', 'Sửa mái') RETURNING id`,
      [a.institutionId],
    );
    ids.closureA = closure.id;
    // A self-registered patron waiting for desk verification at A.
    const reg = await t
      .http()
      .post('/auth/register')
      .send({
        email: 'cho.xac.minh@example.vn',
        password: 'Mật-khẩu-dài-đủ',
        fullName: 'Lê Thị Chờ',
        birthDate: '1990-01-01',
        category: 'adult',
        homeInstitutionId: a.institutionId,
      })
      .expect(201);
    ids.pendingA = reg.body.patronId;

    c.patronB = { name: 'patron of B', token: pb.token };
    c.patronA = { name: 'another patron of A', token: pa.token };
    c.circB = {
      name: 'circulation staff of B',
      token: (await createStaff(t, { institutionId: b.institutionId, roles: ['circulation'] })).token,
    };
    c.managerB = {
      name: 'manager of B',
      token: (await createStaff(t, { institutionId: b.institutionId, roles: ['manager'] })).token,
    };
    c.adminB = { name: 'network admin of B', token: (await createNetworkAdmin(t, b.provinceId)).token };
    c.catalogueA = {
      name: 'cataloguer of A (no circulation role)',
      token: (await createStaff(t, { institutionId: a.institutionId, roles: ['cataloguing'] })).token,
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const everyone = (x: Callers) => [x.patronB, x.circB, x.managerB, x.adminB];
  const calls: Call[] = [
    { name: 'read a patron', method: 'get', path: (i) => `/patrons/${i.patronA}`, callers: (x) => [...everyone(x)] },
    {
      name: 'read another patron (patron to patron)',
      method: 'get',
      path: (i) => `/patrons/${i.childA}`,
      callers: (x) => [x.patronA],
    },
    {
      name: 'update a patron',
      method: 'patch',
      path: (i) => `/patrons/${i.patronA}`,
      body: { fullName: 'Tên bị đổi' },
      callers: (x) => [x.circB, x.managerB],
    },
    {
      name: 'verify a pending patron',
      method: 'post',
      path: (i) => `/patrons/${i.pendingA}/verify`,
      callers: (x) => [x.circB, x.managerB],
    },
    {
      name: 'renew a card',
      method: 'post',
      path: (i) => `/patrons/${i.patronA}/renew-card`,
      callers: (x) => [x.circB, x.managerB],
    },
    {
      name: 'list consents',
      method: 'get',
      path: (i) => `/patrons/${i.childA}/consents`,
      callers: (x) => [x.patronB, x.patronA, x.circB, x.managerB, x.adminB],
    },
    {
      name: 'record a consent',
      method: 'post',
      path: (i) => `/patrons/${i.childA}/consents`,
      body: { party: 'guardian', givenByName: 'Người lạ', relationship: 'chú' },
      callers: (x) => [x.circB, x.managerB],
    },
    {
      name: 'withdraw a consent (staff)',
      method: 'post',
      path: (i) => `/patrons/${i.childA}/consents/${i.consentA}/withdraw`,
      callers: (x) => [x.circB, x.managerB],
    },
    {
      name: 'withdraw a consent (patron)',
      method: 'post',
      path: (i) => `/me/consents/${i.consentA}/withdraw`,
      callers: (x) => [x.patronB, x.patronA],
    },
    {
      name: 'export a patron',
      method: 'get',
      path: (i) => `/patrons/${i.patronA}/export`,
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'erase a patron',
      method: 'post',
      path: (i) => `/patrons/${i.patronA}/erase`,
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'list staff',
      method: 'get',
      path: (i) => `/institutions/${i.instA}/staff`,
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'set staff roles',
      method: 'put',
      path: (i) => `/institutions/${i.instA}/staff/${i.staffA}`,
      body: { roles: ['circulation'] },
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'update an institution',
      method: 'patch',
      path: (i) => `/institutions/${i.instA}`,
      body: { name: 'Bị đổi tên' },
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'move an institution',
      method: 'post',
      path: (i) => `/institutions/${i.instA}/moves`,
      body: { unitId: MISSING, validFrom: '2026-01-01' },
      callers: (x) => [x.adminB],
    },
    {
      name: 'add a service point',
      method: 'post',
      path: (i) => `/institutions/${i.instA}/service-points`,
      body: { name: 'Tủ sách', kind: 'school_book_corner' },
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'update a service point',
      method: 'patch',
      path: (i) => `/service-points/${i.servicePointA}`,
      body: { active: false },
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'set weekly hours',
      method: 'put',
      path: (i) => `/institutions/${i.instA}/hours`,
      body: { intervals: [] },
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'add a closure',
      method: 'post',
      path: (i) => `/institutions/${i.instA}/closures`,
      body: { startsOn: '2026-10-01', endsOn: '2026-10-01', reason: 'Lạ' },
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'remove a closure',
      method: 'delete',
      path: (i) => `/institutions/${i.instA}/closures/${i.closureA}`,
      callers: (x) => [x.managerB, x.adminB],
    },
    {
      name: 'set a population',
      method: 'put',
      path: (i) => `/units/${i.communeA}/population/2025`,
      body: { population: 1 },
      callers: (x) => [x.adminB],
    },
  ];

  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const table of [
      'identity.patrons',
      'identity.consents',
      'identity.staff_roles',
      'identity.accounts',
      'identity.audit_log',
      'network.institutions',
      'network.institution_units',
      'network.service_points',
      'network.opening_hours',
      'network.closures',
      'network.unit_populations',
    ]) {
      out[table] = await ds.query(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h, count(*) AS n FROM ${table} t`,
      );
    }
    return out;
  };

  const send = (call: Call, token: string, path: string) => {
    const req = t.http()[call.method](path).set(auth(token));
    return call.body ? req.send(call.body) : req;
  };

  it('answers 404 to every caller from elsewhere, like a missing id, and changes nothing', async () => {
    const before = await snapshot();
    for (const call of calls) {
      for (const caller of call.callers(c)) {
        const res = await send(call, caller.token, call.path(ids));
        const missing = await send(
          call,
          caller.token,
          call.path(Object.fromEntries(Object.keys(ids).map((k) => [k, MISSING]))),
        );
        const label = `${call.name} by ${caller.name}`;
        expect({ label, status: res.status }).toEqual({ label, status: 404 });
        expect({ label, code: res.body.code }).toEqual({ label, code: missing.body.code });
        expect(JSON.stringify(res.body)).not.toContain('Hồ Thị Xuân');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('never leaks existence through role refusals either', async () => {
    // Callers without the role get 403 whatever the id: the same answer for a real id and a missing one.
    for (const call of calls) {
      for (const caller of [c.patronB, c.catalogueA]) {
        const res = await send(call, caller.token, call.path(ids));
        const missing = await send(
          call,
          caller.token,
          call.path(Object.fromEntries(Object.keys(ids).map((k) => [k, MISSING]))),
        );
        if (res.status === 403)
          expect({ call: call.name, status: missing.status }).toEqual({ call: call.name, status: 403 });
      }
    }
  });

  it('lets the right callers in (the matrix is not vacuous)', async () => {
    const managerA = await createStaff(t, { institutionId: ids.instA, roles: ['manager'] });
    const adminA = await createNetworkAdmin(t, ids.provinceA);
    await t.http().get(`/patrons/${ids.patronA}`).set(auth(managerA.token)).expect(200);
    await t.http().get(`/patrons/${ids.patronA}`).set(auth(adminA.token)).expect(200);
    await t.http().get(`/patrons/${ids.childA}/consents`).set(auth(c.patronA.token)).expect(404);
    await t.http().get(`/institutions/${ids.instA}/staff`).set(auth(adminA.token)).expect(200);
    await t
      .http()
      .patch(`/service-points/${ids.servicePointA}`)
      .set(auth(managerA.token))
      .send({ name: 'Điểm lưu động thôn Xa Bai' })
      .expect(200);
  });

  it('refuses to create patrons or staff at someone else’s institution', async () => {
    const before = await snapshot();
    const patron = { fullName: 'Người Lạ', birthDate: '1990-01-01', category: 'adult', homeInstitutionId: ids.instA };
    expect((await t.http().post('/patrons').set(auth(c.circB.token)).send(patron).expect(404)).body.code).toBe(
      'identity/institution_not_found',
    );
    const staff = { email: 'la@example.vn', displayName: 'Người Lạ', institutionId: ids.instA, roles: ['manager'] };
    expect((await t.http().post('/staff').set(auth(c.managerB.token)).send(staff).expect(404)).body.code).toBe(
      'identity/institution_not_found',
    );
    await t.http().post('/staff').set(auth(c.adminB.token)).send(staff).expect(404);
    expect(await snapshot()).toEqual(before);
    // The institution's own manager can invite (the roles wait for the invitee to accept: hardening/staff-invitations).
    const managerA = await createStaff(t, { institutionId: ids.instA, roles: ['manager'] });
    const invited = await t
      .http()
      .post('/staff')
      .set(auth(managerA.token))
      .send({ ...staff, email: 'thu.thu.moi@example.vn', roles: ['circulation', 'events'] })
      .expect(201);
    expect(invited.body).toMatchObject({ email: 'thu.thu.moi@example.vn', roles: ['circulation', 'events'] });
    const member = await createStaff(t, { institutionId: ids.instA, roles: ['circulation'] });
    const list = (await t.http().get(`/institutions/${ids.instA}/staff`).set(auth(managerA.token)).expect(200)).body;
    expect(list.map((m: { accountId: string }) => m.accountId)).toContain(member.accountId);
    await t
      .http()
      .put(`/institutions/${ids.instA}/staff/${member.accountId}`)
      .set(auth(managerA.token))
      .send({ roles: [] })
      .expect(200);
    expect(
      (await t.http().get(`/institutions/${ids.instA}/staff`).set(auth(managerA.token)).expect(200)).body.map(
        (m: { accountId: string }) => m.accountId,
      ),
    ).not.toContain(member.accountId);
  });

  it('keeps searches inside the caller’s institutions', async () => {
    const res = await t.http().get('/patrons').query({ q: 'ho thi xuan' }).set(auth(c.circB.token)).expect(200);
    expect(res.body.total).toBe(0);
    const asked = await t
      .http()
      .get('/patrons')
      .query({ institutionId: ids.instA })
      .set(auth(c.managerB.token))
      .expect(200);
    expect(asked.body.items).toEqual([]);
    const mine = await t
      .http()
      .get('/patrons')
      .query({ q: 'HỒ THỊ XUÂN'.normalize('NFD') })
      .set(auth((await createStaff(t, { institutionId: ids.instA })).token))
      .expect(200);
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([ids.patronA]);
  });

  it('refuses bodies that try to set roles, scopes or owners (mass assignment)', async () => {
    const circA = await createStaff(t, { institutionId: ids.instA, roles: ['circulation'] });
    const managerA = await createStaff(t, { institutionId: ids.instA, roles: ['manager'] });
    const cases: [string, string, string, object][] = [
      [circA.token, 'patch', `/patrons/${ids.patronA}`, { homeInstitutionId: ids.instB }],
      [circA.token, 'patch', `/patrons/${ids.patronA}`, { accountId: MISSING }],
      [circA.token, 'patch', `/patrons/${ids.patronA}`, { status: 'active' }],
      [circA.token, 'patch', `/patrons/${ids.patronA}`, { cardNumber: 'SD123' }],
      [
        circA.token,
        'post',
        '/patrons',
        { fullName: 'A', birthDate: '1990-01-01', category: 'adult', homeInstitutionId: ids.instA, accountId: MISSING },
      ],
      [
        circA.token,
        'post',
        '/patrons',
        { fullName: 'A', birthDate: '1990-01-01', category: 'adult', homeInstitutionId: ids.instA, roles: ['manager'] },
      ],
      [managerA.token, 'put', `/institutions/${ids.instA}/staff/${ids.staffA}`, { roles: ['system_admin'] }],
      [
        managerA.token,
        'put',
        `/institutions/${ids.instA}/staff/${ids.staffA}`,
        { roles: ['circulation'], institutionId: ids.instB },
      ],
      [
        managerA.token,
        'post',
        '/staff',
        {
          email: 'moi@example.vn',
          displayName: 'Mới',
          institutionId: ids.instA,
          roles: ['circulation'],
          systemAdmin: true,
        },
      ],
      [
        managerA.token,
        'post',
        '/staff',
        {
          email: 'moi@example.vn',
          displayName: 'Mới',
          institutionId: ids.instA,
          roles: ['circulation'],
          adminUnitIds: [ids.provinceA],
        },
      ],
      [c.patronA.token, 'post', '/me/erase', { password: 'x', accountId: MISSING }],
    ];
    const before = await snapshot();
    for (const [token, method, path, body] of cases) {
      const res = await t.http()[method as 'post'](path).set(auth(token)).send(body);
      expect({ path, body, status: res.status, code: res.body.code }).toEqual({
        path,
        body,
        status: 400,
        code: 'platform/validation_failed',
      });
    }
    expect(await snapshot()).toEqual(before);
    // Administrator scopes and system administrators are granted by system administrators only.
    const adminA = await createNetworkAdmin(t, ids.provinceA);
    await t
      .http()
      .post('/admin/network-admins')
      .set(auth(adminA.token))
      .send({ accountId: adminA.accountId, unitId: ids.instB })
      .expect(403);
    await t
      .http()
      .put(`/admin/accounts/${managerA.accountId}/system-admin`)
      .set(auth(managerA.token))
      .send({ value: true })
      .expect(403);
  });
});
