import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxConsumer, type OutboxHandler, type OutboxMessage } from '@suotdoi/platform';
import { UsageIngestionService } from './ingestion.service.js';
import { USAGE_EVENT_TOPIC, type UsageEventInput, type UsageEventPayload } from './usage-event.types.js';

/** Stores usage events other modules wrote to the outbox, in the claiming transaction (idempotent by client id). */
@Injectable()
@OutboxConsumer()
export class UsageEventConsumer implements OutboxHandler<UsageEventPayload> {
  readonly topic = USAGE_EVENT_TOPIC;
  constructor(private readonly ingestion: UsageIngestionService) {}

  async handle(messages: OutboxMessage<UsageEventPayload>[], manager: EntityManager): Promise<void> {
    const inputs: UsageEventInput[] = [];
    for (const m of messages) {
      const list = 'events' in m.payload ? m.payload.events : [m.payload];
      list.forEach((e, n) => inputs.push({ ...e, clientEventId: e.clientEventId || `outbox:${m.id}:${n}` }));
    }
    await this.ingestion.ingestTrusted(inputs, 'outbox', manager);
  }
}
