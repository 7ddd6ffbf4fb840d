import type { EntityManager } from 'typeorm';
import type { OutboxService } from '@suotdoi/platform';
import { usagePatronKey } from './patron-key.js';
import {
  USAGE_EVENT_TOPIC,
  type CountBasis,
  type UsageEventInput,
  type UsageEventKind,
  type UsageEventPayload,
} from './usage-event.types.js';

/** Something that happened and counts as usage, as a module reports it. */
export interface UsageEmission {
  /** The module reporting it (`circulation`, `catalogue`, `events`, `rotation`…). */
  source: string;
  /** What happened, unique within source and kind (a loan id, `<loan>:<renewal n>`, a session id): makes delivery idempotent. */
  id: string;
  kind: UsageEventKind;
  /** Institution or service point where it happened. */
  locationId: string;
  at: Date;
  /** The patron, if one is known: turned into the pseudonymous key here (never stored as such). */
  patronId?: string | null;
  /** How many (default 1), e.g. attendance. */
  quantity?: number;
  basis?: CountBasis;
  /** The copy lent, renewed or returned: usage stamps the rotating collection and stage it is on. */
  copyId?: string;
  /** Counts for a rotating collection with no copy named (a deposit collection's host reporting): collection and stage. */
  collectionId?: string;
  stageId?: string | null;
  /** The commune it counts for when it happened away from the premises (a mobile-library stop); default the location's. */
  unitId?: string;
}

/**
 * The one way a module emits usage events: written to the outbox in the caller's transaction (with
 * `OutboxService.batch` on hot paths), stored once by the usage module (the client event id is
 * `source:kind:id`), stamped with the unit of that moment. Several emissions go in one outbox row.
 */
export async function emitUsage(
  outbox: OutboxService,
  manager: EntityManager,
  emissions: UsageEmission | UsageEmission[],
): Promise<void> {
  const events = (Array.isArray(emissions) ? emissions : [emissions]).map(usageEventInput);
  if (!events.length) return;
  const payload: UsageEventPayload = events.length === 1 ? events[0] : { events };
  await outbox.add(manager, { topic: USAGE_EVENT_TOPIC, payload });
}

/** The event the usage module ingests for one emission. */
export function usageEventInput(e: UsageEmission): UsageEventInput {
  return {
    clientEventId: `${e.source}:${e.kind}:${e.id}`,
    kind: e.kind,
    locationId: e.locationId,
    occurredAt: e.at.toISOString(),
    ...(e.patronId ? { patronKey: usagePatronKey(e.patronId) } : {}),
    ...(e.quantity !== undefined ? { quantity: e.quantity } : {}),
    ...(e.basis ? { basis: e.basis } : {}),
    ...(e.copyId ? { copyId: e.copyId } : {}),
    ...(e.collectionId ? { collectionId: e.collectionId, stageId: e.stageId ?? null } : {}),
    ...(e.unitId ? { unitId: e.unitId } : {}),
  };
}
