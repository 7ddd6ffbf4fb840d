import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReindexService } from '@suotdoi/catalogue';
import { SeedRunner } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';

describe('catalogue demo data', () => {
  let t: TestApp;
  let summary: string[];
  beforeAll(async () => {
    t = await bootTestApp();
    const t0 = Date.now();
    summary = (await t.app.get(SeedRunner).run()).summary;
    console.log(`demo data (all modules) loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await t.app.get(ReindexService).rebuild();
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('loads a few thousand Vietnamese records with copies over the demo network and digital files', async () => {
    expect(summary.join('\n')).toMatch(
      /catalogue: 3000 demo records, \d+ copies over \d+ institutions, \d+ digital files/,
    );
    const res = await t.http().get('/catalogue/search').query({ q: 'ca phe huong hoa' }).expect(200);
    expect(res.body.hits[0].title).toContain('cà phê');
    expect(res.body.hits[0].availableAt.length + res.body.hits[1].availableAt.length).toBeGreaterThan(0);
    const langs = (await t.http().get('/catalogue/search').expect(200)).body;
    expect(langs.total).toBeGreaterThan(0);
    const bru = await t.http().get('/catalogue/search').query({ language: 'bru' }).expect(200);
    expect(bru.body.hits.length).toBeGreaterThan(0);
    const online = await t
      .http()
      .get('/catalogue/search')
      .query({ q: 'truyen kieu', availability: 'online' })
      .expect(200);
    expect(online.body.hits.length).toBeGreaterThan(0);
    const page = await t.http().get(`/catalogue/records/${online.body.hits[0].id}`).expect(200);
    const file = page.body.digitalResources.find((d: { hasFile: boolean }) => d.hasFile);
    const got = await t.http().get(`/catalogue/digital-resources/${file.id}/file`).expect(200);
    expect(got.headers['content-type']).toMatch(/application\/pdf|audio\/mpeg/);
  });

  it('is idempotent', async () => {
    const again = (await t.app.get(SeedRunner).run()).summary.join('\n');
    expect(again).toContain('catalogue: 3000 demo records already loaded');
  }, 120_000);
});
