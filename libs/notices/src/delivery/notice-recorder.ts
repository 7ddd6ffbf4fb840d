import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@suotdoi/platform';
import type { NoticeParams } from '../templates/notice-template.js';

/** A notice as it went out (or was logged). */
export interface RecordedNotice {
  channel: 'email' | 'sms' | 'feed';
  /** The e-mail address or phone number; null for a feed-only notice. */
  to: string | null;
  /** Template key, e.g. `identity.reset_password`. */
  template: string;
  params: NoticeParams;
  patronId: string | null;
  accountId: string | null;
  subjectVi: string;
  bodyVi: string;
  attachments: string[];
}

/**
 * Writes every notice that goes out to the log, and keeps the last 500 in memory outside production (what tests and
 * the demo read: `lastTo`, `sent`). SMS has no gateway yet: this log is where an SMS notice goes. In production
 * single-use links and tokens never reach the log, and nothing is kept.
 */
@Injectable()
export class NoticeRecorder {
  private readonly log = new Logger('Notices');
  readonly sent: RecordedNotice[] = [];
  constructor(private readonly config: AppConfig) {}

  record(n: RecordedNotice): void {
    const params = this.config.isProduction
      ? {
          ...n.params,
          ...(n.params.link ? { link: '[redacted]' } : {}),
          ...(n.params.token ? { token: '[redacted]' } : {}),
        }
      : n.params;
    const who = n.patronId ? `patron ${n.patronId}` : n.accountId ? `account ${n.accountId}` : 'guest';
    if (n.channel === 'sms' && this.config.isProduction)
      this.log.warn(`no SMS sender configured: ${n.template} to ${who} not delivered`);
    this.log.log(`[${n.channel}] ${who}: ${n.template} ${JSON.stringify(params)}`);
    if (this.config.isProduction) return;
    this.sent.push(n);
    if (this.sent.length > 500) this.sent.shift();
  }

  /** The last notice sent to this address or number (optionally of one template, `module.name`). */
  lastTo(to: string, template?: string): RecordedNotice | undefined {
    return [...this.sent]
      .reverse()
      .find((n) => n.to?.toLowerCase() === to.toLowerCase() && (!template || n.template === template));
  }

  /** Notices of one patron (optionally of one template), oldest first. */
  forPatron(patronId: string, template?: string): RecordedNotice[] {
    return this.sent.filter((n) => n.patronId === patronId && (!template || n.template === template));
  }
}
