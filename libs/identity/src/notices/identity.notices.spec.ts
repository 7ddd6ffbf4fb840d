import { describe, expect, it } from '@jest/globals';
import { noticeEmail, renderNotice, type NoticeParams, type NoticeTemplate } from '@suotdoi/notices';
import { IdentityNotices } from './identity.notices.js';

const email = <P extends NoticeParams>(t: NoticeTemplate<P>, params: P, name: string, inFeed = false) =>
  noticeEmail(
    renderNotice(t as unknown as NoticeTemplate<NoticeParams>, params),
    t as unknown as NoticeTemplate<NoticeParams>,
    { email: 'dao@thu.example', name, inFeed },
  );

describe('account e-mails', () => {
  it('announce an issued card with its number and expiry day (dd/mm/yyyy), Vietnamese first', () => {
    const m = email(
      IdentityNotices.card_issued,
      { cardNumber: 'BD-000042', cardExpiresOn: '2031-06-30' },
      'Đào Thị Đông'.normalize('NFD'),
      true,
    );
    expect(m.subject).toBe('Thẻ bạn đọc của bạn đã được cấp / Your library card has been issued');
    expect(m.text).toMatch(
      /^Chào Đào Thị Đông,\n\nThẻ bạn đọc số BD-000042 của bạn đã được cấp, có giá trị đến ngày 30\/06\/2031\./,
    );
    expect(m.text).toContain('Your library card number BD-000042 has been issued, valid until 30/06/2031.');
    expect(m.text).toContain('Bạn cũng xem được thông báo này trong mục Thông báo của tài khoản bạn đọc.');
  });

  it('announce a renewed card as renewed', () => {
    const m = email(
      IdentityNotices.card_issued,
      { cardNumber: 'BD-000042', cardExpiresOn: '2032-06-30', renewed: 'true' },
      'Đào Thị Đông',
    );
    expect(m.subject).toBe('Thẻ bạn đọc của bạn đã được gia hạn / Your library card has been renewed');
    expect(m.text).toContain('Thẻ bạn đọc số BD-000042 của bạn đã được gia hạn, có giá trị đến ngày 30/06/2032.');
    expect(m.text).toContain('Your library card number BD-000042 has been renewed, valid until 30/06/2032.');
  });

  it('carry an HTML part, escaped, with the link clickable and kept as written, beside the text part', () => {
    const link = 'https://thuvien.example.vn/verify?token=abc-123&lang=vi&day=2026-01-01';
    const m = email(IdentityNotices.verify_email, { link, token: 'abc-123' }, 'Tôi & "Đất" <Mẹ>');
    expect(m.text).toContain('Chào Tôi & "Đất" <Mẹ>,');
    expect(m.text).toContain(link);
    expect(m.text).not.toContain('Bạn cũng xem được');
    expect(m.html).toContain('<html lang="vi">');
    expect(m.html).toContain('<title>Xác nhận địa chỉ e-mail của bạn / Confirm your e-mail address</title>');
    expect(m.html).toContain('<p>Chào Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;,</p>');
    expect(m.html).toContain('<p>Hello Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;,</p>');
    expect(m.html).toContain(`<a href="${link.replace(/&/g, '&amp;')}">`);
    expect(m.html).not.toContain('<Mẹ>');
  });

  it('greet someone without a name as “bạn”', () => {
    const m = email(
      IdentityNotices.set_password,
      { link: 'https://thuvien.example.vn/reset-password?token=x', token: 'x', cardNumber: 'SD000000001' },
      '',
    );
    expect(m.text).toMatch(/^Chào bạn,\n\nThư viện đã tạo tài khoản cho bạn \(số thẻ bạn đọc: SD000000001\)/);
    expect(m.text).toContain('\nHello,\n');
  });
});
