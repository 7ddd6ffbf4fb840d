import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsService, PatronsService } from '@suotdoi/identity';
import { NoticeRecorder } from '@suotdoi/notices';
import { MAIL_TRANSPORT, type MailTransport } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { FIXTURE_PASSWORD, auth, createInstitution, createPatron, createStaff } from '../../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';

const MAIL_FROM = 'Thư viện Suốt Đời <no-reply@suotdoi.example>';
const tokenIn = (text: string, path: string) => new RegExp(`/${path}\\?token=([\\w-]+)`).exec(text)?.[1];
const CARD_ISSUED = 'Thẻ bạn đọc của bạn đã được cấp / Your library card has been issued';
const CARD_RENEWED = 'Thẻ bạn đọc của bạn đã được gia hạn / Your library card has been renewed';
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

// With SMTP_URL set, account e-mails go through a real SMTP server: bilingual (Vietnamese first), from MAIL_FROM,
// with a link that works, as plain text and as HTML. The worker runs: the "card issued" e-mail goes through the outbox.
describe('account e-mails over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let institutionId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer({
      refuseRecipient: (a) => (a.startsWith('tu-choi') ? { code: 451, message: 'Try again later' } : undefined),
    });
    t = await bootTestApp({
      worker: true,
      env: { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL: 'https://thuvien.example.vn' },
    });
    institutionId = (await createInstitution(t, { name: 'Thư viện xã Đồng Văn' })).institutionId;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('uses the SMTP transport', () => {
    expect(t.app.get<MailTransport>(MAIL_TRANSPORT).kind).toBe('smtp');
  });

  const mails = (to: string, subject: string) => smtp.to(to).filter((m) => m.subject === subject);

  it('sends the verification link on registration; following it activates the account and e-mails the card', async () => {
    const email = 'dang.van.quy@thu.example';
    await t
      .http()
      .post('/auth/register')
      .send({
        email,
        password: FIXTURE_PASSWORD,
        fullName: 'Đặng Văn Quý'.normalize('NFD'),
        birthDate: '1991-03-08',
        category: 'adult',
        homeInstitutionId: institutionId,
      })
      .expect(201);
    const [m] = await eventually(() => smtp.to(email).length && smtp.to(email));
    expect(smtp.to(email)).toHaveLength(1);
    expect(m.from).toEqual({ name: 'Thư viện Suốt Đời', address: 'no-reply@suotdoi.example' });
    expect(m.subject).toBe('Xác nhận địa chỉ e-mail của bạn / Confirm your e-mail address');
    expect(m.text).toContain('Chào Đặng Văn Quý,');
    expect(m.text.indexOf('Chào')).toBeLessThan(m.text.indexOf('Hello'));
    const token = tokenIn(m.text, 'verify');
    expect(token).toBeTruthy();
    expect(m.text).toContain(`https://thuvien.example.vn/verify?token=${token}`);
    // The HTML alternative: the same texts, the link clickable.
    expect(m.parsed.html).toContain('<p>Chào Đặng Văn Quý,</p>');
    expect(m.parsed.html).toContain(
      `<a href="https://thuvien.example.vn/verify?token=${token}">https://thuvien.example.vn/verify?token=${token}</a>`,
    );
    expect(m.raw).toMatch(/multipart\/alternative/i);
    const verified = await t.http().post('/auth/verify-email').send({ token }).expect(200);
    expect(verified.body.status).toBe('active');

    const [card] = await eventually(() => mails(email, CARD_ISSUED).length && mails(email, CARD_ISSUED));
    const { cardNumber, cardExpiresOn } = verified.body as { cardNumber: string; cardExpiresOn: string };
    expect(card.text).toMatch(/^Chào Đặng Văn Quý,\n\n/);
    expect(card.text).toContain(
      `Thẻ bạn đọc số ${cardNumber} của bạn đã được cấp, có giá trị đến ngày ${ddmmyyyy(cardExpiresOn)}.`,
    );
    expect(card.text).toContain(
      `Your library card number ${cardNumber} has been issued, valid until ${ddmmyyyy(cardExpiresOn)}.`,
    );
    expect(card.parsed.html).toContain(
      `<p>Thẻ bạn đọc số ${cardNumber} của bạn đã được cấp, có giá trị đến ngày ${ddmmyyyy(cardExpiresOn)}.</p>`,
    );
    // The link works once: following it again issues nothing and sends nothing more.
    await t.http().post('/auth/verify-email').send({ token }).expect(400);
    await new Promise((r) => setTimeout(r, 500));
    expect(mails(email, CARD_ISSUED)).toHaveLength(1);
  });

  it('e-mails a renewed card once per renewal, recorded with the change (one notice per issue)', async () => {
    const p = await createPatron(t, { institutionId, fullName: 'Đinh Thị Ngọc Đào' });
    await eventually(() => mails(p.email, CARD_ISSUED).length);
    const staff = await createStaff(t, { institutionId, roles: ['circulation'] });
    const renewed = await t.http().post(`/patrons/${p.patronId}/renew-card`).set(auth(staff.token)).expect(200);
    const [m] = await eventually(() => mails(p.email, CARD_RENEWED).length && mails(p.email, CARD_RENEWED));
    expect(m.text).toContain(
      `Thẻ bạn đọc số ${p.cardNumber} của bạn đã được gia hạn, có giá trị đến ngày ${ddmmyyyy(renewed.body.cardExpiresOn)}.`,
    );
    expect(m.parsed.html).toContain('<p>Chào Đinh Thị Ngọc Đào,</p>');
    await new Promise((r) => setTimeout(r, 500));
    expect(mails(p.email, CARD_ISSUED)).toHaveLength(1);
    expect(mails(p.email, CARD_RENEWED)).toHaveLength(1);
    const rows: { dedupe_key: string; sent: boolean }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT dedupe_key, sent_at IS NOT NULL AS sent FROM notices.notices WHERE template = 'identity.card_issued' AND patron_id = $1 ORDER BY created_at`,
        [p.patronId],
      );
    expect(rows).toEqual([
      {
        dedupe_key: expect.stringMatching(new RegExp(`^identity:card_issued:${p.patronId}:${p.cardNumber}:`)),
        sent: true,
      },
      { dedupe_key: `identity:card_issued:${p.patronId}:${p.cardNumber}:${renewed.body.cardExpiresOn}`, sent: true },
    ]);
    // Both are in the patron's feed.
    const feed = await t.http().get('/me/notices').set(auth(p.token)).expect(200);
    expect(
      feed.body.items
        .filter((n: { template: string }) => n.template === 'identity.card_issued')
        .map((n: { subjectVi: string }) => n.subjectVi),
    ).toEqual(['Thẻ bạn đọc của bạn đã được gia hạn', 'Thẻ bạn đọc của bạn đã được cấp']);
  });

  it('sends no card e-mail to a patron registered at the desk without an address: the notice is in the feed only', async () => {
    const staff = await createStaff(t, { institutionId, roles: ['circulation'] });
    const principal = (await t.app.get(AccountsService, { strict: false }).principal(staff.accountId))!;
    const patron = await t.app.get(PatronsService, { strict: false }).registerAtDesk(principal, {
      fullName: 'Giàng Thị Dợ',
      birthDate: '1968-09-02',
      category: 'adult',
      homeInstitutionId: institutionId,
      email: null,
    });
    expect(patron.cardNumber).toBeTruthy();
    const db = t.app.get(DataSource);
    // Wait until the worker has handled its delivery, then see that nothing was sent.
    await eventually(async () => {
      const [row]: { processed: boolean }[] = await db.query(
        `SELECT o.processed_at IS NOT NULL AS processed FROM platform.outbox o JOIN notices.notices n ON n.id = (o.payload->>'noticeId')::uuid WHERE o.topic = 'notices.deliver' AND n.patron_id = $1`,
        [patron.id],
      );
      return row?.processed;
    });
    const rows: unknown[] = await db.query(`SELECT template, sent_at FROM notices.notices WHERE patron_id = $1`, [
      patron.id,
    ]);
    expect(rows).toEqual([{ template: 'identity.card_issued', sent_at: null }]);
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
    // The recorder keeps every notice outside production (what the other e2e tests read); nothing is stored.
    expect(t.app.get(NoticeRecorder).lastTo(p.email, 'identity.reset_password')?.params.token).toBe(
      tokenIn(m.text, 'reset-password'),
    );
    expect(
      await t.app.get(DataSource).query(`SELECT 1 FROM notices.notices WHERE template = 'identity.reset_password'`),
    ).toEqual([]);
    await t
      .http()
      .post('/auth/password-reset/confirm')
      .send({ token: tokenIn(m.text, 'reset-password'), newPassword: 'Mật-khẩu-mới-từ-thư' })
      .expect(204);
    await t.http().post('/auth/sign-in').send({ login: p.email, password: 'Mật-khẩu-mới-từ-thư' }).expect(200);
  });

  it('answers a reset request the same when the server refuses the e-mail, and for unknown addresses', async () => {
    const p = await createPatron(t, { institutionId, email: 'tu-choi@thu.example' });
    const resets = () => smtp.received.filter((m) => m.subject.startsWith('Đặt lại mật khẩu')).length;
    const before = resets();
    const refused = await t.http().post('/auth/password-reset').send({ email: p.email }).expect(202);
    const unknown = await t.http().post('/auth/password-reset').send({ email: 'khong-ai@thu.example' }).expect(202);
    expect(refused.body).toEqual(unknown.body);
    expect(resets()).toBe(before);
    // Its "card issued" e-mail, refused for now (451), stays unsent and is retried later by the relay (with backoff);
    // the error kept on the outbox row names no address.
    const db = t.app.get(DataSource);
    const retried = await eventually(async () => {
      const [row]: { attempts: number; available_later: boolean; last_error: string; processed: boolean }[] =
        await db.query(
          `SELECT o.attempts, o.available_at > now() AS available_later, o.last_error, o.processed_at IS NOT NULL AS processed
         FROM platform.outbox o JOIN notices.notices n ON n.id = (o.payload->>'noticeId')::uuid WHERE o.topic = 'notices.deliver' AND n.patron_id = $1`,
          [p.patronId],
        );
      return row?.attempts > 0 && row;
    });
    expect(retried).toMatchObject({ attempts: 1, available_later: true, processed: false });
    expect(retried.last_error).toContain('451 Try again later');
    expect(retried.last_error).not.toContain('tu-choi@thu.example');
    expect(await db.query(`SELECT sent_at FROM notices.notices WHERE patron_id = $1`, [p.patronId])).toEqual([
      { sent_at: null },
    ]);
  });
});
