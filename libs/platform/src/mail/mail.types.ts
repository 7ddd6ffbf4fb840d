/**
 * The mail port: one interface, two adapters (SMTP when SMTP_URL is set, the log otherwise). Domain modules render
 * their own texts and hand a finished message to MAIL_TRANSPORT; the sender (MAIL_FROM) is the transport's.
 */
import { escapeMarkup } from '../http/escape.js';

/** A file attached to an e-mail (e.g. an iCalendar invitation). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** One e-mail to one recipient. `text` is the plain-text body; `html` an optional alternative; `attachments` files. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

/**
 * Sends e-mail. `send` resolves once the server accepted the message and rejects when it did not: with
 * MailRejectedError when this message can never be delivered, with any other error when a retry may succeed.
 */
export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('suotdoi:mail-transport');

/** The server refused this message for good (e.g. SMTP 550 "no such user"): retrying it cannot help. */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    /** The server's reply code, when it gave one. */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailRejectedError';
  }
}

/** A subject in Vietnamese, then English (NFC, so a decomposed name or param never reaches the wire). */
export function bilingualSubject(vi: string, en: string): string {
  return `${vi.trim()} / ${en.trim()}`.normalize('NFC');
}

/** A plain-text body: the Vietnamese text first, then the English one below a rule. */
export function bilingualText(vi: string, en: string): string {
  return `${vi.trim()}\n\n——————————\nEnglish\n\n${en.trim()}\n`.normalize('NFC');
}

// A link ends at white space or a quote; a full stop or comma right after it is the sentence's, not the link's.
const LINK = /(https?:\/\/[^\s<>"'“”«»]*[^\s<>"'“”«».,;:!?)])/;

const line = (l: string) =>
  l
    .split(LINK)
    .map((part, i) => (i % 2 ? `<a href="${escapeMarkup(part)}">${escapeMarkup(part)}</a>` : escapeMarkup(part)))
    .join('');

/** A plain text as HTML: a paragraph per blank-line-separated block, its line breaks kept, http(s) links clickable. */
const paragraphs = (text: string) =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.split('\n').map(line).join('<br>\n')}</p>`)
    .join('\n');

/**
 * The HTML alternative of a bilingual message: the same texts as bilingualText, escaped, Vietnamese first, each part
 * marked with its language (screen readers switch voice). No images, style sheets or anything fetched from elsewhere.
 */
export function bilingualHtml(subject: string, vi: string, en: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(subject.trim())}</title>
</head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div lang="vi">
${paragraphs(vi)}
</div>
<hr>
<div lang="en">
<h2 style="font-size:16px">English</h2>
${paragraphs(en)}
</div>
</body>
</html>
`.normalize('NFC');
}
