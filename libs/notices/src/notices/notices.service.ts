import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MAIL_TRANSPORT, OutboxService, type MailTransport, type Page, type Principal } from '@suotdoi/platform';
import { noticeEmail } from '../delivery/notice-email.js';
import { NoticeRecorder } from '../delivery/notice-recorder.js';
import { NoticesErrors } from '../notices.errors.js';
import {
  noticeTemplate,
  renderNotice,
  type NoticeParams,
  type NoticeTemplate,
  type RenderedNotice,
} from '../templates/notice-template.js';
import type { NotifyInput, NoticeView, SendNowInput } from './notice.types.js';
import { NoticesRepository, type NoticeRow } from './notices.repository.js';

/** Outbox topic of notices to deliver. Never rename: undelivered rows carry it. */
export const NOTICE_DELIVERY_TOPIC = 'notices.deliver';
export type NoticeDeliveryPayload = { noticeId: string };

/** The module part of a template key (`circulation` of `circulation.due_soon`): dedupe keys are scoped by it. */
const moduleOf = (key: string) => key.slice(0, key.indexOf('.'));

/**
 * The one notices service. `notify` records a notice in the caller's transaction — a feed row for patrons and
 * accounts — and queues its delivery through the outbox (once per dedupe key); the worker e-mails it. `sendNow` is
 * for e-mails carrying single-use secrets, which are rendered by the same templates but never stored.
 */
@Injectable()
export class NoticesService {
  private readonly log = new Logger('Notices');
  constructor(
    private readonly repo: NoticesRepository,
    private readonly outbox: OutboxService,
    private readonly recorder: NoticeRecorder,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {}

  /**
   * Record a notice and queue its delivery in the caller's transaction (nothing happens if it rolls back). Returns
   * the notice id, or undefined when this event (template module + dedupe key) already has its notice.
   */
  async notify<P extends NoticeParams>(manager: EntityManager, n: NotifyInput<P>): Promise<string | undefined> {
    const guest = 'guest' in n.to ? n.to.guest : null;
    const patronId = 'patronId' in n.to ? n.to.patronId : null;
    const accountId = 'accountId' in n.to ? (n.to.accountId ?? null) : null;
    const inFeed = !guest && n.feed !== false;
    const byEmail = n.email !== false;
    const dedupeKey = this.scopedKey(n.template, n.dedupeKey);
    const params = Object.fromEntries(Object.entries(n.params).map(([k, v]) => [k, String(v).normalize('NFC')]));
    const id = await this.repo.insert(manager, {
      template: n.template.key,
      params,
      patronId,
      accountId,
      guest: guest && { name: guest.name?.normalize('NFC'), email: guest.email?.trim(), phone: guest.phone?.trim() },
      inFeed,
      byEmail,
      dedupeKey,
    });
    if (!id) return undefined;
    await this.repo.addAttachments(
      manager,
      id,
      (n.attachments ?? []).map((a) => ({
        name: a.name,
        contentType: a.contentType,
        content: Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content, 'utf8'),
      })),
    );
    if (byEmail || guest)
      await this.outbox.add(manager, {
        topic: NOTICE_DELIVERY_TOPIC,
        payload: { noticeId: id } satisfies NoticeDeliveryPayload,
        dedupeKey,
      });
    else
      this.recorder.record({
        channel: 'feed',
        to: null,
        template: n.template.key,
        params,
        patronId,
        accountId,
        ...this.rendered(n.template, params),
        attachments: [],
      });
    return id;
  }

  /** Which of these events (dedupe keys of one template's module) already have their notice: a scan skips them. */
  async existing(template: { key: string }, dedupeKeys: string[], manager?: EntityManager): Promise<Set<string>> {
    const scoped = new Map(dedupeKeys.map((k) => [this.scopedKey(template, k), k]));
    const found = await this.repo.existing(manager, [...scoped.keys()]);
    return new Set([...found].map((k) => scoped.get(k)!));
  }

