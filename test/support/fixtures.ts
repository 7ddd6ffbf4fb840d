// Test data builders shared by every e2e suite: administrative units, institutions, service points, and signed-in
// callers of each kind (patron, staff, network administrator, system administrator). They write through the real
// network and identity services (no SQL, no mocks) and mint access tokens the real guard accepts.
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@suotdoi/platform';
import {
  InstitutionsService,
  UnitsService,
  type InstitutionLevel,
  type InstitutionType,
  type ServicePointKind,
  type UnitLevel,
} from '@suotdoi/network';
import { AccountsService, AuthService, PatronsService, type PatronCategory } from '@suotdoi/identity';
import type { TestApp } from './app.js';

/** Password of every account the fixtures create (strong enough for the password rules). */
export const FIXTURE_PASSWORD = 'Mật-khẩu-thử-2025';

const uniq = () => randomBytes(4).toString('hex');
const svc = <T>(t: TestApp, type: new (...args: never[]) => T): T => t.app.get(type, { strict: false });

/** `{ Authorization: 'Bearer …' }` for supertest's `.set(...)`. */
export const auth = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export interface UnitOptions {
  name?: string;
  level?: UnitLevel;
  kind?: string | null;
  parentId?: string;
  code?: string;
  /** Default 2000-01-01. */
  validFrom?: string;
  validTo?: string | null;
}

/** An administrative unit (default: a province valid since 2000). */
export async function createUnit(t: TestApp, opts: UnitOptions = {}): Promise<{ unitId: string; code: string }> {
  const level = opts.level ?? (opts.parentId ? 'commune' : 'province');
  const u = await svc(t, UnitsService).create({
    code: opts.code ?? `T-${level.slice(0, 3).toUpperCase()}-${uniq()}`,
    name: opts.name ?? `${level === 'province' ? 'Tỉnh' : level === 'district' ? 'Huyện' : 'Xã'} Thử ${uniq()}`,
    level,
    kind: opts.kind ?? null,
    parentId: opts.parentId,
    validFrom: opts.validFrom ?? '2000-01-01',
    validTo: opts.validTo ?? null,
  });
  return { unitId: u.id, code: u.code };
}

export interface InstitutionOptions {
  /** Unit it belongs to; default: a new commune in a new province. */
  unitId?: string;
  type?: InstitutionType;
  level?: InstitutionLevel | null;
  name?: string;
  code?: string;
  parentInstitutionId?: string | null;
  /** Membership start (default 2000-01-01). */
  validFrom?: string;
}

/** An institution (default: a commune public library in a fresh province → commune). */
export async function createInstitution(
  t: TestApp,
  opts: InstitutionOptions = {},
): Promise<{ institutionId: string; unitId: string; code: string }> {
  let unitId = opts.unitId;
  if (!unitId) {
    const province = await createUnit(t);
    unitId = (await createUnit(t, { level: 'commune', parentId: province.unitId })).unitId;
  }
  const type = opts.type ?? 'public_library';
  const i = await svc(t, InstitutionsService).create({
    code: opts.code ?? `T-INS-${uniq()}`,
    name: opts.name ?? `Thư viện Thử ${uniq()}`,
    type,
    level: opts.level !== undefined ? opts.level : type === 'public_library' ? 'commune' : null,
    unitId,
    validFrom: opts.validFrom ?? '2000-01-01',
    parentInstitutionId: opts.parentInstitutionId ?? null,
  });
  return { institutionId: i.id, unitId, code: i.code };
}

/** A service point of an institution (default: a mobile-library stop). */
export async function createServicePoint(
  t: TestApp,
  opts: { institutionId: string; kind?: ServicePointKind; name?: string; code?: string },
): Promise<{ servicePointId: string; code: string }> {
  const sp = await svc(t, InstitutionsService).addServicePoint(opts.institutionId, {
    code: opts.code ?? `T-SP-${uniq()}`,
    name: opts.name ?? `Điểm lưu động thôn ${uniq()}`,
    kind: opts.kind ?? 'mobile_stop',
  });
  return { servicePointId: sp.id, code: sp.code };
}

/** An access token for an existing account (what sign-in would return). */
export function tokenFor(t: TestApp, accountId: string): Promise<string> {
  return svc(t, AuthService).issueAccessToken(accountId);
}

export interface PatronOptions {
  institutionId: string;
  category?: PatronCategory;
  /** Default 1990-05-19 (an adult). Under 16 the fixture records guardian (and from 7 child) consent. */
  birthDate?: string;
  fullName?: string;
  email?: string;
}

export interface FixturePatron {
  patronId: string;
  accountId: string;
  token: string;
  cardNumber: string;
  email: string;
  password: string;
}

