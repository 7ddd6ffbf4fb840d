import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { MailMessage, MailTransport } from './mail.types.js';

/**
 * Default transport (no SMTP_URL): writes each e-mail to the log so a verification link can be followed locally.
 * In production it logs only the recipient and subject — bodies carry single-use links — and warns that nothing
 * was delivered.
 */
export class LoggingMailTransport implements MailTransport {
  readonly kind = 'log';
  private readonly log = new Logger('Mail');

  constructor(private readonly config: AppConfig) {}

  async send(message: MailMessage): Promise<void> {
    if (this.config.isProduction) {
      this.log.warn(`SMTP_URL is not set: e-mail "${message.subject}" to ${message.to} was not delivered`);
      return;
    }
    this.log.log(
      `e-mail to ${message.to}: ${message.subject}${message.attachments?.length ? ` (attached: ${message.attachments.map((a) => a.filename).join(', ')})` : ''}\n${message.text}`,
    );
  }
}
