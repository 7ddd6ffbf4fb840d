import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { LoggingMailTransport } from './logging-mail.transport.js';
import { SmtpMailTransport } from './smtp-mail.transport.js';
import { MAIL_TRANSPORT, type MailTransport } from './mail.types.js';

/** The one place the mail transport is chosen: SMTP when SMTP_URL is set, else the log. */
export function createMailTransport(config: AppConfig): MailTransport {
  if (config.mailBackend === 'smtp') return new SmtpMailTransport(config);
  if (config.isProduction)
    new Logger('Mail').warn('SMTP_URL is not set: e-mail is written to the log (without its body), not delivered');
  return new LoggingMailTransport(config);
}

/** Provides MAIL_TRANSPORT to every module (imported once, by PlatformModule). */
@Global()
@Module({
  providers: [{ provide: MAIL_TRANSPORT, inject: [AppConfig], useFactory: createMailTransport }],
  exports: [MAIL_TRANSPORT],
})
export class MailModule {}
