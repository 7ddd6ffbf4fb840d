// Builders for the circulation suites: records and copies through the real catalogue services, a circulation desk
// (institution + librarian), and shortcuts for checkout/check-in over HTTP.
import { randomBytes } from 'node:crypto';
import { CopiesService, RecordsService, type ItemType, type RecordInput } from '@suotdoi/catalogue';
import type { Principal } from '@suotdoi/platform';
import type { TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff } from '../../support/fixtures.js';

const uniq = () => randomBytes(4).toString('hex');
const svc = <T>(t: TestApp, type: new (...args: never[]) => T): T => t.app.get(type, { strict: false });
const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};

export interface Desk {
  institutionId: string;
  unitId: string;
  staff: { accountId: string; token: string };
}

/** An institution with a librarian holding the circulation role there. */
export async function createDesk(t: TestApp, opts: { unitId?: string; name?: string } = {}): Promise<Desk> {
  const inst = await createInstitution(t, { unitId: opts.unitId, name: opts.name });
  const staff = await createStaff(t, { institutionId: inst.institutionId, roles: ['circulation'] });
  return { institutionId: inst.institutionId, unitId: inst.unitId, staff };
}

/** A bibliographic record owned by `institutionId` with `copies` copies there (barcodes returned in order). */
export async function createTitle(
  t: TestApp,
  opts: {
    institutionId: string;
    copies?: number;
    itemType?: ItemType;
    title?: string;
    homeInstitutionId?: string;
    callNumber?: string;
    priceVnd?: number;
  },
): Promise<{ recordId: string; copies: { id: string; barcode: string }[] }> {
  const input: RecordInput = {
    controlNumber: null,
    title: opts.title ?? `Truyện Kiều — bản thử ${uniq()}`,
    subtitle: null,
    responsibility: 'Nguyễn Du',
    authors: [{ name: 'Nguyễn Du', role: 'author' }],
    publisher: 'Nhà xuất bản Văn học',
    place: 'Hà Nội',
    year: 2019,
    edition: null,
    isbns: [],
    language: 'vie',
    subjects: ['Văn học Việt Nam'],
    ddc: '895.9221',
    series: null,
    summary: null,
    audience: 'adult',
    accessibleFormats: [],
    localContent: false,
  };
  const record = await svc(t, RecordsService).create(SYSTEM, opts.institutionId, input);
  const copies: { id: string; barcode: string }[] = [];
  for (let i = 0; i < (opts.copies ?? 1); i++) {
    const barcode = `DKCB-${uniq()}-${i}`;
    const c = await svc(t, CopiesService).create(SYSTEM, {
      recordId: record.id,
      barcode,
      homeInstitutionId: opts.homeInstitutionId ?? opts.institutionId,
      locationId: opts.institutionId,
      itemType: opts.itemType ?? 'book',
      callNumber: opts.callNumber,
      priceVnd: opts.priceVnd,
    });
    copies.push({ id: c.id, barcode: c.barcode });
  }
  return { recordId: record.id, copies };
}

export async function copyStatus(
  t: TestApp,
  copyId: string,
): Promise<{ status: string; locationInstitutionId: string }> {
  const c = await svc(t, CopiesService).get(copyId);
  return { status: c.status, locationInstitutionId: c.locationInstitutionId };
}

export const checkout = (
  t: TestApp,
  desk: Desk,
  cardNumber: string,
  barcode: string,
  extra: Record<string, unknown> = {},
) =>
  t
    .http()
    .post('/circulation/checkouts')
    .set(auth(desk.staff.token))
    .send({ cardNumber, barcode, ...extra });

export const checkin = (t: TestApp, desk: Desk, barcode: string) =>
  t
    .http()
    .post('/circulation/checkins')
    .set(auth(desk.staff.token))
    .send({ barcode, institutionId: desk.institutionId });
