import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DigitalResourcesService, type DigitalAccess } from '@suotdoi/catalogue';
import type { Principal } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createPatron, createStaff, type FixturePatron } from '../../support/fixtures.js';
import { createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};
const PDF = Buffer.from('%PDF-1.4\n% Sử thi Ê Đê — bản điện tử thử\n%%EOF\n', 'utf8');

/** The entries of an OPDS feed: title, and each link's rel, href and availability children. */
const entries = (xml: string) =>
  [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, e]) => ({
    title: /<title>([^<]*)<\/title>/.exec(e)![1],
    links: [...e.matchAll(/<link rel="([^"]+)"[^>]*href="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/link>)/g)]
      .filter(([, rel]) => rel.includes('acquisition'))
      .map(([, rel, href, inner]) => ({ rel: rel.replace('http://opds-spec.org/acquisition', 'acq'), href, inner })),
  }));
const path = (href: string) => {
  const u = new URL(href.replace(/&amp;/g, '&'));
  return u.pathname + u.search;
};

describe('e-lending edges: no licence, OPDS borrow links and availability', () => {
  let t: TestApp;
  let desk: Desk;
  let manager: { token: string };
  let readers: FixturePatron[];
  const ids: Record<'unlicensed' | 'licensed' | 'open' | 'staff' | 'expired', string> = {} as never;

  async function resource(title: string, access: DigitalAccess): Promise<string> {
    const { recordId } = await createTitle(t, { institutionId: desk.institutionId, copies: 0, title });
    const digital = t.app.get(DigitalResourcesService, { strict: false });
    const res = await digital.create(SYSTEM, {
      recordId,
      institutionId: desk.institutionId,
      kind: 'ebook',
      access,
      label: 'Bản PDF',
    });
    await digital.upload(SYSTEM, res.id, {
      body: Readable.from(PDF),
      contentType: 'application/pdf',
      contentLength: PDF.length,
      fileName: 'su-thi.pdf',
    });
    return res.id;
  }
  const licence = (resourceId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post('/circulation/licences')
      .set(auth(manager.token))
      .send({ resourceId, ...body })
      .expect(201);
  const opdsSearch = async () =>
    entries((await t.http().get('/catalogue/opds/search').query({ q: 'su thi e de' }).expect(200)).text);

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    desk = await createDesk(t);
    manager = await createStaff(t, { institutionId: desk.institutionId, roles: ['manager'] });
    readers = await Promise.all(
      ['Y Đăm Êban', 'H’Linh Niê'.normalize('NFD')].map((fullName) =>
        createPatron(t, { institutionId: desk.institutionId, fullName }),
      ),
    );
    ids.unlicensed = await resource('Sử thi Ê Đê: Đăm San', 'loan');
    ids.licensed = await resource('Sử thi Ê Đê: Xinh Nhã', 'loan');
    ids.open = await resource('Sử thi Ê Đê: Khinh Dú', 'open');
    ids.staff = await resource('Sử thi Ê Đê: Mdrông Dăm', 'staff');
    ids.expired = await resource('Sử thi Ê Đê: Đăm Di', 'loan');
    await licence(ids.licensed, { model: 'one_copy_one_user', seats: 1 });
    await licence(ids.expired, { model: 'metered', checkoutsLeft: 10, validUntil: '2020-12-31' });
  });
  afterAll(() => t?.close());

  it('says a resource without a licence has none, not that every licence is in use', async () => {
    for (const id of [ids.unlicensed, ids.expired]) {
      const res = await t.http().post('/me/e-loans').set(auth(readers[0].token)).send({ resourceId: id }).expect(409);
      expect(res.body).toMatchObject({
        code: 'circulation/no_licence',
        messageVi:
          'Tài liệu số này hiện không có giấy phép cho mượn (chưa mua, hoặc đã hết hạn hay hết lượt), nên không thể mượn hay đặt chờ.',
      });
      const hold = await t.http().post('/me/e-holds').set(auth(readers[0].token)).send({ resourceId: id }).expect(409);
      expect(hold.body.code).toBe('circulation/no_licence');
    }
  });

  it('lists licensed and open resources in OPDS search, with availability; not those without a licence or for staff', async () => {
    const feed = await eventually(async () => {
      const e = await opdsSearch();
      return e.length === 2 && e;
    });
    const byTitle = Object.fromEntries(feed.map((e) => [e.title, e.links]));
    expect(Object.keys(byTitle).sort()).toEqual(['Sử thi Ê Đê: Khinh Dú', 'Sử thi Ê Đê: Xinh Nhã']);
    expect(byTitle['Sử thi Ê Đê: Khinh Dú'].map((l) => [l.rel, path(l.href)])).toEqual([
      ['acq/open-access', `/catalogue/digital-resources/${ids.open}/file`],
    ]);
    const [borrowLink] = byTitle['Sử thi Ê Đê: Xinh Nhã'];
    expect(borrowLink.rel).toBe('acq/borrow');
    expect(path(borrowLink.href)).toBe(`/me/opds/borrow/${ids.licensed}`);
    expect(borrowLink.inner.replace(/\s+/g, '')).toBe(
      '<opds:indirectAcquisitiontype="application/pdf"/><opds:availabilitystatus="available"/><opds:copiestotal="1"available="1"/><opds:holdstotal="0"/>',
    );
  });

  it('follows the borrow link to an e-loan and its reading link; again gives the same e-loan; the feed then shows it taken', async () => {
    const href = `/me/opds/borrow/${ids.licensed}`;
    await t.http().get(href).expect(401);
    const first = await t.http().get(href).set(auth(readers[0].token)).expect(200);
    expect(first.headers['content-type']).toBe('application/atom+xml; type=entry; profile=opds-catalog; charset=utf-8');
    const loanId = /<id>urn:uuid:([0-9a-f-]+)<\/id>/.exec(first.text)![1];
    const acquisition = /<link rel="http:\/\/opds-spec.org\/acquisition" type="application\/pdf" href="([^"]+)">/.exec(
      first.text,
    )![1];
    const file = await t
      .http()
      .get(path(acquisition))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.from(file.body as Buffer).equals(PDF)).toBe(true);
    const mine = await t.http().get('/me/e-loans').set(auth(readers[0].token)).expect(200);
    expect(mine.body).toMatchObject({
      items: [{ id: loanId, resourceId: ids.licensed }],
      total: 1,
      limit: 20,
      offset: 0,
    });

    const again = await t.http().get(href).set(auth(readers[0].token)).expect(200);
    expect(/<id>urn:uuid:([0-9a-f-]+)<\/id>/.exec(again.text)![1]).toBe(loanId);
    const other = await t.http().get(href).set(auth(readers[1].token)).expect(409);
    expect(other.body.code).toBe('circulation/no_licence_available');

    const [taken] = (await opdsSearch()).filter((e) => e.title === 'Sử thi Ê Đê: Xinh Nhã');
    expect(taken.links[0].inner.replace(/\s+/g, '')).toBe(
      '<opds:indirectAcquisitiontype="application/pdf"/><opds:availabilitystatus="unavailable"/><opds:copiestotal="1"available="0"/><opds:holdstotal="0"/>',
    );
    await t.http().get(`/me/opds/borrow/${ids.unlicensed}`).set(auth(readers[1].token)).expect(409);
  });
});
