import type { OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import type { MailMessage, MailTransport } from './mail.types.js';

/**
 * Delivers e-mail through the SMTP server of SMTP_URL (nodemailer): smtp:// upgrades with STARTTLS when the
 * server offers it, smtps:// is TLS from the start; credentials and options (e.g. `?pool=true`) come from the URL.
 * Timeouts are short because identity's notices are sent while a request waits.
 */
export class SmtpMailTransport implements MailTransport, OnApplicationShutdown {
  readonly kind = 'smtp';
  private readonly transporter;

  constructor(private readonly config: AppConfig) {
    this.transporter = createTransport({
      url: config.SMTP_URL!,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // Messages are text we render; never let a message read a local file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.config.MAIL_FROM, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
