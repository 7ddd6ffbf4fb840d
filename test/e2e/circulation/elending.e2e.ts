import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DigitalResourcesService } from '@suotdoi/catalogue';
import { ELendingService, NoticeScanService } from '@suotdoi/circulation';
import type { Principal } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
import { auth, createPatron, createStaff, type FixturePatron } from '../../support/fixtures.js';
import { createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};
const PDF = Buffer.from('%PDF-1.4\n% Sách điện tử thử: Lịch sử Đắk Lắk\n%%EOF\n', 'utf8');

describe('circulation: e-lending under licences', () => {
  let t: TestApp;
  let desk: Desk;
  let manager: { token: string };
  let readers: FixturePatron[];

  beforeAll(async () => {
    t = await bootTestApp();
    desk = await createDesk(t);
    manager = await createStaff(t, { institutionId: desk.institutionId, roles: ['manager'] });
    readers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createPatron(t, { institutionId: desk.institutionId, fullName: `Bạn đọc số Đặng ${i}` }),
      ),
    );
  });
  afterAll(() => t.close());

  async function ebook(title?: string): Promise<string> {
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
      fileName: 'lich-su.pdf',
    });
    return res.id;
  }

  const licence = (resourceId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post('/circulation/licences')
      .set(auth(manager.token))
      .send({ resourceId, ...body });
  const borrow = (p: FixturePatron, resourceId: string) =>
    t.http().post('/me/e-loans').set(auth(p.token)).send({ resourceId });

  it('concurrent e-loans on a one-copy-one-user licence: exactly one e-loan, the others a clear 409', async () => {
    const resourceId = await ebook();
    await licence(resourceId, { model: 'one_copy_one_user' }).expect(201);
    const results = await Promise.all(readers.map((p) => borrow(p, resourceId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(readers.length - 1);
    expect(refused.every((r) => r.body.code === 'circulation/no_licence_available')).toBe(true);
    const [row]: { in_use: number }[] = await t.app
      .get(DataSource)
      .query(`SELECT in_use FROM circulation.licences WHERE resource_id = $1`, [resourceId]);
    expect(row.in_use).toBe(1);
  });

  it('licence counters can never go negative or past their seats (CHECK constraints)', async () => {
    const resourceId = await ebook();
    const lic = await licence(resourceId, { model: 'metered', checkoutsLeft: 1 }).expect(201);
    const ds = t.app.get(DataSource);
    await expect(
      ds.query(`UPDATE circulation.licences SET in_use = -1 WHERE id = $1`, [lic.body.id]),
    ).rejects.toMatchObject({ driverError: { constraint: 'licences_in_use_chk' } });
    await expect(
      ds.query(`UPDATE circulation.licences SET in_use = 2 WHERE id = $1`, [lic.body.id]),
    ).rejects.toMatchObject({ driverError: { constraint: 'licences_seats_chk' } });
    await expect(
      ds.query(`UPDATE circulation.licences SET checkouts_left = -1 WHERE id = $1`, [lic.body.id]),
    ).rejects.toMatchObject({ driverError: { constraint: 'licences_checkouts_left_chk' } });
    // Metered by count: one checkout, then none left even after it is returned: no licence lends it any more.
    const loan = await borrow(readers[0], resourceId).expect(201);
    await t.http().post(`/me/e-loans/${loan.body.id}/return`).set(auth(readers[0].token)).expect(200);
    expect((await borrow(readers[1], resourceId).expect(409)).body.code).toBe('circulation/no_licence');
  });

  it('simultaneous-use and open-access licences lend to everyone at once', async () => {
    const resourceId = await ebook();
    await licence(resourceId, { model: 'simultaneous', seats: 1 }).expect(201);
    const results = await Promise.all(readers.slice(0, 5).map((p) => borrow(p, resourceId)));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(201));
  });

  it('a returned e-book is offered to the oldest e-hold with a claim window; others cannot jump the queue', async () => {
    const resourceId = await ebook();
    await licence(resourceId, { model: 'one_copy_one_user' }).expect(201);
    const [a, b, c] = readers;
    const loan = await borrow(a, resourceId).expect(201);
    const hb = await t.http().post('/me/e-holds').set(auth(b.token)).send({ resourceId }).expect(201);
    expect(hb.body).toMatchObject({ status: 'waiting', position: 1 });
    await t.http().post('/me/e-holds').set(auth(b.token)).send({ resourceId }).expect(409);
    await t.http().post(`/me/e-loans/${loan.body.id}/return`).set(auth(a.token)).expect(200);
    const offered = await t.http().get(`/me/e-holds/${hb.body.id}`).set(auth(b.token)).expect(200);
    expect(offered.body.status).toBe('offered');
    expect(Date.parse(offered.body.claimUntil) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect((await borrow(c, resourceId).expect(409)).body.code).toBe('circulation/no_licence_available');
    await borrow(b, resourceId).expect(201);
    expect((await t.http().get(`/me/e-holds/${hb.body.id}`).set(auth(b.token)).expect(200)).body.status).toBe(
      'fulfilled',
    );
  });

  it('e-loans expire on their own (worker) and an unclaimed offer passes to the next e-hold', async () => {
    const resourceId = await ebook();
    await licence(resourceId, { model: 'one_copy_one_user' }).expect(201);
    const [a, b, c] = readers.slice(3);
    // Borrowed 15 days ago (the clock set back): the 14-day e-loan ended yesterday.
    const loan = await t.clock.at(daysAgo(15), () => borrow(a, resourceId).expect(201));
    expect(Date.parse(loan.body.endsAt)).toBeLessThan(Date.now());
    const hb = await t.http().post('/me/e-holds').set(auth(b.token)).send({ resourceId }).expect(201);
    const hc = await t.http().post('/me/e-holds').set(auth(c.token)).send({ resourceId }).expect(201);
    expect(hc.body.position).toBe(2);
    const ds = t.app.get(DataSource);
    const svc = t.app.get(ELendingService);
    expect(await svc.expire()).toEqual({ loans: 1, offers: 0 });
    expect((await t.http().get(`/me/e-holds/${hb.body.id}`).set(auth(b.token)).expect(200)).body.status).toBe(
      'offered',
    );
    // Four days on, the three-day offer has lapsed.
    expect(await t.clock.at(daysAgo(-4), () => svc.expire())).toEqual({ loans: 0, offers: 1 });
    expect((await t.http().get(`/me/e-holds/${hb.body.id}`).set(auth(b.token)).expect(200)).body.status).toBe(
      'expired',
    );
    expect((await t.http().get(`/me/e-holds/${hc.body.id}`).set(auth(c.token)).expect(200)).body.status).toBe(
      'offered',
    );
    expect(await svc.expire()).toEqual({ loans: 0, offers: 0 });
    const [row]: { in_use: number }[] = await ds.query(
      `SELECT in_use FROM circulation.licences WHERE resource_id = $1`,
      [resourceId],
    );
    expect(row.in_use).toBe(1);
  });

  it('reading goes through a signed, expiring link; a forged or stale link is refused; another patron cannot get one', async () => {
    const resourceId = await ebook('Lịch sử Đắk Lắk & "Tây Nguyên"');
    await licence(resourceId, { model: 'one_copy_one_user', loanDays: 7 }).expect(201);
    const reader = readers[6];
    const loan = await borrow(reader, resourceId).expect(201);
    const link = await t.http().get(`/me/e-loans/${loan.body.id}/link`).set(auth(reader.token)).expect(200);
    const path = new URL(link.body.url).pathname + new URL(link.body.url).search;
    const file = await t
      .http()
      .get(path)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    const forged = path.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await t.http().get(forged).expect(403)).body.code).toBe('circulation/link_invalid');
    const stale = path.replace(/exp=\d+/, 'exp=1000000000');
    expect((await t.http().get(stale).expect(403)).body.code).toBe('circulation/link_invalid');
    await t.http().get(`/me/e-loans/${loan.body.id}/link`).set(auth(readers[7].token)).expect(404);
    // The e-loan ending soon gets one notice; returned early, the link stops working.
    // Scanned a second before the e-loan ends (the clock moved on; e-loans of the earlier tests have ended by then).
    const scan = () =>
      t.clock.at(new Date(Date.parse(loan.body.endsAt) - 1_000), () => t.app.get(NoticeScanService).scan());
    expect((await scan()).eLoanEnding).toBe(1);
    expect((await scan()).eLoanEnding).toBe(0);
    const feed = await t.http().get('/me/notices').set(auth(reader.token)).expect(200);
    const ending = feed.body.items.find((n: { kind: string }) => n.kind === 'eloan_ending');
    expect(ending.bodyVi).toMatch(
      /^Lượt mượn tài liệu số “Lịch sử Đắk Lắk & "Tây Nguyên"” của bạn sẽ kết thúc vào \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\.$/,
    );
    expect(ending.params).toMatchObject({ title: 'Lịch sử Đắk Lắk & "Tây Nguyên"', resourceId });
    await t.http().post(`/me/e-loans/${loan.body.id}/return`).set(auth(reader.token)).expect(200);
    expect((await t.http().get(path).expect(403)).body.code).toBe('circulation/link_invalid');
  });
});
