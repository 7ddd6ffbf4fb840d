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
