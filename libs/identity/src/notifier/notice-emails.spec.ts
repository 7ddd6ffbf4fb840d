import { describe, expect, it } from '@jest/globals';
import { noticeEmail } from './notice-emails.js';

describe('account e-mails', () => {
  it('announce an issued card with its number and expiry day (dd/mm/yyyy), Vietnamese first', () => {
    const m = noticeEmail({ channel: 'email', to: 'dao@thu.example', template: 'card_issued', params: { name: 'Đào Thị Đông'.normalize('NFD'), cardNumber: 'BD-000042', cardExpiresOn: '2031-06-30' } });
    expect(m.subject).toBe('Thẻ bạn đọc của bạn đã được cấp / Your library card has been issued');
    expect(m.text).toMatch(/^Chào Đào Thị Đông,\n\nThẻ bạn đọc số BD-000042 của bạn đã được cấp, có giá trị đến ngày 30\/06\/2031\./);
    expect(m.text).toContain('Your library card number BD-000042 has been issued, valid until 30/06/2031.');
  });

  it('announce a renewed card as renewed', () => {
    const m = noticeEmail({ channel: 'email', to: 'dao@thu.example', template: 'card_issued', params: { name: 'Đào Thị Đông', cardNumber: 'BD-000042', cardExpiresOn: '2032-06-30', renewed: 'true' } });
    expect(m.subject).toBe('Thẻ bạn đọc của bạn đã được gia hạn / Your library card has been renewed');
    expect(m.text).toContain('Thẻ bạn đọc số BD-000042 của bạn đã được gia hạn, có giá trị đến ngày 30/06/2032.');
    expect(m.text).toContain('Your library card number BD-000042 has been renewed, valid until 30/06/2032.');
  });

  it('carry an HTML part, escaped, with the link clickable, beside the text part', () => {
    const link = 'https://thuvien.example.vn/verify?token=abc-123&lang=vi';
    const m = noticeEmail({ channel: 'email', to: 'x@thu.example', template: 'verify_email', params: { name: 'Tôi & "Đất" <Mẹ>', link, token: 'abc-123' } });
    expect(m.text).toContain('Chào Tôi & "Đất" <Mẹ>,');
    expect(m.text).toContain(link);
    expect(m.html).toContain('<html lang="vi">');
    expect(m.html).toContain('<title>Xác nhận địa chỉ e-mail của bạn / Confirm your e-mail address</title>');
    expect(m.html).toContain('<p>Chào Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;,</p>');
    expect(m.html).toContain('<p>Hello Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;,</p>');
    expect(m.html).toContain('<a href="https://thuvien.example.vn/verify?token=abc-123&amp;lang=vi">https://thuvien.example.vn/verify?token=abc-123&amp;lang=vi</a>');
    expect(m.html).not.toContain('<Mẹ>');
  });
});
