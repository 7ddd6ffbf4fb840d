// While PostgreSQL cannot be reached, business routes answer 503 platform/unavailable with Retry-After (not 500), and
// everything works again once it is back. The app reaches the database through a TCP proxy that the test cuts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_RETRY_AFTER_SECONDS } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { auth, createInstitution, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

describe('database outage', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  let patron: FixturePatron;

  beforeAll(async () => {
    db = await createTestDatabase();
    const url = new URL(db.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    t = await bootTestApp({ db, env: { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: '4' } });
    const { institutionId } = await createInstitution(t, { name: 'Thư viện tỉnh Quảng Trị' });
    patron = await createPatron(t, { institutionId, fullName: 'Trần Văn Đông' });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 with Retry-After while the database is unreachable, and recovers when it is back', async () => {
    await t.http().get('/me/loans').set(auth(patron.token)).expect(200);
    await proxy.cut();
    for (const req of [
      () => t.http().get('/me/loans').set(auth(patron.token)),
      () =>
        t.http().post('/me/holds').set(auth(patron.token)).send({
          recordId: '4b0b8d52-3c55-4d0e-9a43-1f0d7c1e2a11',
          pickupInstitutionId: '4b0b8d52-3c55-4d0e-9a43-1f0d7c1e2a12',
        }),
      () => t.http().post('/auth/sign-in').send({ login: patron.email, password: patron.password }),
    ]) {
      const res = await req();
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'platform/unavailable' });
      expect(res.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
      expect(res.body.messageVi).toBeTruthy();
      expect(res.body.details).toMatchObject({ service: 'database' });
    }
    expect((await t.http().get('/health/ready')).status).toBe(503);
    await proxy.restore();
    await eventually(async () => (await t.http().get('/me/loans').set(auth(patron.token))).status === 200);
    await t.http().post('/auth/sign-in').send({ login: patron.email, password: patron.password }).expect(200);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });
});
