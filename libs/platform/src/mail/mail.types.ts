/**
 * The mail port: one interface, two adapters (SMTP when SMTP_URL is set, the log otherwise). Domain modules render
 * their own texts and hand a finished message to MAIL_TRANSPORT; the sender (MAIL_FROM) is the transport's.
 */

/** One e-mail to one recipient. `text` is the plain-text body; `html` an optional alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends e-mail. `send` resolves once the server accepted the message and rejects when it did not. */
export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('suotdoi:mail-transport');

/** A subject in Vietnamese, then English (NFC, so a decomposed name or param never reaches the wire). */
export function bilingualSubject(vi: string, en: string): string {
  return `${vi.trim()} / ${en.trim()}`.normalize('NFC');
}

/** A plain-text body: the Vietnamese text first, then the English one below a rule. */
export function bilingualText(vi: string, en: string): string {
  return `${vi.trim()}\n\n——————————\nEnglish\n\n${en.trim()}\n`.normalize('NFC');
}
