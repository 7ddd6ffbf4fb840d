import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MAIL_TRANSPORT, MailRejectedError, OutboxConsumer, OutboxService, type MailTransport, type OutboxHandler, type OutboxMessage, type Page } from '@suotdoi/platform';
import {
  CIRCULATION_NOTIFIER,
  PATRON_DIRECTORY,
  TITLE_DIRECTORY,
  type CirculationNotice,
  type CirculationNotifier,
  type NoticeKind,
  type PatronDirectory,
  type TitleDirectory,
} from '../ports/ports.js';
import { noticeEmail, noticeFor } from './notice-texts.js';
import { NoticesRepository, type NoticeRow } from './notices.repository.js';

/** Outbox topic of circulation notices to deliver. Never rename: undelivered rows carry it. */
export const NOTICE_TOPIC = 'circulation.notice';
export type NoticePayload = { noticeId: string };

/** Patron notices: one per event (dedupe key), recorded in the patron's feed and delivered through the outbox. */
@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly outbox: OutboxService,
    @Inject(TITLE_DIRECTORY) private readonly titles: TitleDirectory,
  ) {}

  /**
   * Record and queue a notice in the caller's transaction. A second call for the same event does nothing. The notice
   * names the item by its title: pass `title` (a scan looks titles up in bulk), or a `barcode` or `resourceId` and it
   * is looked up here.
   */
  async notify(manager: EntityManager, dedupeKey: string, kind: NoticeKind, patronId: string, params: Record<string, string>): Promise<boolean> {
    const id = await this.repo.insert(manager, dedupeKey, noticeFor(kind, patronId, params.title ? params : await this.withTitle(manager, params)));
    if (!id) return false;
    await this.outbox.add(manager, { topic: NOTICE_TOPIC, payload: { noticeId: id } satisfies NoticePayload, dedupeKey });
    return true;
  }

  private async withTitle(manager: EntityManager, params: Record<string, string>): Promise<Record<string, string>> {
    const [found] = params.barcode
      ? await this.titles.copies({ barcodes: [params.barcode] }, manager)
      : params.resourceId
        ? await this.titles.resources([params.resourceId], manager)
        : [];
    return found ? { ...params, title: found.title } : params;
  }

  async feed(patronId: string, page: { limit: number; offset: number }): Promise<Page<NoticeRow>> {
    const { rows, total } = await this.repo.forPatron(patronId, page.limit, page.offset);
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  markRead(patronId: string, id: string): Promise<boolean> {
    return this.repo.markRead(patronId, id);
  }
}

/**
 * Delivers queued notices to the notifier. Each notice is stamped sent as soon as the notifier accepted it, in a
 * statement committed at once rather than in the claiming transaction: when another notice of the batch fails,
 * the relay retries the whole batch (with backoff), and the stamp makes the retry skip what already went out. So
 * an e-mail goes out twice only if the process dies between the server's acceptance and the stamp. A notice
 * whose address refused it for good is not retried: it stays in the feed, unstamped.
 */
@Injectable()
@OutboxConsumer()
export class NoticeDeliveryConsumer implements OutboxHandler<NoticePayload> {
  readonly topic = NOTICE_TOPIC;
  private readonly log = new Logger('CirculationNotices');
  constructor(
    private readonly repo: NoticesRepository,
    @Inject(CIRCULATION_NOTIFIER) private readonly notifier: CirculationNotifier,
  ) {}

  async handle(messages: OutboxMessage<NoticePayload>[], manager: EntityManager): Promise<void> {
    const failed: string[] = [];
    for (const m of messages) {
      const n = await this.repo.find(manager, m.payload.noticeId);
      if (!n || n.sentAt) continue;
      try {
        await this.notifier.send({ patronId: n.patronId, kind: n.kind, subjectVi: n.subjectVi, subjectEn: n.subjectEn, bodyVi: n.bodyVi, params: n.params });
      } catch (err) {
        const reason = withoutAddresses((err as Error).message ?? String(err));
        if (err instanceof MailRejectedError) this.log.warn(`notice ${n.id} (${n.kind}) to patron ${n.patronId} refused for good, not retried: ${reason}`);
        else failed.push(`notice ${n.id}: ${reason}`);
        continue;
      }
      await this.repo.markSent(n.id);
    }
    // Let the relay retry (the ones already sent are stamped and will be skipped).
    if (failed.length) throw new Error(`${failed.length} of ${messages.length} notices not delivered: ${failed.join('; ')}`);
  }
}

// Delivery errors end up in the outbox's last_error: keep patrons' addresses out of it.
const withoutAddresses = (s: string) => s.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]');

/**
 * Records notices and writes them to the log: the transport of a patron without an e-mail address (the feed is
 * then the only channel), and the record tests read (`sent`, the last 500).
 */
@Injectable()
export class LoggingCirculationNotifier implements CirculationNotifier {
  private readonly log = new Logger('CirculationNotices');
  readonly sent: CirculationNotice[] = [];

  async send(notice: CirculationNotice): Promise<void> {
    this.record(notice);
    this.log.log(`[${notice.kind}] patron ${notice.patronId}: ${notice.subjectVi}`);
  }

  record(notice: CirculationNotice): void {
    this.sent.push(notice);
    if (this.sent.length > 500) this.sent.shift();
  }
}

/**
 * The notifier in force: e-mails each notice (Vietnamese, then English) to the patron's address, found through the
 * PATRON_DIRECTORY port when the notice is sent, through the platform's MAIL_TRANSPORT (SMTP when SMTP_URL is set,
 * else the log). A patron without an address gets the notice in the feed only. Every notice is also recorded
 * by LoggingCirculationNotifier.
 */
@Injectable()
export class MailCirculationNotifier implements CirculationNotifier {
  constructor(
    private readonly recorder: LoggingCirculationNotifier,
    @Inject(PATRON_DIRECTORY) private readonly patrons: PatronDirectory,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {}

  async send(notice: CirculationNotice): Promise<void> {
    const contact = await this.patrons.contact(notice.patronId);
    if (!contact?.email) return this.recorder.send(notice);
    await this.mail.send(noticeEmail(notice, { ...contact, email: contact.email }));
    this.recorder.record(notice);
  }
}
