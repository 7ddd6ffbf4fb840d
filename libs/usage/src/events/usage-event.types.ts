/** Kinds of usage event (ISO 2789 / TCVN 12843:2019, COUNTER). Never rename one: stored rows use these codes. */
export const USAGE_EVENT_KINDS = [
  'visit',
  'virtual_visit',
  'loan',
  'renewal',
  'return',
  'in_house_use',
  'e_resource_request',
  'programme_session',
  'programme_attendance',
  'museum_learning_visit',
] as const;
export type UsageEventKind = (typeof USAGE_EVENT_KINDS)[number];

/** How a figure was obtained. */
export type CountBasis = 'counted' | 'estimated';

/** Where an event came from. */
export type UsageEventSource = 'api' | 'gate_counter' | 'outbox';

/**
 * One usage event as a producer sends it, through the batch API or the outbox (topic `usage.event`).
 * `clientEventId` makes it idempotent: the same id is stored once, whoever sends it how often.
 */
export interface UsageEventInput {
  /** Producer-chosen unique id, e.g. `circulation:loan:<loanId>`. */
  clientEventId: string;
  kind: UsageEventKind;
  /** Institution or service point id; a service point resolves to its institution. */
  locationId: string;
  /** ISO 8601 instant. */
  occurredAt: string;
  /** Pseudonymous patron key (never a card number or name). */
  patronKey?: string;
  /** How many (default 1). For programme attendance: attendees in person plus online. */
  quantity?: number;
  /** Gate counter: raw crossings (in + out); stored as crossings / 2 visits. Only for `visit`. */
  crossings?: number;
  basis?: CountBasis;
  /** The copy lent, renewed or returned: usage stamps the rotating collection and stage it was on (USAGE_CONTEXT). */
  copyId?: string;
  /** Counts reported for a rotating collection with no copy named (a deposit collection's host): its collection and stage. */
  collectionId?: string;
  stageId?: string | null;
  /**
   * The unit it counts for when it happened away from the institution's premises (a mobile-library stop in a commune);
   * default: the location's unit on that day. Only modules set it (through `emitUsage`); the batch API does not take it.
   */
  unitId?: string;
}

/** Outbox topic other modules write usage events to, in their own transaction. Payload: `UsageEventPayload`. */
export const USAGE_EVENT_TOPIC = 'usage.event';

/** Payload of an outbox message on `usage.event`: one event or several. */
export type UsageEventPayload = UsageEventInput | { events: UsageEventInput[] };

/** An event ready to store: location resolved and stamped with the unit of that moment. */
export interface StampedUsageEvent {
  clientEventId: string;
  kind: UsageEventKind;
  institutionId: string;
  servicePointId: string | null;
  unitId: string;
  occurredAt: Date;
  patronKey: string | null;
  quantity: number;
  rawCrossings: number | null;
  basis: CountBasis;
  source: UsageEventSource;
  copyId?: string | null;
  /** Rotating collection and stage the copy was on (stamped at ingestion). */
  collectionId?: string | null;
  stageId?: string | null;
}

/** Outcome of one ingestion call. */
export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
}
