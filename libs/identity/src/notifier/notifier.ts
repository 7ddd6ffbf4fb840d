import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@suotdoi/platform';

/** A message to a person: account verification, password reset, card issued. */
export interface Notice {
  channel: 'email' | 'sms';
  to: string;
  template: 'verify_email' | 'reset_password' | 'set_password' | 'card_issued';
  /** Values for the template; `link` carries a single-use token. */
  params: Record<string, string>;
}

/** Sends notices (e-mail, SMS). The deployment provides a real sender; the default one writes to the log. */
export interface Notifier {
  send(notice: Notice): Promise<void>;
}

export const NOTIFIER = Symbol('suotdoi:notifier');

/**
 * Development sender: logs each notice (so the verification link can be followed locally) and keeps the last ones
 * in memory for tests and the demo. Never log passwords: notices carry none.
 */
@Injectable()
export class LoggingNotifier implements Notifier {
  private readonly log = new Logger('Notifier');
  private readonly recent: Notice[] = [];
  constructor(private readonly config: AppConfig) {}

  async send(notice: Notice): Promise<void> {
    this.recent.push(notice);
    if (this.recent.length > 200) this.recent.shift();
    // In production the single-use token never reaches the log (configure a real sender there).
    const params = this.config.isProduction ? { ...notice.params, link: '[redacted]', token: '[redacted]' } : notice.params;
    if (this.config.isProduction) this.log.warn(`no notice sender configured: ${notice.template} to ${notice.to} not delivered`);
    this.log.log(`[${notice.channel}] to ${notice.to}: ${notice.template} ${JSON.stringify(params)}`);
  }

  /** The last notice sent to `to` (optionally of one template). */
  lastTo(to: string, template?: Notice['template']): Notice | undefined {
    return [...this.recent].reverse().find((n) => n.to.toLowerCase() === to.toLowerCase() && (!template || n.template === template));
  }
}
