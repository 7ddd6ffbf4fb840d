import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module } from '@nestjs/common';
import { PurgeAuthRecordsHandler } from '@suotdoi/identity';
import { NoticeRecorder } from '@suotdoi/notices';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  FIXTURE_PASSWORD,
  auth,
  createInstitution,
  createPatron,
  createStaff,
  createSystemAdmin,
} from '../../support/fixtures.js';

// A route that forgot its @Access rule: the global guard must refuse it.
@Controller('test-undeclared')
class UndeclaredController {
  @Get()
  open(): { secret: string } {
    return { secret: 'lộ' };
  }
}
@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

const NFD = (s: string) => s.normalize('NFD');

describe('registration, sign-in, tokens', () => {
  let t: TestApp;
  let institutionId: string;
  let notifier: NoticeRecorder;
  beforeAll(async () => {
    t = await bootTestApp({ modules: [UndeclaredModule] });
    institutionId = (await createInstitution(t, { name: 'Thư viện xã Tân Hợp' })).institutionId;
    notifier = t.app.get(NoticeRecorder, { strict: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  const register = (email: string, extra: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/auth/register')
      .send({
        email,
        password: FIXTURE_PASSWORD,
        fullName: NFD('Hồ Văn Kiên'),
        birthDate: '1998-09-02',
        category: 'adult',
        homeInstitutionId: institutionId,
        ...extra,
      });

  it('self-registers (NFD name stored as NFC), verifies by link, and issues the card', async () => {
    const res = await register('Kien.Ho@Example.vn').expect(201);
    expect(res.body).toMatchObject({ status: 'pending' });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash|password/);
    // Not active yet.
    const before = await t
      .http()
      .post('/auth/sign-in')
      .send({ login: 'kien.ho@example.vn', password: FIXTURE_PASSWORD })
      .expect(403);
    expect(before.body.code).toBe('identity/account_not_active');
    const notice = notifier.lastTo('kien.ho@example.vn', 'identity.verify_email')!;
    expect(notice.params.link).toContain('/verify?token=');
    const verified = await t.http().post('/auth/verify-email').send({ token: notice.params.token }).expect(200);
    expect(verified.body).toMatchObject({
      status: 'active',
      fullName: 'Hồ Văn Kiên',
      category: 'adult',
      homeInstitutionId: institutionId,
    });
    expect(verified.body.fullName).toBe('Hồ Văn Kiên'.normalize('NFC'));
    expect(verified.body.cardNumber).toMatch(/^SD\d{9}$/);
    // The link is single use.
    await t.http().post('/auth/verify-email').send({ token: notice.params.token }).expect(400);
    // Sign in by card number too.
    const s = await t
      .http()
      .post('/auth/sign-in')
      .send({ login: verified.body.cardNumber, password: FIXTURE_PASSWORD })
      .expect(200);
    const me = await t.http().get('/me').set(auth(s.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({
      patronId: verified.body.id,
      staff: [],
      adminUnitIds: [],
      account: { email: 'kien.ho@example.vn', emailVerified: true },
    });
    expect(JSON.stringify(me.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('refuses duplicate e-mails, weak passwords, staff-only categories and mass-assigned fields', async () => {
    await register('trung@example.vn').expect(201);
    expect((await register('TRUNG@example.vn').expect(409)).body.code).toBe('identity/email_taken');
    expect((await register('yeu@example.vn', { password: '123' }).expect(422)).body.code).toBe(
      'identity/weak_password',
    );
    expect((await register('gv@example.vn', { category: 'teacher' }).expect(400)).body.code).toBe(
      'platform/validation_failed',
    );
    for (const extra of [
      { status: 'active' },
      { cardNumber: 'SD000000001' },
      { systemAdmin: true },
      { roles: ['manager'] },
      { accountId: '00000000-0000-4000-8000-000000000000' },
      { cardExpiresOn: '2099-01-01' },
    ]) {
      const res = await register(`x${Object.keys(extra)[0]}@example.vn`, extra).expect(400);
      expect(res.body.code).toBe('platform/validation_failed');
    }
  });

  it('replays a registration sent twice with the same Idempotency-Key', async () => {
    const body = {
      email: 'lap.lai@example.vn',
      password: FIXTURE_PASSWORD,
      fullName: 'Đặng Thị Lài',
      birthDate: '1985-01-01',
      category: 'adult',
      homeInstitutionId: institutionId,
    };
    const a = await t.http().post('/auth/register').set('Idempotency-Key', 'dang-ky-1').send(body).expect(201);
    const b = await t.http().post('/auth/register').set('Idempotency-Key', 'dang-ky-1').send(body).expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
  });

  it('rotates refresh tokens and revokes the whole family when a spent one is reused', async () => {
    const p = await createPatron(t, { institutionId });
    const s1 = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    expect(s1).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const s2 = (await t.http().post('/auth/refresh').send({ refreshToken: s1.refreshToken }).expect(200)).body;
    expect(s2.refreshToken).not.toBe(s1.refreshToken);
    const s3 = (await t.http().post('/auth/refresh').send({ refreshToken: s2.refreshToken }).expect(200)).body;
    // Someone replays the first token: reuse detected, and the current token of that family dies too.
    const reuse = await t.http().post('/auth/refresh').send({ refreshToken: s1.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('identity/refresh_token_reused');
    expect((await t.http().post('/auth/refresh').send({ refreshToken: s3.refreshToken }).expect(401)).body.code).toBe(
      'identity/invalid_refresh_token',
    );
    // Another sign-in (another family) is untouched.
    const other = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200))
      .body;
    await t.http().post('/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
  });

  it('never stores token-bearing responses for replay', async () => {
    const p = await createPatron(t, { institutionId });
    const signIn = await t
      .http()
      .post('/auth/sign-in')
      .set('Idempotency-Key', 'dang-nhap-1')
      .send({ login: p.email, password: p.password })
      .expect(400);
    expect(signIn.body.code).toBe('identity/idempotency_key_not_accepted');
    const s = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    await t
      .http()
      .post('/auth/refresh')
      .set('Idempotency-Key', 'lam-moi-1')
      .send({ refreshToken: s.refreshToken })
      .expect(400);
    // The refused request did not spend the token, and nothing was kept.
    await t.http().post('/auth/refresh').send({ refreshToken: s.refreshToken }).expect(200);
    const { DataSource } = await import('typeorm');
    const kept = await t.app
      .get(DataSource)
      .query(`SELECT key FROM platform.idempotency_keys WHERE key IN ('dang-nhap-1', 'lam-moi-1')`);
    expect(kept).toEqual([]);
  });

  it('lets exactly one of two simultaneous refreshes with the same token through', async () => {
    const p = await createPatron(t, { institutionId });
    const s1 = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    const results = await Promise.all(
      [0, 1].map(() => t.http().post('/auth/refresh').send({ refreshToken: s1.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('purges old sign-in attempts and dead tokens, and nothing recent', async () => {
    const p = await createPatron(t, { institutionId });
    await t.http().post('/auth/sign-in').send({ login: p.email, password: 'sai-rồi-nhé-bạn' }).expect(401);
    const s = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    await t.http().post('/auth/logout').send({ refreshToken: s.refreshToken }).expect(204);
    const { DataSource } = await import('typeorm');
    const ds = t.app.get(DataSource);
    await ds.query(`UPDATE identity.sign_in_attempts SET at = now() - interval '40 days' WHERE login_key = $1`, [
      p.email,
    ]);
    await ds.query(
      `UPDATE identity.refresh_tokens SET revoked_at = now() - interval '40 days', expires_at = now() - interval '35 days' WHERE account_id = $1`,
      [p.accountId],
    );
    const live = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    const res = await t.app.get(PurgeAuthRecordsHandler, { strict: false }).handle({ keepDays: 30 });
    // The failed try and the sign-in before it; the one logged-out session (the live one stays).
    expect({ attempts: res.attempts, refresh: res.refresh }).toEqual({ attempts: 2, refresh: 1 });
    await t.http().post('/auth/refresh').send({ refreshToken: live.refreshToken }).expect(200);
  });

  it('stores refresh tokens only as hashes', async () => {
    const p = await createPatron(t, { institutionId });
    const s = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    const { DataSource } = await import('typeorm');
    const ds = t.app.get(DataSource);
    const rows: { token_hash: string }[] = await ds.query(
      `SELECT token_hash FROM identity.refresh_tokens WHERE account_id = $1`,
      [p.accountId],
    );
    expect(rows).toHaveLength(1);
    expect(rows.map((r) => r.token_hash)).not.toContain(s.refreshToken);
    const [acc]: { password_hash: string }[] = await ds.query(
      `SELECT password_hash FROM identity.accounts WHERE id = $1`,
      [p.accountId],
    );
    expect(acc.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('logs out one session, and everywhere (old access tokens stop working at once)', async () => {
    const p = await createPatron(t, { institutionId });
    const a = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    const b = (await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(200)).body;
    await t.http().post('/auth/logout').send({ refreshToken: a.refreshToken }).expect(204);
    await t.http().post('/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
    await t.http().get('/me').set(auth(b.accessToken)).expect(200);
    await t.http().post('/auth/logout-all').set(auth(b.accessToken)).expect(204);
    expect((await t.http().get('/me').set(auth(b.accessToken)).expect(401)).body.code).toBe(
      'identity/invalid_access_token',
    );
    await t.http().post('/auth/refresh').send({ refreshToken: b.refreshToken }).expect(401);
    await t.http().get('/me').set(auth(p.token)).expect(401);
  });

  it('slows sign-in down after five failures, even for the right password, without locking the account', async () => {
    const p = await createPatron(t, { institutionId });
    for (let i = 0; i < 5; i++) {
      const r = await t.http().post('/auth/sign-in').send({ login: p.email, password: 'sai-mật-khẩu-rồi' }).expect(401);
      expect(r.body.code).toBe('identity/invalid_credentials');
    }
    const locked = await t.http().post('/auth/sign-in').send({ login: p.email, password: p.password }).expect(429);
    expect(locked.body.code).toBe('identity/sign_in_rate_limited');
    // The first delay (30 s) counted from the fifth failure, a moment ago.
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(25);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect(locked.body.messageVi).toContain('Đăng nhập sai quá nhiều lần');
    // A password reset proves the owner: the failures before it no longer count.
    await t.http().post('/auth/password-reset').send({ email: p.email }).expect(202);
    const token = notifier.lastTo(p.email, 'identity.reset_password')!.params.token;
    await t.http().post('/auth/password-reset/confirm').send({ token, newPassword: 'Mật-khẩu-mới-2026' }).expect(204);
    await t.http().post('/auth/sign-in').send({ login: p.email, password: 'Mật-khẩu-mới-2026' }).expect(200);
    // NFD form of the same password is the same password.
    await t
      .http()
      .post('/auth/sign-in')
      .send({ login: p.email, password: NFD('Mật-khẩu-mới-2026') })
      .expect(200);
  });

  it('rate-limits sign-in attempts for a login that does not exist', async () => {
    for (let i = 0; i < 5; i++)
      await t
        .http()
        .post('/auth/sign-in')
        .send({ login: 'khong-co@example.vn', password: 'đoán-mò-lần-thứ' })
        .expect(401);
    const r = await t
      .http()
      .post('/auth/sign-in')
      .send({ login: 'KHONG-CO@example.vn', password: 'đoán-mò-lần-thứ' })
      .expect(429);
    expect(r.body.code).toBe('identity/sign_in_rate_limited');
  });

  it('uses reset tokens once, and they expire', async () => {
    const p = await createPatron(t, { institutionId });
    await t.http().post('/auth/password-reset').send({ email: p.email }).expect(202);
    await t.http().post('/auth/password-reset').send({ email: 'nobody@example.vn' }).expect(202);
    const token = notifier.lastTo(p.email, 'identity.reset_password')!.params.token;
    await t.http().post('/auth/password-reset/confirm').send({ token, newPassword: 'Một-mật-khẩu-dài' }).expect(204);
    expect(
      (
        await t
          .http()
          .post('/auth/password-reset/confirm')
          .send({ token, newPassword: 'Mật-khẩu-khác-nữa' })
          .expect(400)
      ).body.code,
    ).toBe('identity/invalid_token');
    // Sessions from before the reset are gone.
    await t.http().get('/me').set(auth(p.token)).expect(401);
    await t.http().post('/auth/password-reset').send({ email: p.email }).expect(202);
    const token2 = notifier.lastTo(p.email, 'identity.reset_password')!.params.token;
    const { DataSource } = await import('typeorm');
    await t.app
      .get(DataSource)
      .query(
        `UPDATE identity.one_time_tokens SET expires_at = now() - interval '1 minute' WHERE account_id = $1 AND used_at IS NULL`,
        [p.accountId],
      );
    await t
      .http()
      .post('/auth/password-reset/confirm')
      .send({ token: token2, newPassword: 'Mật-khẩu-khác-nữa' })
      .expect(400);
  });

  it('authenticates and authorises every route in one guard', async () => {
    await t.http().get('/me').expect(401);
    expect((await t.http().get('/me').set('Authorization', 'Bearer abc.def.ghi').expect(401)).body.code).toBe(
      'identity/invalid_access_token',
    );
    await t.http().get('/me').set('Authorization', 'Basic Zm9vOmJhcg==').expect(401);
    const p = await createPatron(t, { institutionId });
    expect((await t.http().get('/admin/accounts').set(auth(p.token)).expect(403)).body.code).toBe('platform/forbidden');
    // Public routes work with or without a token.
    await t.http().get('/health').expect(200);
    await t.http().get('/institutions').set(auth(p.token)).expect(200);
    // A route without an @Access rule is refused, even to a system administrator.
    const sys = await createSystemAdmin(t);
    await t.http().get('/test-undeclared').expect(403);
    const refused = await t.http().get('/test-undeclared').set(auth(sys.token)).expect(403);
    expect(refused.body.code).toBe('platform/forbidden');
    expect(JSON.stringify(refused.body)).not.toContain('lộ');
  });

  it('lets account holders edit their own name and phone, and nothing else', async () => {
    const p = await createPatron(t, { institutionId });
    const res = await t
      .http()
      .patch('/me')
      .set(auth(p.token))
      .send({ displayName: NFD('Hồ Thị Thu'), phone: '0912 345 678' })
      .expect(200);
    expect(res.body).toMatchObject({ displayName: 'Hồ Thị Thu', phone: '0912 345 678', systemAdmin: false });
    for (const body of [
      { systemAdmin: true },
      { status: 'active' },
      { email: 'khac@example.vn' },
      { staff: [{ institutionId, roles: ['manager'] }] },
      { adminUnitIds: [institutionId] },
      { patronId: p.patronId },
    ]) {
      expect((await t.http().patch('/me').set(auth(p.token)).send(body).expect(400)).body.code).toBe(
        'platform/validation_failed',
      );
    }
    const me = (await t.http().get('/me').set(auth(p.token)).expect(200)).body;
    expect(me).toMatchObject({ staff: [], adminUnitIds: [], account: { systemAdmin: false, email: p.email } });
  });

  it('lets system administrators disable an account, ending its sessions at once', async () => {
    const sys = await createSystemAdmin(t);
    const staff = await createStaff(t, { institutionId, roles: ['circulation'] });
    const s = (await t.http().post('/auth/sign-in').send({ login: staff.email, password: staff.password }).expect(200))
      .body;
    await t
      .http()
      .put(`/admin/accounts/${staff.accountId}/status`)
      .set(auth(staff.token))
      .send({ status: 'disabled' })
      .expect(403);
    const res = await t
      .http()
      .put(`/admin/accounts/${staff.accountId}/status`)
      .set(auth(sys.token))
      .send({ status: 'disabled' })
      .expect(200);
    expect(res.body.status).toBe('disabled');
    await t.http().get('/me').set(auth(s.accessToken)).expect(401);
    await t.http().post('/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    await t.http().post('/auth/sign-in').send({ login: staff.email, password: staff.password }).expect(401);
    await t
      .http()
      .put(`/admin/accounts/${staff.accountId}/status`)
      .set(auth(sys.token))
      .send({ status: 'active' })
      .expect(200);
    await t.http().post('/auth/sign-in').send({ login: staff.email, password: staff.password }).expect(200);
    const log = (
      await t.http().get('/audit').query({ action: 'admin.account_status_set' }).set(auth(sys.token)).expect(200)
    ).body;
    expect(log.total).toBe(2);
  });

  it('opens the queue dashboard to system administrators only', async () => {
    const sys = await createSystemAdmin(t);
    const staff = await createStaff(t, { institutionId, roles: ['manager'] });
    await t.http().get('/admin/queues').expect(401);
    await t.http().get('/admin/queues').set(auth(staff.token)).expect(401);
    const ok = await t.http().get('/admin/queues').set(auth(sys.token));
    expect(ok.status).toBe(200);
  });

  it('documents the identity and network endpoints in OpenAPI without password hashes', async () => {
    const docs = (await t.http().get('/docs/openapi.json').expect(200)).body;
    for (const path of [
      '/auth/sign-in',
      '/auth/refresh',
      '/me/export',
      '/patrons/{id}',
      '/units/tree',
      '/institutions/{id}/calendar',
      '/audit',
    ])
      expect(Object.keys(docs.paths)).toContain(path);
    expect(JSON.stringify(docs.components.schemas)).not.toMatch(/passwordHash|password_hash/);
  });
});
