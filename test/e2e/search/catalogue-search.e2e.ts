import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff } from '../../support/fixtures.js';
import { freePort } from '../../support/services.js';
import { reportMeilisearchSkipped, searchEngines, searchEnv } from '../../support/search.js';

// Catalogue search over HTTP as a patron uses it, on both engines: records catalogued through the API reach the index
// through the outbox and the worker, readiness and metrics name the engine and the index lag.
describe.each(searchEngines())('catalogue search over HTTP on %s', (engine) => {
  let t: TestApp;
  let librarian: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await bootTestApp({ worker: true, env: searchEnv(engine) });
    const inst = (await createInstitution(t, { name: 'Thư viện tỉnh Quảng Trị' })).institutionId;
    librarian = (await createStaff(t, { institutionId: inst, roles: ['cataloguing'] })).token;
    const books: [string, string, string[]][] = [
      ['Truyện Kiều', 'Nguyễn Du', ['Truyện thơ']],
      ['Truyền kỳ mạn lục', 'Nguyễn Dữ', ['Truyện truyền kỳ']],
      ['Sọ Dừa', 'Nguyễn Đổng Chi', ['Truyện cổ tích']],
      ['Kỹ thuật trồng hồ tiêu', 'Trung tâm Khuyến nông Quảng Trị', ['Khuyến nông']],
      ['Sạch đẹp nông thôn', 'Hội Nông dân Việt Nam', ['Môi trường']],
      ['Sách hay cho nông thôn', 'Hội Nông dân Việt Nam', ['Khuyến nông']],
    ];
    for (const [title, author, subjects] of books) {
      const res = await t
        .http()
        .post('/catalogue/records')
        .set(auth(librarian))
        .send({ title, authors: [{ name: author, role: 'author' }], language: 'vie', year: 2020, subjects })
        .expect(201);
      ids[title] = res.body.id;
    }
    await eventually(
      async () => (await t.http().get('/catalogue/search').query({ q: 'sach hay' })).body.hits?.length > 0,
      60_000,
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const titles = async (q: string) =>
    ((await t.http().get('/catalogue/search').query({ q }).expect(200)).body.hits as { title: string }[]).map(
      (h) => h.title,
    );

  it('finds what a patron types, in the Vietnamese order: exact diacritics, the author as a phrase, i/y, typos', async () => {
    await eventually(async () => (await titles('nong thon ')).length === 2, 60_000);
    expect((await titles('sạch'))[0]).toBe('Sạch đẹp nông thôn');
    expect((await titles('sách'))[0]).toBe('Sách hay cho nông thôn');
    expect((await titles('Nguyễn Du'))[0]).toBe('Truyện Kiều');
    expect((await titles('kĩ thuật'))[0]).toBe('Kỹ thuật trồng hồ tiêu');
    expect((await titles('truyen kiue'))[0]).toBe('Truyện Kiều');
    expect((await titles('truyện kiề'))[0]).toBe('Truyện Kiều');
    const res = await t.http().get('/catalogue/search').query({ q: 'Nguyễn Du' }).expect(200);
    expect(res.body.backend).toBe(engine);
    expect(res.body.hits[0].highlight.authors).toEqual(['<mark>Nguyễn</mark> <mark>Du</mark>']);
  });

  it('follows changes through the outbox: a renamed record is found by its new title, a deleted one is gone', async () => {
    await t
      .http()
      .patch(`/catalogue/records/${ids['Sọ Dừa']}`)
      .set(auth(librarian))
      .send({ title: 'Sọ Dừa (truyện tranh)' })
      .expect(200);
    await eventually(async () => (await titles('truyen tranh ')).includes('Sọ Dừa (truyện tranh)'), 60_000);
    await t.http().delete(`/catalogue/records/${ids['Truyền kỳ mạn lục']}`).set(auth(librarian)).expect(204);
    await eventually(async () => !(await titles('truyen ky ')).includes('Truyền kỳ mạn lục'), 60_000);
  });

  it('reports the engine and the index lag in readiness and metrics', async () => {
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.search).toMatchObject({
      ok: true,
      backend: engine,
      lagSeconds: expect.any(Number),
      pendingChanges: expect.any(Number),
    });
    const metrics = await t.http().get('/metrics');
    expect(metrics.text).toMatch(
      new RegExp(`search_index_lag_seconds\\{topic="search\\.catalogue",backend="${engine}"\\} \\d`),
    );
  });
});

describe('catalogue search when Meilisearch does not answer', () => {
  reportMeilisearchSkipped('503 when the engine is down');
  if (!searchEngines().includes('meilisearch')) return;
  let t: TestApp;
  beforeAll(async () => {
    // Started against a port nothing listens on: the app still starts (settings are retried in the background).
    t = await bootTestApp({ env: { ...searchEnv('meilisearch'), MEILI_URL: `http://127.0.0.1:${await freePort()}` } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers 503 search/unavailable in Vietnamese and English, never an empty result; readiness says search is down', async () => {
    const res = await t.http().get('/catalogue/search').query({ q: 'truyện kiều' }).expect(503);
    expect(res.body.code).toBe('search/unavailable');
    expect(res.body.messageVi).toMatch(/tìm kiếm tạm thời không khả dụng/);
    expect(res.body.message).toMatch(/Search is unavailable/);
    expect(res.body.hits).toBeUndefined();
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body.checks.search).toMatchObject({ ok: false, backend: 'meilisearch' });
    expect(ready.body.checks.database.ok).toBe(true);
  });
});
