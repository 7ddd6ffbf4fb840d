// Sign-in cannot be used to tell which accounts exist nor to keep their owners out, and a reused refresh token takes
// its access tokens down with it at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createPatron, createSystemAdmin } from '../../support/fixtures.js';

const WRONG = 'đoán-mò-Mật-khẩu-sai';

describe('sign-in throttling and refresh reuse', () => {
  let t: TestApp;
  let ds: DataSource;
  let institutionId: string;
  beforeAll(async () => {
    // These tests stand for clients at many addresses: the test client is a trusted proxy on loopback that says which.
    t = await bootTestApp({ env: { TRUST_PROXY: 'loopback' } });
    ds = t.app.get(DataSource);
    institutionId = (await createInstitution(t, { name: 'Thư viện xã Đông Hà' })).institutionId;
  });
  afterAll(() => t.close());

  const signIn = (login: string, password: string, ip: string) =>
    t.http().post('/auth/sign-in').set('X-Forwarded-For', ip).send({ login, password });
  /** Move a login's attempts back in time by `seconds` (instead of sleeping through a delay). */
  const age = (login: string, seconds: number) =>
    ds.query(`UPDATE identity.sign_in_attempts SET at = at - make_interval(secs => $2) WHERE login_key = $1`, [
      login.toLowerCase(),
      seconds,
    ]);

  it('a known and an unknown login answer alike, failure after failure, and neither is ever locked', async () => {
    const p = await createPatron(t, { institutionId, fullName: 'Nguyễn Thị Đào' });
    const ghost = 'khong-ai-ca@example.vn';
    const answers = async (login: string) => {
      const out: { status: number; code: string; retryAfter?: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await signIn(login, WRONG, '198.51.100.7');
        out.push({ status: r.status, code: r.body.code, retryAfter: r.headers['retry-after'] });
      }
      return out;
    };
    const known = await answers(p.email);
    const unknown = await answers(ghost);
    expect(known.slice(0, 5).every((a) => a.status === 401 && a.code === 'identity/invalid_credentials')).toBe(true);
    expect(known[5]).toMatchObject({ status: 429, code: 'identity/sign_in_rate_limited' });
    // The first delay (30 s) counted from the fifth failure, a moment ago.
    expect(Number(known[5].retryAfter)).toBeGreaterThanOrEqual(25);
    expect(Number(known[5].retryAfter)).toBeLessThanOrEqual(30);
    expect(unknown.map((a) => [a.status, a.code])).toEqual(known.map((a) => [a.status, a.code]));
    // Throttled, the right password does not get through from that address either…
    const throttled = await signIn(p.email, p.password, '198.51.100.7').expect(429);
    expect(throttled.body.messageVi).toContain('Đăng nhập sai quá nhiều lần');
    // …but from the owner's own address it does (no lock on the account), and once the delay has passed, from there too.
    await signIn(p.email, p.password, '203.0.113.9').expect(200);
    await signIn(p.email, p.password, '198.51.100.7').expect(200);
    const [row] = await ds.query(
      `SELECT failed_sign_ins AS failed, locked_until AS "lockedUntil" FROM identity.accounts WHERE id = $1`,
      [p.accountId],
    );
    expect(row.lockedUntil).toBeNull();
  });

  it('growing delays: each failure past the free ones doubles the wait', async () => {
    const login = 'tang-dan@example.vn';
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await signIn(login, WRONG, '198.51.100.20');
      if (r.status === 429) {
        waits.push(Number(r.headers['retry-after']));
        await age(login, Number(r.headers['retry-after']));
      } else expect(r.status).toBe(401);
    }
    expect(waits.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < waits.length; k++) expect(waits[k]).toBeGreaterThan(waits[k - 1]);
  });

  it('nobody can lock the system administrator out: guesses from many addresses do not stop the owner', async () => {
    const admin = await createSystemAdmin(t);
    await signIn(admin.email, admin.password, '192.0.2.1').expect(200);
    // 30 guesses, each from another address (a botnet), then the owner from the address they use.
    for (let i = 0; i < 30; i++) await signIn(admin.email, WRONG, `10.9.${Math.floor(i / 200)}.${(i % 200) + 1}`);
    const guessedFrom = await signIn(admin.email, WRONG, '10.99.0.1');
    expect(guessedFrom.status).toBe(429);
    await signIn(admin.email, admin.password, '192.0.2.1').expect(200);
    // The audit trail keeps every attempt: login, address, outcome.
    const [{ failed, ok }] = await ds.query(
      `SELECT count(*) FILTER (WHERE NOT succeeded)::int AS failed, count(*) FILTER (WHERE succeeded)::int AS ok FROM identity.sign_in_attempts WHERE login_key = $1`,
      [admin.email.toLowerCase()],
    );
    expect(failed).toBeGreaterThanOrEqual(20);
    expect(ok).toBe(2);
  });

  it('30 simultaneous guesses from one address: only the free ones are checked, the rest wait', async () => {
    const p = await createPatron(t, { institutionId, fullName: 'Lê Văn Đức' });
    const answers = await Promise.all(Array.from({ length: 30 }, () => signIn(p.email, WRONG, '198.51.100.99')));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it('a reused refresh token revokes its family and every access token of the account at once', async () => {
    const p = await createPatron(t, { institutionId, fullName: 'Phạm Thị Hương' });
    const first = (await signIn(p.email, p.password, '203.0.113.50').expect(200)).body;
    const laptop = (await signIn(p.email, p.password, '203.0.113.51').expect(200)).body;
    const second = (await t.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    await t.http().get('/me').set(auth(second.accessToken)).expect(200);
    // The spent token is replayed (stolen): reuse detected.
    expect(
      (await t.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401)).body.code,
    ).toBe('identity/refresh_token_reused');
    // Its access tokens stop working now, not in 15 minutes.
    expect((await t.http().get('/me').set(auth(second.accessToken)).expect(401)).body.code).toBe(
      'identity/invalid_access_token',
    );
    await t.http().get('/me').set(auth(first.accessToken)).expect(401);
    await t.http().post('/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    // The laptop's own sign-in is another family: its access token is gone too, but it refreshes and carries on.
    await t.http().get('/me').set(auth(laptop.accessToken)).expect(401);
    const renewed = (await t.http().post('/auth/refresh').send({ refreshToken: laptop.refreshToken }).expect(200)).body;
    await t.http().get('/me').set(auth(renewed.accessToken)).expect(200);
  });
});

describe('X-Forwarded-For without a configured proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('is ignored by default: a client on loopback cannot choose the address the sign-in throttle counts', async () => {
    expect(t.config.TRUST_PROXY).toBeUndefined();
    const { institutionId } = await createInstitution(t, { name: 'Thư viện xã Triệu Phong' });
    const p = await createPatron(t, { institutionId, fullName: 'Võ Thị Ngọc Đào' });
    const statuses: number[] = [];
    // Six failures, each claiming another address: all are the socket's one address, so the sixth is slowed.
    for (let i = 1; i <= 6; i++)
      statuses.push(
        (
          await t
            .http()
            .post('/auth/sign-in')
            .set('X-Forwarded-For', `198.51.100.${i}`)
            .send({ login: p.email, password: WRONG })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const ips: { ip: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT DISTINCT ip FROM identity.sign_in_attempts WHERE login_key = $1`, [p.email.toLowerCase()]);
    expect(ips.map((r) => r.ip.replace(/^::ffff:/, ''))).toEqual(['127.0.0.1']);
  });
});
