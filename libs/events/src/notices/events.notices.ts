import { defineNoticeTemplates, template } from '@suotdoi/notices';

/** What every events notice says: the programme, when and where, and the ticket code. */
type SessionParams = { programme: string; startsAt: string; place: string; code: string };

/** Events' notices (confirmation, waitlist, promotion, offers, cancellations, reminders). Keys are stored: never rename one. */
export const EventsNotices = defineNoticeTemplates('events', {
  registration_confirmed: template<SessionParams & { seats: string }>({
    subject: { vi: 'Đăng ký thành công: {programme}', en: 'Registration confirmed: {programme}' },
    body: {
      vi: 'Bạn đã được xác nhận {seats} chỗ tham dự “{programme}” lúc {startsAt} tại {place}. Mã đăng ký (đưa khi điểm danh, có trong mã QR đính kèm): {code}.',
      en: 'You have {seats} confirmed seat(s) for “{programme}” at {startsAt}, {place}. Registration code (show it at the door; it is in the attached QR code): {code}.',
    },
    asWritten: ['programme', 'place', 'code', 'seats'],
  }),
  registration_waitlisted: template<SessionParams & { position: string }>({
    subject: { vi: 'Bạn đang trong danh sách chờ: {programme}', en: 'You are on the waitlist: {programme}' },
    body: {
      vi: '“{programme}” ({startsAt}, {place}) đã hết chỗ. Bạn đứng thứ {position} trong danh sách chờ; khi có chỗ, chúng tôi sẽ báo ngay. Mã đăng ký: {code}.',
      en: '“{programme}” ({startsAt}, {place}) is full. You are number {position} on the waitlist; we will tell you as soon as a seat frees up. Registration code: {code}.',
    },
    asWritten: ['programme', 'place', 'code', 'position'],
  }),
  seat_promoted: template<SessionParams>({
    subject: { vi: 'Bạn đã có chỗ: {programme}', en: 'You have a seat: {programme}' },
    body: {
      vi: 'Một chỗ vừa trống và đã được xác nhận cho bạn: “{programme}” lúc {startsAt} tại {place}. Mã đăng ký: {code}.',
      en: 'A seat freed up and is now confirmed for you: “{programme}” at {startsAt}, {place}. Registration code: {code}.',
    },
    asWritten: ['programme', 'place', 'code'],
  }),
  seat_offered: template<SessionParams & { until: string }>({
    subject: {
      vi: 'Có chỗ dành cho bạn — hãy xác nhận trước {until}',
      en: 'A seat is offered to you — claim it before {until}',
    },
    body: {
      vi: 'Một chỗ tham dự “{programme}” ({startsAt}, {place}) đang chờ bạn. Hãy xác nhận trước {until}, nếu không chỗ sẽ chuyển cho người tiếp theo. Mã đăng ký: {code}.',
      en: 'A seat for “{programme}” ({startsAt}, {place}) is waiting for you. Claim it before {until}, or it passes to the next person in line. Registration code: {code}.',
    },
    asWritten: ['programme', 'place', 'code'],
  }),
  offer_expired: template<SessionParams>({
    subject: { vi: 'Chỗ được mời đã hết hạn: {programme}', en: 'Your seat offer lapsed: {programme}' },
    body: {
      vi: 'Chỗ tham dự “{programme}” ({startsAt}) đã không được xác nhận kịp và đã chuyển cho người tiếp theo.',
      en: 'The seat for “{programme}” ({startsAt}) was not claimed in time and has passed to the next person in line.',
    },
    asWritten: ['programme', 'place', 'code'],
  }),
  registration_cancelled: template<SessionParams>({
    subject: { vi: 'Đã hủy đăng ký: {programme}', en: 'Registration cancelled: {programme}' },
    body: {
      vi: 'Đăng ký của bạn cho “{programme}” ({startsAt}) đã được hủy. Mã đăng ký: {code}.',
      en: 'Your registration for “{programme}” ({startsAt}) is cancelled. Registration code: {code}.',
    },
    asWritten: ['programme', 'place', 'code'],
  }),
  session_cancelled: template<SessionParams>({
    subject: { vi: 'Buổi sinh hoạt bị hủy: {programme}', en: 'Session cancelled: {programme}' },
    body: {
      vi: 'Rất tiếc, buổi “{programme}” lúc {startsAt} tại {place} đã bị ban tổ chức hủy. Đăng ký của bạn (mã {code}) không còn hiệu lực.',
      en: 'We are sorry: the session of “{programme}” at {startsAt}, {place} has been cancelled by the organisers. Your registration ({code}) no longer holds.',
    },
    asWritten: ['programme', 'place', 'code'],
  }),
  reminder: template<SessionParams>({
    subject: { vi: 'Nhắc lịch: {programme} lúc {startsAt}', en: 'Reminder: {programme} at {startsAt}' },
    body: {
      vi: 'Hẹn gặp bạn tại “{programme}” lúc {startsAt}, {place}. Mã đăng ký: {code}. Nếu không đến được, xin hãy hủy để nhường chỗ cho người khác.',
      en: 'See you at “{programme}” at {startsAt}, {place}. Registration code: {code}. If you cannot come, please cancel so someone else can have the seat.',
    },
    asWritten: ['programme', 'place', 'code'],
  }),
});
