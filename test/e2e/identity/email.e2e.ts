import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LoggingNotifier } from '@suotdoi/identity';
import { MAIL_TRANSPORT, type MailTransport } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { FIXTURE_PASSWORD, createInstitution, createPatron } from '../../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';

const MAIL_FROM = 'Thư viện Suốt Đời <no-reply@suotdoi.example>';
const tokenIn = (text: string, path: string) => new RegExp(`/${path}\\?token=([\\w-]+)`).exec(text)?.[1];

// With SMTP_URL set, account e-mails go through a real SMTP server: bilingual (Vietnamese first), from MAIL_FROM,
// with a link that works.
describe('account e-mails over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let institutionId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer({ refuseRecipient: (a) => (a.startsWith('tu-choi') ? { code: 451, message: 'Try again later' } : undefined) });
    t = await bootTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL: 'https://thuvien.example.vn' } });
    institutionId = (await createInstitution(t, { name: 'Thư viện xã Đồng Văn' })).institutionId;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('uses the SMTP transport', () => {
    expect(t.app.get<MailTransport>(MAIL_TRANSPORT).kind).toBe('smtp');
  });

  it('sends the verification link on registration; following it activates the account', async () => {
    const email = 'dang.van.quy@thu.example';
    await t
      .http()
      .post('/auth/register')
      .send({ email, password: FIXTURE_PASSWORD, fullName: 'Đặng Văn Quý'.normalize('NFD'), birthDate: '1991-03-08', category: 'adult', homeInstitutionId: institutionId })
      .expect(201);
    const [m] = await eventually(() => smtp.to(email).length && smtp.to(email));
    expect(m.from).toEqual({ name: 'Thư viện Suốt Đời', address: 'no-reply@suotdoi.example' });
    expect(m.subject).toBe('Xác nhận địa chỉ e-mail của bạn / Confirm your e-mail address');
    expect(m.text).toContain('Chào Đặng Văn Quý,');
    expect(m.text.indexOf('Chào')).toBeLessThan(m.text.indexOf('Hello'));
    const token = tokenIn(m.text, 'verify');
    expect(token).toBeTruthy();
    expect(m.text).toContain(`https://thuvien.example.vn/verify?token=${token}`);
    const verified = await t.http().post('/auth/verify-email').send({ token }).expect(200);
    expect(verified.body.status).toBe('active');
  });

  it('sends a password reset in Vietnamese, then English, whose link sets the new password', async () => {
    const p = await createPatron(t, { institutionId, fullName: 'Hoàng Thị Thu Hương' });
    await t.http().post('/auth/password-reset').send({ email: p.email.toUpperCase() }).expect(202);
    const m = await eventually(() => smtp.to(p.email).find((x) => x.subject.startsWith('Đặt lại mật khẩu')));
    expect(m.envelopeTo).toEqual([p.email]);
    expect(m.envelopeFrom).toBe('no-reply@suotdoi.example');
    expect(m.subject).toBe('Đặt lại mật khẩu / Reset your password');
    expect(m.text).toMatch(/^Chào Hoàng Thị Thu Hương,\n\nChúng tôi nhận được yêu cầu đặt lại mật khẩu/);
    expect(m.text).toContain('Hello Hoàng Thị Thu Hương,');
    expect(m.text).toBe(m.text.normalize('NFC'));
    expect(m.raw).toMatch(/charset=utf-8/i);
    // LoggingNotifier still records every notice (what the other e2e tests read).
    expect(t.app.get(LoggingNotifier).lastTo(p.email, 'reset_password')?.params.token).toBe(tokenIn(m.text, 'reset-password'));
    await t.http().post('/auth/password-reset/confirm').send({ token: tokenIn(m.text, 'reset-password'), newPassword: 'Mật-khẩu-mới-từ-thư' }).expect(204);
    await t.http().post('/auth/sign-in').send({ login: p.email, password: 'Mật-khẩu-mới-từ-thư' }).expect(200);
  });

  it('answers a reset request the same when the server refuses the e-mail, and for unknown addresses', async () => {
    const p = await createPatron(t, { institutionId, email: 'tu-choi@thu.example' });
    const before = smtp.received.length;
    const refused = await t.http().post('/auth/password-reset').send({ email: p.email }).expect(202);
    const unknown = await t.http().post('/auth/password-reset').send({ email: 'khong-ai@thu.example' }).expect(202);
    expect(refused.body).toEqual(unknown.body);
    expect(smtp.received.length).toBe(before);
  });
});
