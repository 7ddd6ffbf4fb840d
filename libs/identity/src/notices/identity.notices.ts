import { defineNoticeTemplates, template } from '@suotdoi/notices';

/** Identity's notices: account e-mails (verification, password links — sent at once, never stored) and the card. */
export const IdentityNotices = defineNoticeTemplates('identity', {
  verify_email: template<{ link: string; token: string }>({
    subject: { vi: 'Xác nhận địa chỉ e-mail của bạn', en: 'Confirm your e-mail address' },
    body: {
      vi: 'Cảm ơn bạn đã đăng ký làm bạn đọc. Hãy mở liên kết sau để xác nhận địa chỉ e-mail và kích hoạt tài khoản (liên kết chỉ dùng được một lần):\n\n{link}\n\nNếu bạn không đăng ký, xin bỏ qua thư này.',
      en: 'Thank you for registering as a reader. Open this link to confirm your e-mail address and activate your account (it works only once):\n\n{link}\n\nIf you did not register, please ignore this message.',
    },
    asWritten: ['link'],
  }),
  reset_password: template<{ link: string; token: string }>({
    subject: { vi: 'Đặt lại mật khẩu', en: 'Reset your password' },
    body: {
      vi: 'Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Hãy mở liên kết sau để chọn mật khẩu mới (liên kết chỉ dùng được một lần và sớm hết hạn):\n\n{link}\n\nNếu bạn không yêu cầu, xin bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.',
      en: 'We received a request to reset the password of your account. Open this link to choose a new one (it works only once and expires soon):\n\n{link}\n\nIf you did not ask for this, please ignore this message: your password stays as it is.',
    },
    asWritten: ['link'],
  }),
  set_password: template<{ link: string; token: string; cardNumber?: string }>({
    subject: { vi: 'Chọn mật khẩu cho tài khoản thư viện', en: 'Choose a password for your library account' },
    body: {
      vi: (p) =>
        `Thư viện đã tạo tài khoản cho bạn${p.cardNumber ? ` (số thẻ bạn đọc: ${p.cardNumber})` : ''}. Hãy mở liên kết sau để chọn mật khẩu (liên kết chỉ dùng được một lần, trong 7 ngày):\n\n${p.link}`,
      en: (p) =>
        `The library has created an account for you${p.cardNumber ? ` (library card number: ${p.cardNumber})` : ''}. Open this link to choose your password (it works only once, within 7 days):\n\n${p.link}`,
    },
  }),
  staff_invitation: template<{
    institutionName: string;
    rolesVi: string;
    rolesEn: string;
    link: string;
    token: string;
    days: string;
  }>({
    subject: {
      vi: 'Lời mời tham gia đội ngũ {institutionName}',
      en: 'Invitation to join the staff of {institutionName}',
    },
    body: {
      vi: '{institutionName} mời bạn làm việc với vai trò: {rolesVi}. Hãy mở liên kết sau để chấp nhận (liên kết chỉ dùng được một lần, trong {days} ngày). Nếu bạn đã có tài khoản với địa chỉ này, hãy đăng nhập trước; nếu chưa, bạn sẽ chọn mật khẩu cho tài khoản mới:\n\n{link}\n\nNếu bạn không mong đợi lời mời này, xin bỏ qua thư: không có gì thay đổi.',
      en: '{institutionName} invites you to its staff with the roles: {rolesEn}. Open this link to accept (it works only once, within {days} days). If you already have an account with this address, sign in first; if not, you will choose a password for a new account:\n\n{link}\n\nIf you did not expect this invitation, ignore this message: nothing changes.',
    },
    asWritten: ['link'],
  }),
  // Issued, or renewed (`renewed: 'true'`): the same notice with the new expiry day.
  card_issued: template<{ cardNumber?: string; cardExpiresOn: string; renewed?: 'true' }>({
    subject: {
      vi: (p) => (p.renewed === 'true' ? 'Thẻ bạn đọc của bạn đã được gia hạn' : 'Thẻ bạn đọc của bạn đã được cấp'),
      en: (p) => (p.renewed === 'true' ? 'Your library card has been renewed' : 'Your library card has been issued'),
    },
    body: {
      vi: (p) =>
        `Thẻ bạn đọc${p.cardNumber ? ` số ${p.cardNumber}` : ''} của bạn đã được ${p.renewed === 'true' ? 'gia hạn' : 'cấp'}${p.cardExpiresOn ? `, có giá trị đến ngày ${ddmmyyyy(p.cardExpiresOn)}` : ''}.`,
      en: (p) =>
        `Your library card${p.cardNumber ? ` number ${p.cardNumber}` : ''} has been ${p.renewed === 'true' ? 'renewed' : 'issued'}${p.cardExpiresOn ? `, valid until ${ddmmyyyy(p.cardExpiresOn)}` : ''}.`,
    },
  }),
});

/** A day (YYYY-MM-DD) as dd/mm/yyyy; anything else as it is. */
const ddmmyyyy = (v: string) => v.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');

/** One card notice per issue: a renewal changes the expiry day, so it is an issue of its own. */
export const cardIssuedDedupeKey = (p: { patronId: string; cardNumber: string | null; cardExpiresOn: string }) =>
  `card_issued:${p.patronId}:${p.cardNumber ?? '-'}:${p.cardExpiresOn}`;
