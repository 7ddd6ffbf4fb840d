import { bilingualHtml, bilingualSubject, bilingualText, type MailMessage } from '@suotdoi/platform';
import type { NoticeTemplateSpec, NoticeParams, RenderedNotice } from '../templates/notice-template.js';

/**
 * The e-mail of a notice: greeting by name, the body, and (for feed notices) where else to find it, in Vietnamese
 * then English; plain text and an escaped HTML alternative.
 */
export function noticeEmail(
  r: RenderedNotice,
  t: Pick<NoticeTemplateSpec<NoticeParams>, 'anonymous'>,
  to: { email: string; name: string | null | undefined; inFeed: boolean },
): MailMessage {
  const name = to.name?.normalize('NFC').trim();
  const vi = `Chào ${name || t.anonymous?.vi || 'bạn'},\n\n${r.bodyVi}${to.inFeed ? '\n\nBạn cũng xem được thông báo này trong mục Thông báo của tài khoản bạn đọc.' : ''}`;
  const en = `Hello${name ? ` ${name}` : ''},\n\n${r.bodyEn}${to.inFeed ? '\n\nYou can also find this notice under Notices in your reader account.' : ''}`;
  const subject = bilingualSubject(r.subjectVi, r.subjectEn);
  return { to: to.email, subject, text: bilingualText(vi, en), html: bilingualHtml(subject, vi, en) };
}
