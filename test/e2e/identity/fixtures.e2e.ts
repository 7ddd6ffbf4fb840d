import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory } from '@suotdoi/platform';
import { AccountsService } from '@suotdoi/identity';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  createInstitution,
  createNetworkAdmin,
  createPatron,
  createServicePoint,
  createStaff,
  createSystemAdmin,
  createTwoJurisdictions,
  createUnit,
} from '../../support/fixtures.js';

describe('shared fixtures and the jurisdiction directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('builds callers of every kind whose tokens give the expected principal', async () => {
    const { institutionId, unitId } = await createInstitution(t);
    const patron = await createPatron(t, { institutionId, category: 'teacher' });
    const staff = await createStaff(t, { institutionId, roles: ['cataloguing', 'events'] });
    const admin = await createNetworkAdmin(t, unitId);
    const sys = await createSystemAdmin(t);
    const accounts = t.app.get(AccountsService, { strict: false });
    expect(await accounts.principal(patron.accountId)).toMatchObject({
      patronId: patron.patronId,
      staff: [],
      systemAdmin: false,
    });
    expect(patron.cardNumber).toMatch(/^SD\d{9}$/);
    expect(await accounts.principal(staff.accountId)).toMatchObject({
      staff: [{ institutionId, roles: ['cataloguing', 'events'] }],
    });
    expect((await accounts.principal(admin.accountId))!.adminUnitIds).toEqual([unitId]);
    expect((await accounts.principal(sys.accountId))!.systemAdmin).toBe(true);
    for (const token of [patron.token, staff.token, admin.token, sys.token]) expect(token.split('.')).toHaveLength(3);
  });

  it('answers the directory questions through the port', async () => {
    const dir = t.app.get<JurisdictionDirectory>(JURISDICTION_DIRECTORY, { strict: false });
    const { a, b } = await createTwoJurisdictions(t);
    expect(new Set(await dir.unitsUnder([a.provinceId]))).toEqual(new Set([a.provinceId, a.communeId]));
    expect(await dir.institutionsUnder([a.provinceId])).toEqual([a.institutionId]);
    expect(await dir.institutionsUnder([b.communeId])).toEqual([b.institutionId]);
    expect(await dir.unitOfInstitution(a.institutionId, new Date())).toBe(a.communeId);
    const [summary] = await dir.describeInstitutions([
      a.institutionId,
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
    ]);
    expect(summary).toMatchObject({
      id: a.institutionId,
      type: 'public_library',
      level: 'commune',
      unitId: a.communeId,
    });
    const sp = await createServicePoint(t, {
      institutionId: a.institutionId,
      kind: 'post_office_culture_point',
      name: 'Điểm Bưu điện - Văn hóa xã Tân Hợp',
    });
    expect(await dir.resolveLocation(sp.servicePointId)).toEqual({
      institutionId: a.institutionId,
      servicePointId: sp.servicePointId,
    });
    expect(await dir.resolveLocation(a.institutionId)).toEqual({
      institutionId: a.institutionId,
      servicePointId: null,
    });
    expect(await dir.resolveLocation('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    const unit = await createUnit(t, { name: 'Tỉnh Quảng Trị', code: 'T-QT' });
    expect(await dir.unitByCode!('T-QT')).toMatchObject({
      id: unit.unitId,
      name: 'Tỉnh Quảng Trị',
      level: 'province',
      parentId: null,
    });
  });
});
