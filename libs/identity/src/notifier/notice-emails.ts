import { bilingualHtml, bilingualSubject, bilingualText, type MailMessage } from '@suotdoi/platform';
import type { Notice } from './notifier.js';

type Params = Record<string, string>;
type Texts = { subjectVi: string | ((p: Params) => string); subjectEn: string | ((p: Params) => string); vi: (p: Params) => string; en: (p: Params) => string };

const hello = (vi: boolean, p: Params) => (vi ? `Chào ${p.name || 'bạn'},` : `Hello${p.name ? ` ${p.name}` : ''},`);

/** A day (YYYY-MM-DD) as dd/mm/yyyy; anything else as it is. */
const day = (v: string) => v.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');

const TEXTS: Record<Notice['template'], Texts> = {
  verify_email: {
    subjectVi: 'Xác nhận địa chỉ e-mail của bạn',
    subjectEn: 'Confirm your e-mail address',
    vi: (p) =>
      `${hello(true, p)}\n\nCảm ơn bạn đã đăng ký làm bạn đọc. Hãy mở liên kết sau để xác nhận địa chỉ e-mail và kích hoạt tài khoản (liên kết chỉ dùng được một lần):\n\n${p.link}\n\nNếu bạn không đăng ký, xin bỏ qua thư này.`,
    en: (p) => `${hello(false, p)}\n\nThank you for registering as a reader. Open this link to confirm your e-mail address and activate your account (it works only once):\n\n${p.link}\n\nIf you did not register, please ignore this message.`,
  },
  reset_password: {
    subjectVi: 'Đặt lại mật khẩu',
    subjectEn: 'Reset your password',
    vi: (p) =>
      `${hello(true, p)}\n\nChúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Hãy mở liên kết sau để chọn mật khẩu mới (liên kết chỉ dùng được một lần và sớm hết hạn):\n\n${p.link}\n\nNếu bạn không yêu cầu, xin bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.`,
    en: (p) => `${hello(false, p)}\n\nWe received a request to reset the password of your account. Open this link to choose a new one (it works only once and expires soon):\n\n${p.link}\n\nIf you did not ask for this, please ignore this message: your password stays as it is.`,
  },
  set_password: {
    subjectVi: 'Chọn mật khẩu cho tài khoản thư viện',
    subjectEn: 'Choose a password for your library account',
    vi: (p) =>
      `${hello(true, p)}\n\nThư viện đã tạo tài khoản cho bạn${p.cardNumber ? ` (số thẻ bạn đọc: ${p.cardNumber})` : ''}. Hãy mở liên kết sau để chọn mật khẩu (liên kết chỉ dùng được một lần, trong 7 ngày):\n\n${p.link}`,
    en: (p) => `${hello(false, p)}\n\nThe library has created an account for you${p.cardNumber ? ` (library card number: ${p.cardNumber})` : ''}. Open this link to choose your password (it works only once, within 7 days):\n\n${p.link}`,
  },
  // Issued, or renewed (`renewed: 'true'`): the same notice with the new expiry day.
  card_issued: {
    subjectVi: (p) => (p.renewed === 'true' ? 'Thẻ bạn đọc của bạn đã được gia hạn' : 'Thẻ bạn đọc của bạn đã được cấp'),
    subjectEn: (p) => (p.renewed === 'true' ? 'Your library card has been renewed' : 'Your library card has been issued'),
    vi: (p) =>
      `${hello(true, p)}\n\nThẻ bạn đọc${p.cardNumber ? ` số ${p.cardNumber}` : ''} của bạn đã được ${p.renewed === 'true' ? 'gia hạn' : 'cấp'}${p.cardExpiresOn ? `, có giá trị đến ngày ${day(p.cardExpiresOn)}` : ''}.`,
    en: (p) => `${hello(false, p)}\n\nYour library card${p.cardNumber ? ` number ${p.cardNumber}` : ''} has been ${p.renewed === 'true' ? 'renewed' : 'issued'}${p.cardExpiresOn ? `, valid until ${day(p.cardExpiresOn)}` : ''}.`,
  },
};

const text = (v: string | ((p: Params) => string), p: Params) => (typeof v === 'string' ? v : v(p));

/** The e-mail of an account notice: subject and body in Vietnamese first, then English; plain text and HTML (escaped). */
export function noticeEmail(notice: Notice): MailMessage {
  const t = TEXTS[notice.template];
  const p = notice.params;
  const subject = bilingualSubject(text(t.subjectVi, p), text(t.subjectEn, p));
  return { to: notice.to, subject, text: bilingualText(t.vi(p), t.en(p)), html: bilingualHtml(subject, t.vi(p), t.en(p)) };
}
