import { bilingualSubject, bilingualText, type MailMessage } from '@suotdoi/platform';
import type { Notice } from './notifier.js';

type Texts = { subjectVi: string; subjectEn: string; vi: (p: Record<string, string>) => string; en: (p: Record<string, string>) => string };

const hello = (vi: boolean, p: Record<string, string>) => (vi ? `Chào ${p.name || 'bạn'},` : `Hello${p.name ? ` ${p.name}` : ''},`);

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
  card_issued: {
    subjectVi: 'Thẻ bạn đọc của bạn đã được cấp',
    subjectEn: 'Your library card has been issued',
    vi: (p) => `${hello(true, p)}\n\nThẻ bạn đọc${p.cardNumber ? ` số ${p.cardNumber}` : ''} của bạn đã được cấp${p.cardExpiresOn ? `, có giá trị đến ngày ${p.cardExpiresOn}` : ''}.`,
    en: (p) => `${hello(false, p)}\n\nYour library card${p.cardNumber ? ` number ${p.cardNumber}` : ''} has been issued${p.cardExpiresOn ? `, valid until ${p.cardExpiresOn}` : ''}.`,
  },
};

/** The e-mail of an account notice: subject and body in Vietnamese first, then English. */
export function noticeEmail(notice: Notice): MailMessage {
  const t = TEXTS[notice.template];
  return { to: notice.to, subject: bilingualSubject(t.subjectVi, t.subjectEn), text: bilingualText(t.vi(notice.params), t.en(notice.params)) };
}
