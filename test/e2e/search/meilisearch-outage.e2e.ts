import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { meilisearchBinary, startMeilisearch, type MeilisearchServerHandle } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff } from '../../support/fixtures.js';
import { freePort } from '../../support/services.js';
import { reportMeilisearchSkipped } from '../../support/search.js';

// Meilisearch goes down under a running stack and comes back: the change made meanwhile waits in the outbox (retried
// with back-off), readiness and search say search is down (503), and the change reaches the index once it is back.
describe('a Meilisearch outage', () => {
  reportMeilisearchSkipped('outage and recovery');
  if (!meilisearchBinary()) return;
  const dir = mkdtempSync(join(tmpdir(), 'suotdoi-outage-meili-'));
  const key = 'outage-test-master-key-0123456789';
  let port: number;
  let server: MeilisearchServerHandle;
  let t: TestApp;
  let librarian: string;

  beforeAll(async () => {
    port = await freePort();
    server = await startMeilisearch({ dir, port, masterKey: key });
    t = await bootTestApp({
      worker: true,
      env: { SEARCH_ENGINE: 'meilisearch', MEILI_URL: server.url, MEILI_API_KEY: key },
    });
    const inst = (await createInstitution(t, { name: 'Thư viện huyện Đakrông' })).institutionId;
    librarian = (await createStaff(t, { institutionId: inst, roles: ['cataloguing'] })).token;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the change in the outbox while the engine is down, answers 503, and indexes it once the engine is back', async () => {
    await t
      .http()
      .post('/catalogue/records')
      .set(auth(librarian))
      .send({ title: 'Địa chí Đakrông', language: 'vie', year: 2020 })
      .expect(201);
    await eventually(
      async () => (await t.http().get('/catalogue/search').query({ q: 'dia chi dakrong' })).body.hits?.length === 1,
      60_000,
    );

    await server.stop();
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body.checks.search).toMatchObject({ ok: false, backend: 'meilisearch' });
    const down = await t.http().get('/catalogue/search').query({ q: 'dia chi' }).expect(503);
    expect(down.body).toMatchObject({ code: 'search/unavailable' });
    await t
      .http()
      .post('/catalogue/records')
      .set(auth(librarian))
      .send({ title: 'Sử thi Tà Ôi', language: 'vie', year: 2021 })
      .expect(201);
    const ds = t.app.get<DataSource>(getDataSourceToken());
    const waiting = async () =>
      (await ds.query(
        `SELECT attempts, last_error FROM platform.outbox WHERE topic = 'search.catalogue' AND processed_at IS NULL`,
      )) as { attempts: number; last_error: string | null }[];
    // The relay tried, failed, and keeps the row for a later attempt (not failed for good).
    await eventually(async () => (await waiting()).some((r) => r.attempts >= 1), 30_000);

    server = await startMeilisearch({ dir, port, masterKey: key });
    await eventually(
      async () => (await t.http().get('/catalogue/search').query({ q: 'su thi ta oi' })).body.hits?.length === 1,
      90_000,
      250,
    );
    // Every change waiting for the engine is delivered (a row tried while the server was still starting is retried
    // after its backoff).
    await eventually(async () => (await waiting()).length === 0, 60_000, 250);
    const back = await t.http().get('/health/ready').expect(200);
    expect(back.body.checks.search).toMatchObject({ ok: true, backend: 'meilisearch', pendingChanges: 0 });
    // The index was kept across the server's restart.
    expect((await t.http().get('/catalogue/search').query({ q: 'dia chi dakrong' })).body.hits).toHaveLength(1);
  }, 180_000);
});