// One desk librarian per institution and app issues the fixtures' cards (creating one per patron costs a hash each).
const deskLibrarians = new WeakMap<TestApp, Map<string, Promise<string>>>();
function deskLibrarian(t: TestApp, institutionId: string): Promise<string> {
  const perApp = deskLibrarians.get(t) ?? new Map<string, Promise<string>>();
  deskLibrarians.set(t, perApp);
  let id = perApp.get(institutionId);
  if (!id) {
    id = createStaff(t, { institutionId, roles: ['circulation'], email: `quay-${uniq()}@thu.example` }).then(
      (s) => s.accountId,
    );
    perApp.set(institutionId, id);
  }
  return id;
}

/** An active patron with a card at `institutionId`, an account with FIXTURE_PASSWORD, and an access token. */
export async function createPatron(t: TestApp, opts: PatronOptions): Promise<FixturePatron> {
  const email = opts.email ?? `ban-doc-${uniq()}@thu.example`;
  const birthDate = opts.birthDate ?? '1990-05-19';
  const under16 = Number(new Date().getUTCFullYear()) - Number(birthDate.slice(0, 4)) <= 16;
  const patrons = svc(t, PatronsService);
  const { patronId, accountId } = await patrons.selfRegister({
    fullName: opts.fullName ?? 'Nguyễn Thị Thu Hà',
    birthDate,
    category:
      opts.category && ['child', 'student', 'adult', 'senior'].includes(opts.category) ? opts.category : 'adult',
    homeInstitutionId: opts.institutionId,
    email,
    password: FIXTURE_PASSWORD,
    consent: under16 ? { guardianName: 'Trần Văn Bình', guardianRelationship: 'bố', childConsents: true } : undefined,
  });
  const principal = (await svc(t, AccountsService).principal(await deskLibrarian(t, opts.institutionId)))!;
  let patron = await patrons.verifyAtDesk(principal, patronId);
  if (opts.category && opts.category !== patron.category)
    patron = await patrons.update(principal, patronId, { category: opts.category });
  return {
    patronId,
    accountId,
    token: await tokenFor(t, accountId),
    cardNumber: patron.cardNumber!,
    email,
    password: FIXTURE_PASSWORD,
  };
}

/** A librarian with `roles` at one institution (or several via `institutions`). */
export async function createStaff(
  t: TestApp,
  opts:
    | { institutionId: string; roles?: StaffRole[]; email?: string }
    | { institutions: { institutionId: string; roles: StaffRole[] }[]; email?: string },
): Promise<{ accountId: string; token: string; email: string; password: string }> {
  const email = opts.email ?? `thu-thu-${uniq()}@thu.example`;
  const accounts = svc(t, AccountsService);
  const accountId = await accounts.create({
    email,
    displayName: 'Lê Thị Thủy',
    password: FIXTURE_PASSWORD,
    status: 'active',
  });
  const list =
    'institutions' in opts
      ? opts.institutions
      : [{ institutionId: opts.institutionId, roles: opts.roles ?? ['circulation'] }];
  for (const s of list) await accounts.setStaffRoles(accountId, s.institutionId, s.roles, null);
  return { accountId, token: await tokenFor(t, accountId), email, password: FIXTURE_PASSWORD };
}

/** A network administrator of one or more units (and everything under them, as of today). */
export async function createNetworkAdmin(
  t: TestApp,
  unitId: string | string[],
): Promise<{ accountId: string; token: string; email: string; password: string }> {
  const email = `quan-tri-${uniq()}@thu.example`;
  const accounts = svc(t, AccountsService);
  const accountId = await accounts.create({
    email,
    displayName: 'Phạm Văn Đức',
    password: FIXTURE_PASSWORD,
    status: 'active',
  });
  for (const u of Array.isArray(unitId) ? unitId : [unitId]) await accounts.grantAdminScope(accountId, u, null);
  return { accountId, token: await tokenFor(t, accountId), email, password: FIXTURE_PASSWORD };
}

/** A system administrator. */
export async function createSystemAdmin(
  t: TestApp,
): Promise<{ accountId: string; token: string; email: string; password: string }> {
  const email = `he-thong-${uniq()}@thu.example`;
  const accountId = await svc(t, AccountsService).create({
    email,
    displayName: 'Quản trị hệ thống',
    password: FIXTURE_PASSWORD,
    status: 'active',
    systemAdmin: true,
  });
  return { accountId, token: await tokenFor(t, accountId), email, password: FIXTURE_PASSWORD };
}

/**
 * Two separate jurisdictions, each a province → commune with one institution: handy for access-matrix tests
 * ("a caller from the other jurisdiction gets 404").
 */
export async function createTwoJurisdictions(t: TestApp): Promise<{
  a: { provinceId: string; communeId: string; institutionId: string };
  b: { provinceId: string; communeId: string; institutionId: string };
}> {
  const one = async () => {
    const province = await createUnit(t);
    const commune = await createUnit(t, { level: 'commune', parentId: province.unitId });
    const inst = await createInstitution(t, { unitId: commune.unitId });
    return { provinceId: province.unitId, communeId: commune.unitId, institutionId: inst.institutionId };
  };
  return { a: await one(), b: await one() };
}
