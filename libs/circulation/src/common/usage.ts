import type { EntityManager } from 'typeorm';
import type { OutboxService } from '@suotdoi/platform';
import { USAGE_EVENT_TOPIC, usagePatronKey, type UsageEventInput, type UsageEventKind } from '@suotdoi/usage';

/** Pseudonymous patron key for usage events (never the card number or name). */
export const patronKey = usagePatronKey;

/** Write a usage event in the business transaction; `clientEventId` makes delivery idempotent. */
export async function emitUsage(
  outbox: OutboxService,
  manager: EntityManager,
  e: { id: string; kind: UsageEventKind; institutionId: string; at: Date; patronId?: string | null },
): Promise<void> {
  const payload: UsageEventInput = {
    clientEventId: `circulation:${e.kind}:${e.id}`,
    kind: e.kind,
    locationId: e.institutionId,
    occurredAt: e.at.toISOString(),
    ...(e.patronId ? { patronKey: patronKey(e.patronId) } : {}),
  };
  await outbox.add(manager, { topic: USAGE_EVENT_TOPIC, payload });
}
