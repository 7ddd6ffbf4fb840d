import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxConsumer, OutboxService, type OutboxHandler, type OutboxMessage, type Page } from '@suotdoi/platform';
import { CIRCULATION_NOTIFIER, type CirculationNotice, type CirculationNotifier, type NoticeKind } from '../ports/ports.js';
import { noticeFor } from './notice-texts.js';
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
  ) {}

  /** Record and queue a notice in the caller's transaction. A second call for the same event does nothing. */
  async notify(manager: EntityManager, dedupeKey: string, kind: NoticeKind, patronId: string, params: Record<string, string>): Promise<boolean> {
    const id = await this.repo.insert(manager, dedupeKey, noticeFor(kind, patronId, params));
    if (!id) return false;
    await this.outbox.add(manager, { topic: NOTICE_TOPIC, payload: { noticeId: id } satisfies NoticePayload, dedupeKey });
    return true;
  }

  async feed(patronId: string, page: { limit: number; offset: number }): Promise<Page<NoticeRow>> {
    const { rows, total } = await this.repo.forPatron(patronId, page.limit, page.offset);
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  markRead(patronId: string, id: string): Promise<boolean> {
    return this.repo.markRead(patronId, id);
  }
}

/** Delivers queued notices to the notifier transport and stamps them sent (in the claiming transaction). */
@Injectable()
@OutboxConsumer()
export class NoticeDeliveryConsumer implements OutboxHandler<NoticePayload> {
  readonly topic = NOTICE_TOPIC;
  constructor(
    private readonly repo: NoticesRepository,
    @Inject(CIRCULATION_NOTIFIER) private readonly notifier: CirculationNotifier,
  ) {}

  async handle(messages: OutboxMessage<NoticePayload>[], manager: EntityManager): Promise<void> {
    for (const m of messages) {
      const n = await this.repo.find(manager, m.payload.noticeId);
      if (!n || n.sentAt) continue;
      await this.notifier.send({ patronId: n.patronId, kind: n.kind, subjectVi: n.subjectVi, subjectEn: n.subjectEn, bodyVi: n.bodyVi, params: n.params });
      await this.repo.markSent(manager, n.id);
    }
  }
}

/** Default transport: writes each notice to the log and keeps the last ones for tests and the demo. */
@Injectable()
export class LoggingCirculationNotifier implements CirculationNotifier {
  private readonly log = new Logger('CirculationNotices');
  readonly sent: CirculationNotice[] = [];

  async send(notice: CirculationNotice): Promise<void> {
    this.sent.push(notice);
    if (this.sent.length > 500) this.sent.shift();
    this.log.log(`[${notice.kind}] patron ${notice.patronId}: ${notice.subjectVi}`);
  }
}
