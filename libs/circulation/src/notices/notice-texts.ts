import { bilingualHtml, bilingualSubject, bilingualText, VIETNAM_TZ, type MailMessage } from '@suotdoi/platform';
import type { CirculationNotice, NoticeKind, PatronContact } from '../ports/ports.js';

type Texts = {
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn: string;
  /** The bodies when the title is known (`title` param): patrons know a book by its title, not its barcode. */
  titledVi?: string;
  titledEn?: string;
};

const TEXTS: Record<NoticeKind, Texts> = {
  due_soon: {
    subjectVi: 'Sắp đến hạn trả tài liệu',
    subjectEn: 'Item due soon',
    bodyVi: 'Tài liệu {barcode} cần trả trước ngày {dueDate}.',
    bodyEn: 'Item {barcode} is due by {dueDate}.',
    titledVi: 'Tài liệu “{title}” (mã vạch {barcode}) cần trả trước ngày {dueDate}.',
    titledEn: 'Item “{title}” (barcode {barcode}) is due by {dueDate}.',
  },
  overdue: {
    subjectVi: 'Tài liệu quá hạn',
    subjectEn: 'Item overdue',
    bodyVi: 'Tài liệu {barcode} đã quá hạn trả từ ngày {dueDate}. Xin vui lòng trả hoặc gia hạn.',
    bodyEn: 'Item {barcode} has been overdue since {dueDate}. Please return or renew it.',
    titledVi: 'Tài liệu “{title}” (mã vạch {barcode}) đã quá hạn trả từ ngày {dueDate}. Xin vui lòng trả hoặc gia hạn.',
    titledEn: 'Item “{title}” (barcode {barcode}) has been overdue since {dueDate}. Please return or renew it.',
  },
  hold_ready: {
    subjectVi: 'Tài liệu đặt mượn đã sẵn sàng',
    subjectEn: 'Your hold is ready',
    bodyVi: 'Tài liệu {barcode} đang được giữ cho bạn đến hết ngày {pickupBy}.',
    bodyEn: 'Item {barcode} is being held for you until the end of {pickupBy}.',
    titledVi: 'Tài liệu “{title}” (mã vạch {barcode}) đang được giữ cho bạn đến hết ngày {pickupBy}.',
    titledEn: 'Item “{title}” (barcode {barcode}) is being held for you until the end of {pickupBy}.',
  },
  hold_expiring: {
    subjectVi: 'Sắp hết hạn nhận tài liệu đặt mượn',
    subjectEn: 'Hold about to expire',
    bodyVi: 'Tài liệu {barcode} chỉ được giữ cho bạn đến hết ngày {pickupBy}.',
    bodyEn: 'Item {barcode} is held for you only until the end of {pickupBy}.',
    titledVi: 'Tài liệu “{title}” (mã vạch {barcode}) chỉ được giữ cho bạn đến hết ngày {pickupBy}.',
    titledEn: 'Item “{title}” (barcode {barcode}) is held for you only until the end of {pickupBy}.',
  },
  eloan_ending: {
    subjectVi: 'Lượt mượn tài liệu số sắp kết thúc',
    subjectEn: 'E-loan ending',
    bodyVi: 'Lượt mượn tài liệu số của bạn sẽ kết thúc vào {endsAt}.',
    bodyEn: 'Your e-loan ends at {endsAt}.',
    titledVi: 'Lượt mượn tài liệu số “{title}” của bạn sẽ kết thúc vào {endsAt}.',
    titledEn: 'Your e-loan of “{title}” ends at {endsAt}.',
  },
  ehold_offered: {
    subjectVi: 'Tài liệu số bạn đặt mượn đã sẵn sàng',
    subjectEn: 'Your e-book hold is available',
    bodyVi: 'Tài liệu số bạn đặt mượn đang được giữ cho bạn đến {claimUntil}. Hãy mượn trước thời hạn này.',
    bodyEn: 'The e-book you placed a hold on is kept for you until {claimUntil}. Borrow it before then.',
    titledVi: 'Tài liệu số “{title}” bạn đặt mượn đang được giữ cho bạn đến {claimUntil}. Hãy mượn trước thời hạn này.',
    titledEn: 'The e-book “{title}” you placed a hold on is kept for you until {claimUntil}. Borrow it before then.',
  },
};

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM_TZ, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });

/** How a parameter reads in a text: days as dd/mm/yyyy, instants as "hh:mm dd/mm/yyyy" in Vietnam time. */
function display(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
    const p = Object.fromEntries(VIETNAM_TIME.formatToParts(new Date(value)).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
  }
  return value;
}

// Names (title, barcode) are shown as written: only dates and instants are reformatted.
const AS_WRITTEN = new Set(['title', 'barcode']);
const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : AS_WRITTEN.has(k) ? params[k] : display(params[k]))).normalize('NFC');

/** The body in one language: naming the item by its title when the notice has one. */
const body = (t: Texts, lang: 'vi' | 'en', params: Record<string, string>) => {
  const titled = lang === 'vi' ? t.titledVi : t.titledEn;
  return fill(params.title && titled ? titled : lang === 'vi' ? t.bodyVi : t.bodyEn, params);
};

/** The notice of one kind for one patron, in Vietnamese (and an English subject). */
export function noticeFor(kind: NoticeKind, patronId: string, params: Record<string, string>): CirculationNotice {
  const t = TEXTS[kind];
  return { patronId, kind, subjectVi: t.subjectVi, subjectEn: t.subjectEn, bodyVi: body(t, 'vi', params), params };
}

/**
 * The e-mail of a notice: subject and body in Vietnamese (the feed's text), then English; as plain text and as an
 * HTML alternative (escaped). Rendered when it is sent, so the English body needs no column of its own.
 */
export function noticeEmail(notice: CirculationNotice, to: PatronContact & { email: string }): MailMessage {
  const en = body(TEXTS[notice.kind], 'en', notice.params);
  const vi = `Chào ${to.name || 'bạn đọc'},\n\n${notice.bodyVi}\n\nBạn cũng xem được thông báo này trong mục Thông báo của tài khoản bạn đọc.`;
  const enText = `Hello${to.name ? ` ${to.name}` : ''},\n\n${en}\n\nYou can also find this notice under Notices in your reader account.`;
  const subject = bilingualSubject(notice.subjectVi, notice.subjectEn);
  return { to: to.email, subject, text: bilingualText(vi, enText), html: bilingualHtml(subject, vi, enText) };
}
