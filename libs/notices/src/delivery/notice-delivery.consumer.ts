import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  MAIL_TRANSPORT,
  MailRejectedError,
  OutboxConsumer,
  type MailTransport,
  type OutboxHandler,
  type OutboxMessage,
} from '@suotdoi/platform';
import { noticeTemplate, renderNotice } from '../templates/notice-template.js';
import { NoticesRepository } from '../notices/notices.repository.js';
import { NOTICE_DELIVERY_TOPIC, withoutAddresses, type NoticeDeliveryPayload } from '../notices/notices.service.js';
import { noticeEmail } from './notice-email.js';
import { NoticeContacts } from './notice-contacts.js';
import { NoticeRecorder } from './notice-recorder.js';

/**
 * Delivers recorded notices (worker only). The address is looked up now, through identity's contact source: a
 * patron without one (or erased) gets the notice in the feed only; a guest with only a phone number gets a logged SMS.
 * The relay claims these rows with a lease and calls this with no transaction open (the pool's manager): the contact
 * lookup and the mail server's answer are waited for without holding a connection. Each notice is stamped sent as soon
 * as the mail server accepted it, in a statement committed at once: when another notice of the batch fails, the relay retries the whole batch (with backoff)
 * and the stamp makes the retry skip what already went out. So an e-mail goes out twice only if the process dies
 * between the server's acceptance and the stamp. An address refused for good is not retried.
 */
@Injectable()
@OutboxConsumer()
export class NoticeDeliveryConsumer implements OutboxHandler<NoticeDeliveryPayload> {
  readonly topic = NOTICE_DELIVERY_TOPIC;
  /** Sending waits on the mail server: no claim transaction (nor its connection) is held meanwhile. */
  readonly outsideClaim = true;
  private readonly log = new Logger('Notices');
  constructor(
    private readonly repo: NoticesRepository,
    private readonly contacts: NoticeContacts,
    private readonly recorder: NoticeRecorder,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {}

  async handle(messages: OutboxMessage<NoticeDeliveryPayload>[], manager: EntityManager): Promise<void> {
    const failed: string[] = [];
    for (const m of messages) {
      const n = await this.repo.find(manager, m.payload.noticeId);
      if (!n || n.sentAt) continue;
      const t = noticeTemplate(n.template);
      if (!t) {
        this.log.error(`notice ${n.id}: no module defines template ${n.template}; not delivered`);
        continue;
      }
      const contact =
        n.patronId || n.accountId
          ? await this.contacts.contact({ patronId: n.patronId, accountId: n.accountId })
          : { email: n.guestEmail, phone: n.guestPhone, name: n.guestName };
      const r = renderNotice(t, n.params);
      const base = {
        template: n.template,
        params: n.params,
        patronId: n.patronId,
        accountId: n.accountId,
        subjectVi: r.subjectVi,
        bodyVi: r.bodyVi,
        attachments: n.attachments.map((a) => a.name),
      };
      if (!contact?.email || !n.byEmail) {
        // No address (or e-mail not wanted): the feed is the channel; a phone number gets the SMS log.
        this.recorder.record({
          ...base,
          channel: contact?.phone && !n.inFeed ? 'sms' : 'feed',
          to: contact?.phone && !n.inFeed ? contact.phone : null,
        });
        continue;
      }
      const files = n.attachments.length ? await this.repo.attachments(manager, n.id) : [];
      try {
        await this.mail.send({
          ...noticeEmail(r, t, { email: contact.email, name: contact.name, inFeed: n.inFeed }),
          ...(files.length
            ? { attachments: files.map((f) => ({ filename: f.name, contentType: f.contentType, content: f.content })) }
            : {}),
        });
      } catch (err) {
        const reason = withoutAddresses((err as Error).message ?? String(err));
        if (err instanceof MailRejectedError)
          this.log.warn(`notice ${n.id} (${n.template}) refused for good, not retried: ${reason}`);
        else failed.push(`notice ${n.id}: ${reason}`);
        continue;
      }
      this.recorder.record({ ...base, channel: 'email', to: contact.email });
      await this.repo.markSent(n.id);
    }
    // Let the relay retry (the ones already sent are stamped and will be skipped).
    if (failed.length)
      throw new Error(`${failed.length} of ${messages.length} notices not delivered: ${failed.join('; ')}`);
  }
}
