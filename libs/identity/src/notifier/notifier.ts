import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, MAIL_TRANSPORT, type MailTransport } from '@suotdoi/platform';
import { noticeEmail } from './notice-emails.js';

/** A message to a person: account verification, password reset, card issued. */
export interface Notice {
  channel: 'email' | 'sms';
  to: string;
  template: 'verify_email' | 'reset_password' | 'set_password' | 'card_issued';
  /** Values for the template; `link` carries a single-use token. */
  params: Record<string, string>;
}

/** Sends notices (e-mail, SMS). */
export interface Notifier {
  /** Send while a request waits: a failed delivery is logged, never thrown. */
  send(notice: Notice): Promise<void>;
  /**
   * Send for a caller that retries (an outbox consumer): rejects when delivery failed, with the transport's
   * MailRejectedError when the address refused it for good.
   */
  deliver(notice: Notice): Promise<void>;
}

export const NOTIFIER = Symbol('suotdoi:notifier');

/**
 * Records notices and writes them to the log; the SMS channel's only sender (there is no SMS gateway yet). Outside
 * production it keeps the last ones in memory for tests and the demo (`lastTo`). Never log passwords: notices
 * carry none; in production the single-use token and link never reach the log (nor this memory).
 */
@Injectable()
export class LoggingNotifier implements Notifier {
  private readonly log = new Logger('Notifier');
  private readonly recent: Notice[] = [];
  constructor(private readonly config: AppConfig) {}

  async send(notice: Notice): Promise<void> {
    this.record(notice);
    const params = this.config.isProduction ? { ...notice.params, link: '[redacted]', token: '[redacted]' } : notice.params;
    if (this.config.isProduction) this.log.warn(`no ${notice.channel} sender configured: ${notice.template} to ${notice.to} not delivered`);
    this.log.log(`[${notice.channel}] to ${notice.to}: ${notice.template} ${JSON.stringify(params)}`);
  }

  deliver(notice: Notice): Promise<void> {
    return this.send(notice);
  }

  /** Remember a notice for lastTo() (not in production). */
  record(notice: Notice): void {
    if (this.config.isProduction) return;
    this.recent.push(notice);
    if (this.recent.length > 200) this.recent.shift();
  }

  /** The last notice sent to `to` (optionally of one template). */
  lastTo(to: string, template?: Notice['template']): Notice | undefined {
    return [...this.recent].reverse().find((n) => n.to.toLowerCase() === to.toLowerCase() && (!template || n.template === template));
  }
}

/**
 * The notifier in force: e-mail notices are rendered (Vietnamese, then English) and handed to MAIL_TRANSPORT — SMTP
 * when SMTP_URL is set, else the log (which, in production, leaves out the body and its link); SMS notices go to
 * LoggingNotifier. Every notice is also recorded there for tests. With `send`, a failed delivery is logged, not
 * thrown: those notices are sent while a request waits (a password-reset request must answer the same whether or
 * not the address has an account), and the person can ask again. `deliver` throws, for the outbox consumer of card
 * notices, which retries.
 */
@Injectable()
export class MailNotifier implements Notifier {
  private readonly log = new Logger('Notifier');
  constructor(
    private readonly fallback: LoggingNotifier,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {}

  async send(notice: Notice): Promise<void> {
    try {
      await this.deliver(notice);
    } catch (err) {
      this.log.error(`e-mail ${notice.template} to ${notice.to} was not delivered: ${(err as Error).message}`);
    }
  }

  async deliver(notice: Notice): Promise<void> {
    if (notice.channel !== 'email') return this.fallback.send(notice);
    this.fallback.record(notice);
    await this.mail.send(noticeEmail(notice));
  }
}
