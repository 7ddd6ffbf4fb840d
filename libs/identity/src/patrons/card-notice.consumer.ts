import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, MailRejectedError, OutboxConsumer, OutboxService, type OutboxHandler, type OutboxMessage } from '@suotdoi/platform';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { NOTIFIER, type Notifier } from '../notifier/notifier.js';
import { PatronsRepository } from './patrons.repository.js';

/** Outbox topic of "card issued / renewed" e-mails to send. Never rename: undelivered rows carry it. */
export const CARD_ISSUED_TOPIC = 'identity.card_issued';

/** One card issue or renewal. No address in it: the e-mail goes to the account's address when it is sent. */
export type CardIssuedPayload = { patronId: string; cardNumber: string | null; cardExpiresOn: string; renewed: boolean; retry?: number };

/** One e-mail per issue: a renewal changes the expiry day, so it is an issue of its own. */
export const cardIssuedDedupeKey = (p: Pick<CardIssuedPayload, 'patronId' | 'cardNumber' | 'cardExpiresOn'>) => `card_issued:${p.patronId}:${p.cardNumber ?? '-'}:${p.cardExpiresOn}`;

/** Temporary failures are retried this many times, waiting 30 s, 1 min, 2 min… (about 2 hours in all). */
export const CARD_NOTICE_RETRIES = 8;

/**
 * Sends the "card issued" e-mail (template card_issued) through the notifier. Each message is delivered on its own:
 * one that fails for now is queued again (a new outbox row, later) instead of failing the batch, so that the
 * relay's retry of a batch never sends the others twice. An address refused for good, an erased patron or an
 * account without an address gets nothing.
 */
@Injectable()
@OutboxConsumer()
export class CardNoticeConsumer implements OutboxHandler<CardIssuedPayload> {
  readonly topic = CARD_ISSUED_TOPIC;
  private readonly log = new Logger('CardNotices');
  constructor(
    private readonly patrons: PatronsRepository,
    private readonly accounts: AccountsRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(NOTIFIER) private readonly notifier: Notifier,
  ) {}

  async handle(messages: OutboxMessage<CardIssuedPayload>[], manager: EntityManager): Promise<void> {
    for (const m of messages) {
      const p = m.payload;
      const patron = await this.patrons.findById(p.patronId, manager);
      if (!patron || patron.status === 'erased') continue;
      const account = await this.accounts.findById(patron.accountId, manager);
      if (!account?.email) continue;
      const params: Record<string, string> = { name: patron.fullName ?? account.displayName, cardExpiresOn: p.cardExpiresOn, ...(p.cardNumber ? { cardNumber: p.cardNumber } : {}), ...(p.renewed ? { renewed: 'true' } : {}) };
      try {
        await this.notifier.deliver({ channel: 'email', to: account.email, template: 'card_issued', params });
      } catch (err) {
        // Logs name the patron, never the address.
        const reason = (err as Error).message.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]');
        const retry = (p.retry ?? 0) + 1;
        if (err instanceof MailRejectedError || retry > CARD_NOTICE_RETRIES) {
          this.log.warn(`card notice for patron ${p.patronId} not delivered, given up: ${reason}`);
          continue;
        }
        this.log.warn(`card notice for patron ${p.patronId} not delivered, retry ${retry} queued: ${reason}`);
        const availableAt = new Date(this.clock.now().getTime() + 15_000 * 2 ** retry);
        await this.outbox.add(manager, { topic: CARD_ISSUED_TOPIC, payload: { ...p, retry } satisfies CardIssuedPayload, dedupeKey: `${cardIssuedDedupeKey(p)}:retry:${retry}`, availableAt });
      }
    }
  }
}