  /**
   * Render and e-mail a notice now, storing nothing (the link it carries must not rest in the database). A failed
   * delivery is logged, not thrown: the person can ask again (and a password-reset request answers the same either way).
   */
  async sendNow<P extends NoticeParams>(n: SendNowInput<P>): Promise<void> {
    const params = Object.fromEntries(Object.entries(n.params).map(([k, v]) => [k, String(v).normalize('NFC')]));
    const r = renderNotice(n.template as unknown as NoticeTemplate<NoticeParams>, params);
    const to = n.to.email.trim();
    this.recorder.record({
      channel: 'email',
      to,
      template: n.template.key,
      params,
      patronId: null,
      accountId: null,
      subjectVi: r.subjectVi,
      bodyVi: r.bodyVi,
      attachments: [],
    });
    try {
      await this.mail.send(
        noticeEmail(r, n.template as unknown as NoticeTemplate<NoticeParams>, {
          email: to,
          name: n.to.name,
          inFeed: false,
        }),
      );
    } catch (err) {
      this.log.error(`e-mail ${n.template.key} was not delivered: ${withoutAddresses((err as Error).message)}`);
    }
  }

  /** The caller's own feed (as a patron and as an account), newest first. */
  async feed(p: Principal, page: { limit: number; offset: number }): Promise<Page<NoticeView> & { unread: number }> {
    const { rows, total } = await this.repo.feed(p.patronId ?? null, p.accountId, page.limit, page.offset);
    return {
      items: rows.map((r) => this.view(r)),
      total,
      limit: page.limit,
      offset: page.offset,
      unread: await this.repo.unread(p.patronId ?? null, p.accountId),
    };
  }

  /** Mark one of the caller's notices read; another's (or none) is 404. */
  async markRead(p: Principal, id: string): Promise<NoticeView> {
    const row = await this.repo.markRead(p.patronId ?? null, p.accountId, id);
    if (!row) throw NoticesErrors.noticeNotFound();
    return this.view(row);
  }

  /** Mark every notice of the caller's feed read; how many were unread. */
  markAllRead(p: Principal): Promise<number> {
    return this.repo.markAllRead(p.patronId ?? null, p.accountId);
  }

  /** A notice by id with no access check (delivery, tests). */
  async find(id: string, manager?: EntityManager): Promise<NoticeView | undefined> {
    const row = await this.repo.find(manager, id);
    return row && this.view(row);
  }

  /** A patron's and account's notices, for the personal-data export (identity calls it). */
  async exportFor(patronId: string, accountId: string): Promise<NoticeView[]> {
    return (await this.repo.forExport(patronId, accountId)).map((r) => this.view(r));
  }

  /** Delete a patron's and account's notices, inside identity's erasure transaction. */
  eraseFor(patronId: string, accountId: string, manager: EntityManager): Promise<void> {
    return this.repo.erase(manager, patronId, accountId);
  }

  /**
   * Delete the notices sent to a guest without an account (their name, address and number go with them): the module
   * that holds the guest's registration calls it when it erases the guest, in its own transaction.
   */
  eraseGuest(manager: EntityManager, guest: { email?: string; phone?: string }): Promise<number> {
    if (!guest.email?.trim() && !guest.phone?.trim()) return Promise.resolve(0);
    return this.repo.eraseGuest(manager, guest);
  }

  /** Render a stored row (its template as the modules define it now). */
  view(r: NoticeRow): NoticeView {
    return {
      id: r.id,
      template: r.template,
      params: r.params,
      patronId: r.patronId,
      accountId: r.accountId,
      ...this.renderedRow(r),
      inFeed: r.inFeed,
      attachments: r.attachments.map((a) => ({ ...a, size: Number(a.size) })),
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      readAt: r.readAt,
    };
  }

  private renderedRow(r: Pick<NoticeRow, 'template' | 'params'>): RenderedNotice {
    const t = noticeTemplate(r.template);
    // A template no loaded module defines any more: the notice still reads, by its key.
    return t ? renderNotice(t, r.params) : { subjectVi: r.template, subjectEn: r.template, bodyVi: '', bodyEn: '' };
  }

  private rendered(t: { key: string }, params: NoticeParams): { subjectVi: string; bodyVi: string } {
    const r = renderNotice(t as unknown as NoticeTemplate<NoticeParams>, params);
    return { subjectVi: r.subjectVi, bodyVi: r.bodyVi };
  }

  private scopedKey(t: { key: string }, dedupeKey: string): string {
    return `${moduleOf(t.key)}:${dedupeKey}`;
  }
}

// Delivery errors end up in logs and the outbox's last_error: keep addresses out of them.
export const withoutAddresses = (s: string) => s.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]');
