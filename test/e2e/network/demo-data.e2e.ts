import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory } from '@suotdoi/platform';
import { DEMO_INSTITUTIONS, DEMO_MERGES, InstitutionsService, NetworkSeeder, UnitsService } from '@suotdoi/network';
import { DEMO_PASSWORD, IdentitySeeder } from '@suotdoi/identity';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth } from '../../support/fixtures.js';

type Node = { code: string; name: string; children: Node[] };

describe('demo network and accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads idempotently and returns an account for every role', async () => {
    const first = await t.app.get(NetworkSeeder, { strict: false }).seed();
    expect(first.summary[0]).toContain('institutions');
    const accounts = (await t.app.get(IdentitySeeder, { strict: false }).seed()).accounts!;
    await t.app.get(NetworkSeeder, { strict: false }).seed();
    const again = (await t.app.get(IdentitySeeder, { strict: false }).seed()).accounts!;
    expect(again).toEqual(accounts);
    const roles = accounts.map((a) => a.role).join(' | ');
    for (const r of ['system administrator', 'network admin', 'librarian', 'patron (child', 'patron (organisation'])
      expect(roles).toContain(r);
    const { total } = await t.app.get(InstitutionsService, { strict: false }).list({}, { limit: 1, offset: 0 });
    expect(total).toBe(DEMO_INSTITUTIONS.length);
  });

  it('shows Hướng Hóa with its communes before the reform and the merged communes after', async () => {
    const units = t.app.get(UnitsService, { strict: false });
    const qt = (await units.findByCode('QT'))!;
    const byCode = async (asOf: string) => {
      const [root] = (await t.http().get('/units/tree').query({ asOf, rootId: qt.id }).expect(200)).body as Node[];
      return root;
    };
    const before = await byCode('2025-06-30');
    const hh = before.children.find((c) => c.code === 'QT-HH')!;
    expect(hh.name).toBe('Huyện Hướng Hóa');
    expect(hh.children.map((c) => c.code).sort()).toEqual([
      'QT-HH-AD',
      'QT-HH-HP',
      'QT-HH-TH',
      'QT-HH-TT',
      'QT-HH-TTKS',
      'QT-HH-TTLB',
    ]);
    const after = await byCode('2025-07-01');
    expect(after.children.map((c) => c.code).sort()).toEqual(['QT-AD', 'QT-HP', 'QT-KS', 'QT-LB']);
    expect(after.children.every((c) => c.children.length === 0)).toBe(true);
    // Every successor commune of Quảng Trị in the demo merges is one of those units.
    expect(
      Object.keys(DEMO_MERGES)
        .filter((code) => code.startsWith('QT-'))
        .sort(),
    ).toEqual(after.children.map((c) => c.code).sort());

    // The Vân Kiều – Pa Kô culture house was in Hướng Hóa, and is in xã Khe Sanh now; Đắk Hà moved to Quảng Ngãi.
    const dir = t.app.get<JurisdictionDirectory>(JURISDICTION_DIRECTORY, { strict: false });
    const inst = t.app.get(InstitutionsService, { strict: false });
    const vk = (await inst.findByCode('QT-HH-NVH-VKPK'))!;
    expect(vk.name).toBe('Nhà Văn hóa truyền thống các dân tộc Vân Kiều – Pa Kô');
    const hhId = (await units.findByCode('QT-HH'))!.id;
    expect(await dir.institutionsUnder([hhId], new Date('2024-06-01T12:00:00+07:00'))).toContain(vk.id);
    expect(await dir.institutionsUnder([(await units.findByCode('QT-KS'))!.id])).toContain(vk.id);
    const dakHa = (await inst.findByCode('KT-DH-TV'))!;
    expect(
      await dir.institutionsUnder([(await units.findByCode('KT'))!.id], new Date('2025-01-01T12:00:00+07:00')),
    ).toContain(dakHa.id);
    expect(await dir.institutionsUnder([(await units.findByCode('QNG'))!.id])).toContain(dakHa.id);
  });

  it('lets the demo accounts sign in with their roles', async () => {
    const sign = async (login: string) =>
      (await t.http().post('/auth/sign-in').send({ login, password: DEMO_PASSWORD }).expect(200)).body
        .accessToken as string;
    const admin = await sign('so.vhttdl.quangtri@suotdoi.vn');
    const me = (await t.http().get('/me').set(auth(admin)).expect(200)).body;
    expect(me.adminUnitIds).toHaveLength(1);
    const child = await sign('bandoc.nho@suotdoi.vn');
    const profile = (await t.http().get('/me/patron').set(auth(child)).expect(200)).body;
    expect(profile).toMatchObject({ category: 'child', status: 'active' });
    const org = await sign('truong.th.laobao@suotdoi.vn');
    expect((await t.http().get('/me/patron').set(auth(org)).expect(200)).body.category).toBe('organisation');
    const sys = await sign('quantri@suotdoi.vn');
    expect((await t.http().get('/admin/queues').set(auth(sys))).status).toBe(200);
  });
});
