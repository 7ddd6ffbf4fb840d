import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DigitalResourcesService } from '@suotdoi/catalogue';
import type { Principal } from '@suotdoi/platform';
import { usagePatronKey } from '@suotdoi/usage';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { createTitle } from '../circulation/circulation-fixtures.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};
const PDF = Buffer.from('%PDF-1.4\n% Địa chí Hướng Hóa — cà phê Khe Sanh\n%%EOF\n', 'utf8');
const BROWSER = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131 Mobile Safari/537.36';

/** COUNTER-style e-resource requests: each opening of a file is a usage event; a repeat within 30 s counts once. */
describe('catalogue: e-resource requests counted for usage (COUNTER)', () => {
  let t: TestApp;
  let ds: DataSource;
  let institutionId: string;
  let patron: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    ({ institutionId } = await createInstitution(t, { name: 'Thư viện tỉnh Quảng Trị' }));
    patron = await createPatron(t, { institutionId, fullName: 'Hồ Thị Đào' });
  });
  afterAll(() => t.close());

  async function openAccessResource(): Promise<string> {
    const { recordId } = await createTitle(t, { institutionId, copies: 0, title: 'Địa chí Hướng Hóa' });
    const digital = t.app.get(DigitalResourcesService, { strict: false });
    const res = await digital.create(SYSTEM, {
      recordId,
      institutionId,
      kind: 'heritage_document',
      access: 'open',
      label: 'Bản số hóa',
    });
    await digital.upload(SYSTEM, res.id, {
      body: Readable.from(PDF),
      contentType: 'application/pdf',
      contentLength: PDF.length,
      fileName: 'dia-chi.pdf',
    });
    return res.id;
  }
  const requests = async (): Promise<{ patronKey?: string; locationId: string }[]> =>
    (
      await ds.query(
        `SELECT payload FROM platform.outbox WHERE topic = 'usage.event' AND payload->>'kind' = 'e_resource_request' AND payload->>'locationId' = $1`,
        [institutionId],
      )
    ).map((r: { payload: { patronKey?: string; locationId: string } }) => r.payload);
  // Time passing, for the double-click memory: the last counted request moves 31 s into the past.
  const age = (resourceId: string) =>
    ds.query(
      `UPDATE catalogue.e_resource_requests_recent SET counted_at = counted_at - interval '31 seconds' WHERE resource_id = $1`,
      [resourceId],
    );

  it('counts an anonymous reader once per 30 s, again after, and never a robot', async () => {
    const id = await openAccessResource();
    const before = (await requests()).length;
    await t.http().get(`/catalogue/digital-resources/${id}/file`).set('User-Agent', BROWSER).expect(200);
    await t.http().get(`/catalogue/digital-resources/${id}/file`).set('User-Agent', BROWSER).expect(200);
    expect((await requests()).length).toBe(before + 1);
    await age(id);
    await t.http().get(`/catalogue/digital-resources/${id}/file`).set('User-Agent', BROWSER).expect(200);
    expect((await requests()).length).toBe(before + 2);
    await t
      .http()
      .get(`/catalogue/digital-resources/${id}/file`)
      .set('User-Agent', 'Googlebot/2.1 (+http://www.google.com/bot.html)')
      .expect(200);
    expect((await requests()).length).toBe(before + 2);
    expect((await requests()).every((e) => e.patronKey === undefined)).toBe(true);
  });

  it('counts a patron under their pseudonymous usage key, and 20 concurrent opens as one request', async () => {
    const id = await openAccessResource();
    const before = (await requests()).length;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        t
          .http()
          .get(`/catalogue/digital-resources/${id}/file`)
          .set(auth(patron.token))
          .then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const after = await requests();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)!.patronKey).toBe(usagePatronKey(patron.patronId));
    expect(JSON.stringify(after.at(-1))).not.toContain(patron.patronId);
  });

  it('does not count a refused or missing file', async () => {
    const { recordId } = await createTitle(t, { institutionId, copies: 0 });
    const digital = t.app.get(DigitalResourcesService, { strict: false });
    const staffOnly = await digital.create(SYSTEM, {
      recordId,
      institutionId,
      kind: 'heritage_document',
      access: 'staff',
    });
    const before = (await requests()).length;
    await t.http().get(`/catalogue/digital-resources/${staffOnly.id}/file`).set(auth(patron.token)).expect(403);
    const empty = await digital.create(SYSTEM, { recordId, institutionId, kind: 'ebook', access: 'open' });
    await t.http().get(`/catalogue/digital-resources/${empty.id}/file`).expect(404);
    expect((await requests()).length).toBe(before);
  });
});
