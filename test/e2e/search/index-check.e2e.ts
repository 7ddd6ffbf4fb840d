import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEARCH_INDEX_FORMAT, SearchIndexCheck } from '@suotdoi/catalogue';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SEARCH_INDEX, type SearchIndex } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff } from '../../support/fixtures.js';
import { searchEngines, searchEnv } from '../../support/search.js';

// An existing catalogue meeting a new engine (the embedded Meilisearch after an upgrade) or an index built with an
// older analysis format is rebuilt by the worker, without downtime, once.
describe.each(searchEngines())('search index check on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ worker: true, env: searchEnv(engine) });
    const inst = (await createInstitution(t, { name: 'Thư viện huyện Gio Linh' })).institutionId;
    const librarian = (await createStaff(t, { institutionId: inst, roles: ['cataloguing'] })).token;
    for (const title of ['Địa chí Gio Linh', 'Đường Kách mệnh', 'Kỹ thuật nuôi ong lấy mật']) {
      await t
        .http()
        .post('/catalogue/records')
        .set(auth(librarian))
        .send({ title, language: 'vie', year: 2021 })
        .expect(201);
    }
    await eventually(async () => (await t.app.get<SearchIndex>(SEARCH_INDEX).count()) === 3, 60_000);
    await t.app.get(SearchIndexCheck).running;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('rebuilds an index of an older format, and an empty one while the catalogue is not, then records it', async () => {
    const check = t.app.get(SearchIndexCheck);
    const index = t.app.get<SearchIndex>(SEARCH_INDEX);
    const ds = t.app.get<DataSource>(getDataSourceToken());
    const state = async () =>
      (
        await ds.query(`SELECT format, documents FROM catalogue.search_index_state WHERE engine = $1`, [check.engine])
      )[0];
    await ds.query(`UPDATE catalogue.search_index_state SET format = 1, documents = 0 WHERE engine = $1`, [
      check.engine,
    ]);
    await check.check();
    expect(await state()).toEqual({ format: SEARCH_INDEX_FORMAT, documents: 3 });
    // Emptied behind our back (a new Meilisearch data directory): rebuilt at the next check.
    await index.remove((await index.search({ q: '', limit: 10 })).hits.map((h) => h.id));
    expect(await index.count()).toBe(0);
    await check.check();
    expect(await index.count()).toBe(3);
    expect((await index.search({ q: 'ki thuat nuoi ong' })).hits.map((h) => h.document.title)).toEqual([
      'Kỹ thuật nuôi ong lấy mật',
    ]);
    // Up to date: nothing to do.
    await check.check();
    expect(await state()).toEqual({ format: SEARCH_INDEX_FORMAT, documents: 3 });
  });
});
