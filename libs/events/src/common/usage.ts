import type { EntityManager } from 'typeorm';
import type { OutboxService } from '@suotdoi/platform';
import { USAGE_EVENT_TOPIC, type UsageEventInput } from '@suotdoi/usage';

/**
 * Usage events of a session that was held, written in the closing transaction: `programme_session` (1, every
 * session counts even with no one there), `programme_attendance` (people in person plus online) and, for museum
 * education, `museum_learning_visit` (the same people). Ids are per session, so delivery is idempotent.
 */
export async function emitSessionUsage(
  outbox: OutboxService,
  manager: EntityManager,
  s: { sessionId: string; institutionId: string; at: Date; attendance: number; museumEducation: boolean },
): Promise<void> {
  const base = { locationId: s.institutionId, occurredAt: s.at.toISOString(), basis: 'counted' as const };
  const events: UsageEventInput[] = [
    { clientEventId: `events:programme_session:${s.sessionId}`, kind: 'programme_session', quantity: 1, ...base },
    { clientEventId: `events:programme_attendance:${s.sessionId}`, kind: 'programme_attendance', quantity: s.attendance, ...base },
  ];
  if (s.museumEducation && s.attendance > 0) events.push({ clientEventId: `events:museum_learning_visit:${s.sessionId}`, kind: 'museum_learning_visit', quantity: s.attendance, ...base });
  await outbox.add(manager, { topic: USAGE_EVENT_TOPIC, payload: { events } });
}
