import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory } from '@suotdoi/platform';
import { CalendarService } from '@suotdoi/network';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createStaff,
  createSystemAdmin,
  createUnit,
} from '../../support/fixtures.js';

type Node = { id: string; name: string; level: string; children: Node[] };
const names = (nodes: Node[]): unknown =>
  nodes.map((n) => (n.children.length ? { [n.name]: names(n.children) } : n.name));

describe('the administrative hierarchy across the 1 July 2025 reform', () => {
  let t: TestApp;
  let sys: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await bootTestApp();
    sys = (await createSystemAdmin(t)).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, body: object, token = sys) => t.http().post(path).set(auth(token)).send(body);

  it('records the reform without rewriting history', async () => {
    ids.qt = (
      await post('/units', {
        code: 'QT',
        name: 'Tỉnh Quảng Trị',
        level: 'province',
        kind: 'tinh',
        validFrom: '1989-07-01',
      }).expect(201)
    ).body.id;
    ids.hh = (
      await post('/units', {
        code: 'QT-HH',
        name: 'Huyện Hướng Hóa',
        level: 'district',
        kind: 'huyen',
        validFrom: '1989-07-01',
        validTo: '2025-06-30',
        parentId: ids.qt,
      }).expect(201)
    ).body.id;
    ids.ks = (
      await post('/units', {
        code: 'QT-HH-KS',
        name: 'Thị trấn Khe Sanh',
        level: 'commune',
        kind: 'thi_tran',
        validFrom: '1989-07-01',
        validTo: '2025-06-30',
        parentId: ids.hh,
      }).expect(201)
    ).body.id;
    ids.th = (
      await post('/units', {
        code: 'QT-HH-TH',
        name: 'Xã Tân Hợp',
        level: 'commune',
        kind: 'xa',
        validFrom: '1989-07-01',
        parentId: ids.hh,
      }).expect(201)
    ).body.id;
    // Tân Hợp was created open-ended; it ends with the reform (its link to the district ends with it).
    const ended = await post(`/units/${ids.th}/end`, { validTo: '2025-06-30' }).expect(200);
    expect(ended.body).toMatchObject({ validTo: '2025-06-30' });
    ids.newKs = (
      await post('/units', {
        code: 'QT-KS',
        name: 'Xã Khe Sanh',
        level: 'commune',
        kind: 'xa',
        validFrom: '2025-07-01',
        parentId: ids.qt,
      }).expect(201)
    ).body.id;

    const before = (await t.http().get('/units/tree').query({ asOf: '2025-06-30', rootId: ids.qt }).expect(200)).body;
    expect(names(before)).toEqual([{ 'Tỉnh Quảng Trị': [{ 'Huyện Hướng Hóa': ['Thị trấn Khe Sanh', 'Xã Tân Hợp'] }] }]);
    const after = (await t.http().get('/units/tree').query({ asOf: '2025-07-01', rootId: ids.qt }).expect(200)).body;
    expect(names(after)).toEqual([{ 'Tỉnh Quảng Trị': ['Xã Khe Sanh'] }]);

    // Flat lists by level, and history kept on the unit itself.
    expect(
      (
        await t.http().get('/units').query({ asOf: '2024-01-01', level: 'district', rootId: ids.qt }).expect(200)
      ).body.items.map((u: { name: string }) => u.name),
    ).toEqual(['Huyện Hướng Hóa']);
    expect(
      (await t.http().get('/units').query({ asOf: '2026-01-01', level: 'district', rootId: ids.qt }).expect(200)).body,
    ).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
    // A page at a time: limit and offset, with the total matched.
    const communes = (
      await t.http().get('/units').query({ asOf: '2020-01-01', rootId: ids.qt, limit: 1, offset: 1 }).expect(200)
    ).body;
    const all = (await t.http().get('/units').query({ asOf: '2020-01-01', rootId: ids.qt, limit: 200 }).expect(200))
      .body;
    expect(communes).toEqual({ items: [all.items[1]], total: all.items.length, limit: 1, offset: 1 });
    expect(all.total).toBe(all.items.length);
    await t.http().get('/units').query({ limit: 201 }).expect(400);
    const hh = (await t.http().get(`/units/${ids.hh}`).query({ asOf: '2020-01-01' }).expect(200)).body;
    expect(hh).toMatchObject({
      name: 'Huyện Hướng Hóa',
      validTo: '2025-06-30',
      parentId: ids.qt,
      links: [{ parentId: ids.qt, validFrom: '1989-07-01', validTo: '2025-06-30' }],
    });
    // Accent-insensitive search, with NFD input.
    const found = (
      await t
        .http()
        .get('/units')
        .query({ asOf: '2020-01-01', q: 'huong hoa'.normalize('NFD') })
        .expect(200)
    ).body;
    expect(found.items.map((u: { id: string }) => u.id)).toEqual([ids.hh]);
    const foundNfd = (
      await t
        .http()
        .get('/units')
        .query({ asOf: '2020-01-01', q: 'Hướng Hóa'.normalize('NFD') })
        .expect(200)
    ).body;
    expect(foundNfd.items.map((u: { id: string }) => u.id)).toEqual([ids.hh]);
  });

  it('stamps institutions with the unit they belonged to at each date', async () => {
    const lib = await post('/institutions', {
      code: 'QT-TV-TH',
      name: 'Thư viện xã Tân Hợp',
      type: 'public_library',
      level: 'commune',
      unitId: ids.th,
      validFrom: '2010-01-01',
    }).expect(201);
    ids.lib = lib.body.id;
    const moves = await post(`/institutions/${ids.lib}/moves`, { unitId: ids.newKs, validFrom: '2025-07-01' }).expect(
      201,
    );
    expect(moves.body).toEqual([
      { unitId: ids.th, validFrom: '2010-01-01', validTo: '2025-06-30' },
      { unitId: ids.newKs, validFrom: '2025-07-01', validTo: null },
    ]);
    const dir = t.app.get<JurisdictionDirectory>(JURISDICTION_DIRECTORY, { strict: false });
    expect(await dir.unitOfInstitution(ids.lib, new Date('2025-06-30T23:30:00+07:00'))).toBe(ids.th);
    expect(await dir.unitOfInstitution(ids.lib, new Date('2025-07-01T00:10:00+07:00'))).toBe(ids.newKs);
    expect(await dir.institutionsUnder([ids.hh], new Date('2025-06-15T12:00:00+07:00'))).toEqual([ids.lib]);
    expect(await dir.institutionsUnder([ids.hh], new Date('2025-07-15T12:00:00+07:00'))).toEqual([]);
    expect(await dir.institutionsUnder([ids.qt], new Date('2025-07-15T12:00:00+07:00'))).toEqual([ids.lib]);
    expect((await t.http().get(`/institutions/${ids.lib}`).query({ asOf: '2025-06-30' }).expect(200)).body.unitId).toBe(
      ids.th,
    );
    expect(
      (await t.http().get('/institutions').query({ unitId: ids.hh, asOf: '2024-05-01' }).expect(200)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([ids.lib]);
    expect(
      (await t.http().get('/institutions').query({ unitId: ids.hh, asOf: '2025-07-02' }).expect(200)).body.total,
    ).toBe(0);
    const [described] = await dir.describeUnits!([ids.hh], new Date('2024-01-01'));
    expect(described).toMatchObject({ code: 'QT-HH', level: 'district', kind: 'huyen', parentId: ids.qt });
  });

  it('ends the memberships of institutions in a unit that ends', async () => {
    const commune = (
      await post('/units', {
        name: 'Xã Hướng Tân',
        level: 'commune',
        validFrom: '2000-01-01',
        parentId: ids.qt,
      }).expect(201)
    ).body.id;
    const lib = (
      await post('/institutions', {
        name: 'Thư viện xã Hướng Tân',
        type: 'public_library',
        level: 'commune',
        unitId: commune,
        validFrom: '2005-01-01',
      }).expect(201)
    ).body.id;
    await post(`/units/${commune}/end`, { validTo: '2025-06-30' }).expect(200);
    const detail = (await t.http().get(`/institutions/${lib}`).query({ asOf: '2025-07-01' }).expect(200)).body;
    expect(detail.unitId).toBeNull();
    expect(detail.memberships).toEqual([{ unitId: commune, validFrom: '2005-01-01', validTo: '2025-06-30' }]);
    await post(`/institutions/${lib}/moves`, { unitId: ids.newKs, validFrom: '2025-07-01' }).expect(201);
    expect((await t.http().get(`/institutions/${lib}`).expect(200)).body.unitId).toBe(ids.newKs);
  });

  it('refuses links that break the hierarchy', async () => {
    // A commune that already has a parent in that period.
    expect(
      (await post(`/units/${ids.newKs}/parents`, { parentId: ids.qt, validFrom: '2025-08-01' }).expect(409)).body.code,
    ).toBe('network/parent_overlap');
    // A province under a commune.
    expect(
      (await post(`/units/${ids.qt}/parents`, { parentId: ids.newKs, validFrom: '2025-08-01' }).expect(422)).body,
    ).toMatchObject({
      code: 'network/parent_level_invalid',
      messageVi: expect.stringMatching(
        /^Đơn vị cấp (tỉnh|huyện|xã) không thể trực thuộc đơn vị cấp (tỉnh|huyện|xã)\.$/,
      ),
    });
    // A parent that did not exist then.
    const c = await post('/units', { name: 'Xã Mới', level: 'commune', validFrom: '2020-01-01' }).expect(201);
    expect(
      (await post(`/units/${c.body.id}/parents`, { parentId: ids.hh, validFrom: '2024-01-01' }).expect(422)).body.code,
    ).toBe('network/period_outside_unit');
    await post(`/units/${c.body.id}/parents`, {
      parentId: ids.hh,
      validFrom: '2024-01-01',
      validTo: '2025-06-30',
    }).expect(201);
    expect(
      (await post('/units', { code: 'QT', name: 'Trùng mã', level: 'province', validFrom: '2020-01-01' }).expect(409))
        .body.code,
    ).toBe('network/code_taken');
    expect(
      (
        await post('/units', {
          name: 'Ngược',
          level: 'province',
          validFrom: '2020-01-01',
          validTo: '2019-01-01',
        }).expect(422)
      ).body.code,
    ).toBe('network/invalid_range');
  });

  it('lets network administrators work only inside their jurisdiction', async () => {
    const kt = (
      await post('/units', {
        code: 'KT',
        name: 'Tỉnh Kon Tum',
        level: 'province',
        validFrom: '1991-08-12',
        validTo: '2025-06-30',
      }).expect(201)
    ).body.id;
    const dh = (
      await post('/units', {
        code: 'KT-DH',
        name: 'Huyện Đắk Hà',
        level: 'district',
        validFrom: '1994-01-01',
        validTo: '2025-06-30',
        parentId: kt,
      }).expect(201)
    ).body.id;
    expect(dh).toBeDefined();
    const qtAdmin = await createNetworkAdmin(t, ids.qt);
    const otherProvince = await createUnit(t, { name: 'Tỉnh Quảng Ngãi' });
    const otherAdmin = await createNetworkAdmin(t, otherProvince.unitId);
    const body = { name: 'Thư viện trường Tiểu học Khe Sanh', type: 'school_library', unitId: ids.newKs };
    const mine = await post('/institutions', body, qtAdmin.token).expect(201);
    const foreign = await post('/institutions', body, otherAdmin.token).expect(404);
    expect(foreign.body.code).toBe('network/unit_not_found');
    await t
      .http()
      .patch(`/institutions/${mine.body.id}`)
      .set(auth(otherAdmin.token))
      .send({ name: 'Đổi tên' })
      .expect(404);
    await t
      .http()
      .patch(`/institutions/${mine.body.id}`)
      .set(auth(qtAdmin.token))
      .send({ name: 'Thư viện Trường Tiểu học số 1 Khe Sanh' })
      .expect(200);
    await t
      .http()
      .put(`/units/${ids.newKs}/population/2025`)
      .set(auth(otherAdmin.token))
      .send({ population: 30000 })
      .expect(404);
    const pop = await t
      .http()
      .put(`/units/${ids.newKs}/population/2025`)
      .set(auth(qtAdmin.token))
      .send({ population: 30_512, source: 'Cục Thống kê Quảng Trị' })
      .expect(200);
    expect(pop.body).toEqual([{ unitId: ids.newKs, year: 2025, population: 30_512, source: 'Cục Thống kê Quảng Trị' }]);
    const dir = t.app.get<JurisdictionDirectory>(JURISDICTION_DIRECTORY, { strict: false });
    expect(await dir.populationOf!([ids.newKs, ids.qt], 2025)).toEqual({ [ids.newKs]: 30_512 });
    // Units, holidays and moves are the system administrator's.
    await post('/units', { name: 'Xã Lậu', level: 'commune', validFrom: '2025-07-01' }, qtAdmin.token).expect(403);
    // Mass assignment: ids, timestamps and memberships cannot be set by body.
    for (const extra of [
      { id: '00000000-0000-4000-8000-000000000000' },
      { createdAt: '2020-01-01' },
      { memberships: [] },
    ]) {
      expect((await post('/institutions', { ...body, ...extra }, qtAdmin.token).expect(400)).body.code).toBe(
        'platform/validation_failed',
      );
    }
    await t.http().patch(`/institutions/${mine.body.id}`).set(auth(qtAdmin.token)).send({ type: 'museum' }).expect(400);
    await t
      .http()
      .patch(`/institutions/${mine.body.id}`)
      .set(auth(qtAdmin.token))
      .send({ unitId: otherProvince.unitId })
      .expect(400);
  });

  it('keeps opening calendars with weekly hours, closures and Tết', async () => {
    const manager = await createStaff(t, { institutionId: ids.lib, roles: ['manager'] });
    const stranger = await createStaff(t, {
      institutionId: (await createInstitution(t)).institutionId,
      roles: ['manager'],
    });
    const week = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, opens: '07:30', closes: '11:30' },
      { weekday, opens: '13:30', closes: '17:00' },
    ]);
    await t
      .http()
      .put(`/institutions/${ids.lib}/hours`)
      .set(auth(stranger.token))
      .send({ intervals: week })
      .expect(404);
    await t
      .http()
      .put(`/institutions/${ids.lib}/hours`)
      .set(auth(manager.token))
      .send({ intervals: [...week, { weekday: 6, opens: '08:00', closes: '11:00' }] })
      .expect(200);
    const overlap = await t
      .http()
      .put(`/institutions/${ids.lib}/hours`)
      .set(auth(manager.token))
      .send({
        intervals: [
          { weekday: 1, opens: '07:00', closes: '12:00' },
          { weekday: 1, opens: '11:00', closes: '13:00' },
        ],
      })
      .expect(422);
    expect(overlap.body.code).toBe('network/hours_overlap');
    await post('/holidays', { startsOn: '2026-02-14', endsOn: '2026-02-22', reason: 'Tết Nguyên đán Bính Ngọ' }).expect(
      201,
    );
    await post(
      '/holidays',
      { startsOn: '2026-02-14', endsOn: '2026-02-22', reason: 'Tết Nguyên đán Bính Ngọ' },
      manager.token,
    ).expect(403);
    const closure = await t
      .http()
      .post(`/institutions/${ids.lib}/closures`)
      .set(auth(manager.token))
      .send({ startsOn: '2026-02-24', endsOn: '2026-02-24', reason: 'Kiểm kê kho sách' })
      .expect(201);
    const days = (
      await t
        .http()
        .get(`/institutions/${ids.lib}/calendar`)
        .query({ from: '2026-02-13', to: '2026-02-25' })
        .expect(200)
    ).body;
    const open = Object.fromEntries(days.map((d: { date: string; open: boolean }) => [d.date, d.open]));
    expect(open).toEqual({
      '2026-02-13': true,
      '2026-02-14': false,
      '2026-02-15': false,
      '2026-02-16': false,
      '2026-02-17': false,
      '2026-02-18': false,
      '2026-02-19': false,
      '2026-02-20': false,
      '2026-02-21': false,
      '2026-02-22': false,
      '2026-02-23': true,
      '2026-02-24': false,
      '2026-02-25': true,
    });
    expect(days.find((d: { date: string }) => d.date === '2026-02-17').closedFor).toBe('Tết Nguyên đán Bính Ngọ');
    expect(days.find((d: { date: string }) => d.date === '2026-02-13').intervals).toEqual([
      { opens: '07:30', closes: '11:30' },
      { opens: '13:30', closes: '17:00' },
    ]);
    const calendar = t.app.get(CalendarService, { strict: false });
    expect(await calendar.nextOpenDay(ids.lib, '2026-02-15')).toBe('2026-02-23');
    expect(await calendar.nextOpenDay(ids.lib, '2026-02-24')).toBe('2026-02-25');
    expect(await calendar.nextOpenDay(ids.lib, '2026-03-01')).toBe('2026-03-02'); // Sunday → Monday
    // A closure of one institution is removed only through that institution.
    const other = await createInstitution(t);
    const otherManager = await createStaff(t, { institutionId: other.institutionId, roles: ['manager'] });
    await t
      .http()
      .delete(`/institutions/${other.institutionId}/closures/${closure.body.id}`)
      .set(auth(otherManager.token))
      .expect(404);
    await t.http().delete(`/institutions/${ids.lib}/closures/${closure.body.id}`).set(auth(manager.token)).expect(204);
    expect((await t.http().get('/holidays').query({ year: 2026 }).expect(200)).body).toHaveLength(1);
  });

  it('manages service points of the institution', async () => {
    const manager = await createStaff(t, { institutionId: ids.lib, roles: ['manager'] });
    const circ = await createStaff(t, { institutionId: ids.lib, roles: ['circulation'] });
    const body = { name: 'Điểm Bưu điện - Văn hóa xã Tân Hợp', kind: 'post_office_culture_point' };
    await t.http().post(`/institutions/${ids.lib}/service-points`).set(auth(circ.token)).send(body).expect(403);
    const sp = await t
      .http()
      .post(`/institutions/${ids.lib}/service-points`)
      .set(auth(manager.token))
      .send(body)
      .expect(201);
    expect(sp.body).toMatchObject({ institutionId: ids.lib, kind: 'post_office_culture_point', active: true });
    await t.http().patch(`/service-points/${sp.body.id}`).set(auth(manager.token)).send({ active: false }).expect(200);
    await t
      .http()
      .patch(`/service-points/${sp.body.id}`)
      .set(auth(manager.token))
      .send({ institutionId: ids.lib })
      .expect(400);
    expect((await t.http().get(`/institutions/${ids.lib}/service-points`).expect(200)).body).toHaveLength(1);
  });
});
