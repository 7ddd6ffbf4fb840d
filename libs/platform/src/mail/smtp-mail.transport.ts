import type { OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { MailRejectedError, type MailMessage, type MailTransport } from './mail.types.js';

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
    try {
      await this.transporter.sendMail({
        from: this.config.MAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.attachments?.length
          ? {
              attachments: message.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
            }
          : {}),
      });
    } catch (err) {
      throw refusedForGood(err)
        ? new MailRejectedError((err as Error).message, (err as SmtpError).responseCode, { cause: err })
        : err;
    }
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}

type SmtpError = Error & { code?: string; command?: string; responseCode?: number };

/**
 * A permanent (5xx) refusal of this recipient or this message, or an address nodemailer cannot use. A 5xx to
 * AUTH or MAIL FROM is not one: that is the deployment's configuration, and a retry after it is fixed succeeds.
 */
function refusedForGood(err: unknown): boolean {
  const e = err as SmtpError;
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  if (permanent && (e.command === 'RCPT TO' || e.command === 'DATA' || e.code === 'EMESSAGE')) return true;
  return e.code === 'EENVELOPE' && e.command === 'API' && /recipient/i.test(e.message);
}
