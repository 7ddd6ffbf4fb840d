import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMailTransport, loadConfig, MailRejectedError, SmtpMailTransport } from '@suotdoi/platform';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';

// The SMTP adapter against a real SMTP server on loopback: authentication from the URL, the sender from MAIL_FROM,
// UTF-8 headers and body, and a refused message rejects (so callers can retry).
describe('SMTP mail transport', () => {
  let smtp: TestSmtpServer;
  let transport: SmtpMailTransport;
  const MAIL_FROM = 'Thư viện tỉnh Hà Giang <no-reply@thuvien.hagiang.example>';

  beforeAll(async () => {
    smtp = await startSmtpServer({
      auth: { user: 'thu.vien@hagiang', pass: 'mật khẩu/đúng:1@2' },
      refuseRecipient: (a) => (a.startsWith('hong@') ? { code: 550, message: 'No such user' } : undefined),
    });
    transport = createMailTransport(loadConfig({ SMTP_URL: smtp.url, MAIL_FROM })) as SmtpMailTransport;
  });
  afterAll(async () => {
    transport?.onApplicationShutdown();
    await smtp?.close();
  });

  it('authenticates with the URL credentials and delivers Vietnamese text intact (UTF-8, NFC)', async () => {
    expect(transport.kind).toBe('smtp');
    const text = 'Chào Đặng Thị Huệ,\n\nTài liệu «Truyện Kiều» đã sẵn sàng. Ưu tiên: ỗ ữ ặ đ Đ.\n';
    await transport.send({
      to: 'hue.dang@thu.example',
      subject: 'Tài liệu đặt mượn đã sẵn sàng / Your hold is ready',
      text,
    });
    expect(smtp.received).toHaveLength(1);
    const m = smtp.received[0];
    expect(m.envelopeFrom).toBe('no-reply@thuvien.hagiang.example');
    expect(m.envelopeTo).toEqual(['hue.dang@thu.example']);
    expect(m.from).toEqual({ name: 'Thư viện tỉnh Hà Giang', address: 'no-reply@thuvien.hagiang.example' });
    expect(m.subject).toBe('Tài liệu đặt mượn đã sẵn sàng / Your hold is ready');
    expect(m.text).toBe(text);
    expect(m.raw).toMatch(/charset=utf-8/i);
  });

  it('rejects with MailRejectedError when the recipient is refused for good, with a retryable error when the credentials are wrong', async () => {
    const refused = await transport
      .send({ to: 'hong@thu.example', subject: 'Thử', text: 'Thử' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MailRejectedError);
    expect((refused as MailRejectedError).responseCode).toBe(550);
    const wrong = createMailTransport(
      loadConfig({ SMTP_URL: smtp.url.replace(/:[^:@]+@/, ':sai@') }),
    ) as SmtpMailTransport;
    try {
      const failed = await wrong
        .send({ to: 'hue.dang@thu.example', subject: 'Thử', text: 'Thử' })
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      expect(failed).not.toBeInstanceOf(MailRejectedError);
      expect((failed as Error).message).toMatch(/535|Invalid/);
    } finally {
      wrong.onApplicationShutdown();
    }
    expect(smtp.received).toHaveLength(1);
  });
});
