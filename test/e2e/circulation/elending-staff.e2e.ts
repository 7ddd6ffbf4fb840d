// The librarians' view of e-lending: who has which e-book on which licence, and who waits for it. Staff of the
// licence's institution only; everyone else gets 404.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DigitalResourcesService } from '@suotdoi/catalogue';
import type { Principal } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, createStaff, createSystemAdmin, type FixturePatron } from '../../support/fixtures.js';
import { createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};
const PDF = Buffer.from('%PDF-1.4\n% Sách điện tử: Địa chí Quảng Trị\n%%EOF\n', 'utf8');

describe('circulation: staff view of e-loans and e-holds', () => {
  let t: TestApp;
  let a: Desk;
  let b: Desk;
  let managerA: { token: string };
  let managerB: { token: string };
  let cataloguerA: { token: string };
  let readers: FixturePatron[];
  let resourceA: string;
  let resourceB: string;
  let loans: { id: string; patron: FixturePatron }[];

  async function ebook(desk: Desk, title: string): Promise<string> {
    const { recordId } = await createTitle(t, { institutionId: desk.institutionId, copies: 0, title });
    const digital = t.app.get(DigitalResourcesService, { strict: false });
    const res = await digital.create(SYSTEM, {
      recordId,
      institutionId: desk.institutionId,
      kind: 'ebook',
      access: 'loan',
      label: 'Bản PDF',
    });
    await digital.upload(SYSTEM, res.id, {
      body: Readable.from(PDF),
      contentType: 'application/pdf',
      contentLength: PDF.length,
      fileName: 'dia-chi.pdf',
    });
    return res.id;
  }
  const borrow = (p: FixturePatron, resourceId: string) =>
    t.http().post('/me/e-loans').set(auth(p.token)).send({ resourceId });
  const eLoans = (token: string, query: Record<string, string>) =>
    t.http().get('/circulation/e-loans').query(query).set(auth(token));
  const eHolds = (token: string, query: Record<string, string>) =>
    t.http().get('/circulation/e-holds').query(query).set(auth(token));

  beforeAll(async () => {
    t = await bootTestApp();
    a = await createDesk(t, { name: 'Thư viện tỉnh Quảng Trị' });
    b = await createDesk(t, { name: 'Thư viện tỉnh Kon Tum' });
    [managerA, managerB, cataloguerA] = await Promise.all([
      createStaff(t, { institutionId: a.institutionId, roles: ['manager'] }),
      createStaff(t, { institutionId: b.institutionId, roles: ['manager'] }),
      createStaff(t, { institutionId: a.institutionId, roles: ['cataloguing'] }),
    ]);
    readers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createPatron(t, { institutionId: a.institutionId, fullName: `Bạn đọc số ${i} Đoàn Thị Điểm` }),
      ),
    );
    resourceA = await ebook(a, 'Địa chí Quảng Trị');
    resourceB = await ebook(b, 'Sử thi Tây Nguyên — Đăm Săn');
    await t
      .http()
      .post('/circulation/licences')
      .set(auth(managerA.token))
      .send({ resourceId: resourceA, model: 'one_copy_one_user' })
      .expect(201);
    await t
      .http()
      .post('/circulation/licences')
      .set(auth(managerB.token))
      .send({ resourceId: resourceB, model: 'simultaneous' })
      .expect(201);
    const first = await borrow(readers[0], resourceA).expect(201);
    const onB = await borrow(readers[1], resourceB).expect(201);
    loans = [
      { id: first.body.id, patron: readers[0] },
      { id: onB.body.id, patron: readers[1] },
    ];
    // Two readers wait for A's one seat.
    for (const p of [readers[2], readers[3]])
      await t.http().post('/me/e-holds').set(auth(p.token)).send({ resourceId: resourceA }).expect(201);
  });
  afterAll(() => t.close());

  it("shows a resource's licences only to staff of the institutions holding them; others get 404", async () => {
    const mine = await t
      .http()
      .get('/circulation/licences')
      .query({ resourceId: resourceA })
      .set(auth(cataloguerA.token))
      .expect(200);
    expect(mine.body.items.map((l: { institutionId: string }) => l.institutionId)).toEqual([a.institutionId]);
    expect(mine.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(
      (
        await t
          .http()
          .get('/circulation/licences')
          .query({ resourceId: resourceA })
          .set(auth(managerB.token))
          .expect(404)
      ).body.code,
    ).toBe('circulation/resource_not_found');
    await t.http().get('/circulation/licences').query({ resourceId: resourceB }).set(auth(managerA.token)).expect(404);
    await t
      .http()
      .get('/circulation/licences')
      .query({ resourceId: resourceA })
      .set(auth(readers[0].token))
      .expect(403);
  });

  it("lists a resource's e-loans and an institution's, with borrower and licence, to staff of the licence's institution", async () => {
    const byResource = await eLoans(a.staff.token, { resourceId: resourceA }).expect(200);
    expect(byResource.body).toMatchObject({
      total: 1,
      limit: 20,
      offset: 0,
      items: [
        {
          id: loans[0].id,
          resourceId: resourceA,
          patronId: readers[0].patronId,
          institutionId: a.institutionId,
          model: 'one_copy_one_user',
          returnedAt: null,
        },
      ],
    });
    expect(byResource.body.items[0].accountId).toBeUndefined();
    // Any role at the institution (a cataloguer too); only A's licences, never B's.
    const byInstitution = await eLoans(cataloguerA.token, { institutionId: a.institutionId }).expect(200);
    expect(byInstitution.body.items.map((l: { id: string }) => l.id)).toEqual([loans[0].id]);
    expect(
      (await eLoans(b.staff.token, { institutionId: b.institutionId }).expect(200)).body.items.map(
        (l: { id: string }) => l.id,
      ),
    ).toEqual([loans[1].id]);
  });

  it('lists the e-hold queue in order with places; an offer shows its licence and deadline; returned e-loans are listed on request', async () => {
    const queue = await eHolds(a.staff.token, { resourceId: resourceA }).expect(200);
    expect(
      queue.body.items.map((h: { patronId: string; position: number; status: string }) => [
        h.patronId,
        h.status,
        h.position,
      ]),
    ).toEqual([
      [readers[2].patronId, 'waiting', 1],
      [readers[3].patronId, 'waiting', 2],
    ]);
    await t.http().post(`/me/e-loans/${loans[0].id}/return`).set(auth(readers[0].token)).expect(200);
    const after = await eHolds(a.staff.token, { institutionId: a.institutionId }).expect(200);
    expect(after.body.items).toEqual([
      expect.objectContaining({
        patronId: readers[2].patronId,
        status: 'offered',
        position: null,
        licenceId: expect.any(String),
        claimUntil: expect.any(String),
        offeredAt: expect.any(String),
      }),
      expect.objectContaining({ patronId: readers[3].patronId, status: 'waiting', position: 1 }),
    ]);
    expect(
      (await eHolds(a.staff.token, { resourceId: resourceA, status: 'waiting' }).expect(200)).body.items.map(
        (h: { patronId: string }) => h.patronId,
      ),
    ).toEqual([readers[3].patronId]);
    expect((await eLoans(a.staff.token, { resourceId: resourceA }).expect(200)).body.total).toBe(0);
    const closed = await eLoans(a.staff.token, { resourceId: resourceA, status: 'closed' }).expect(200);
    expect(closed.body.items).toEqual([
      expect.objectContaining({ id: loans[0].id, endReason: 'returned', returnedAt: expect.any(String) }),
    ]);
  });

  it('access: staff of another institution get 404, patrons 403; a scope is required', async () => {
    expect((await eLoans(b.staff.token, { resourceId: resourceA }).expect(404)).body.code).toBe(
      'circulation/resource_not_found',
    );
    expect((await eHolds(managerB.token, { resourceId: resourceA }).expect(404)).body.code).toBe(
      'circulation/resource_not_found',
    );
    expect((await eLoans(b.staff.token, { institutionId: a.institutionId }).expect(404)).body.code).toBe(
      'circulation/institution_not_found',
    );
    expect((await eHolds(b.staff.token, { institutionId: a.institutionId }).expect(404)).body.code).toBe(
      'circulation/institution_not_found',
    );
    // Naming one's own institution does not open another's resource.
    expect(
      (await eLoans(a.staff.token, { institutionId: a.institutionId, resourceId: resourceB }).expect(404)).body.code,
    ).toBe('circulation/resource_not_found');
    expect(
      (await eLoans(a.staff.token, { resourceId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.code,
    ).toBe('circulation/resource_not_found');
    await eLoans(readers[0].token, { resourceId: resourceA }).expect(403);
    await eHolds(readers[2].token, { resourceId: resourceA }).expect(403);
    expect((await eLoans(a.staff.token, {}).expect(400)).body.code).toBe('circulation/e_lending_filter_required');
    await eHolds(a.staff.token, { resourceId: resourceA, status: 'đang chờ' }).expect(400);
    // A system administrator sees every institution's.
    const admin = await createSystemAdmin(t);
    expect((await eLoans(admin.token, { resourceId: resourceB }).expect(200)).body.total).toBe(1);
  });
});
