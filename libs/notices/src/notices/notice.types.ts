import type { NoticeParams, NoticeTemplate } from '../templates/notice-template.js';

/**
 * Who a notice is for. A patron or an account gets a feed row (`GET /me/notices`) and an e-mail to the address their
 * account has when it is sent (looked up then, never stored here); a guest without an account (an event's walk-in)
 * gets only the e-mail, or a logged SMS when they left only a phone number.
 */
export type NoticeRecipient =
  | { patronId: string; accountId?: string }
  | { accountId: string }
  | { guest: { name?: string; email?: string; phone?: string } };

/** A file sent with the e-mail (e.g. an iCalendar `.ics` invitation). Kept with the notice until it is erased. */
export interface NoticeAttachment {
  /** File name as the reader sees it, e.g. `ngay-sach-2026.ics`. */
  name: string;
  /** e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  contentType: string;
  content: Buffer | string;
}

/** One notice to record in the caller's transaction and deliver once through the outbox. */
export interface NotifyInput<P extends NoticeParams> {
  to: NoticeRecipient;
  template: NoticeTemplate<P>;
  params: P;
  /**
   * Names the event the notice is about (e.g. `due_soon:<loan>:<day>`, `reminder:<registration>:<session>`): a second
   * notify with the same key and template module records nothing. Scoped by the template's module.
   */
  dedupeKey: string;
  attachments?: NoticeAttachment[];
  /** Show it in the recipient's feed (default: yes for patrons and accounts; guests have no feed). */
  feed?: boolean;
  /** Send it by e-mail (default: yes). */
  email?: boolean;
}

/** A notice sent at once and never stored: for e-mails carrying a single-use secret (verification, password links). */
export interface SendNowInput<P extends NoticeParams> {
  to: { email: string; name?: string | null };
  template: NoticeTemplate<P>;
  params: P;
}

/** Where a patron or account is reached, as identity knows it when the notice is sent. */
export interface NoticeContact {
  email: string | null;
  phone: string | null;
  name: string | null;
}

/**
 * Finds a recipient's contact (identity registers the one source at start-up). Undefined when the patron or account
 * is gone; an erased patron has no contact (null fields).
 */
export interface NoticeContactSource {
  contact(r: { patronId?: string | null; accountId?: string | null }): Promise<NoticeContact | undefined>;
}

/** A notice as the feed and delivery read it (rendered from its template and params). */
export interface NoticeView {
  id: string;
  template: string;
  params: NoticeParams;
  patronId: string | null;
  accountId: string | null;
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn: string;
  inFeed: boolean;
  attachments: { name: string; contentType: string; size: number }[];
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}
