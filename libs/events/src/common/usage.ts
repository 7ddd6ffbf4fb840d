import type { EntityManager } from 'typeorm';
import type { OutboxService } from '@suotdoi/platform';
import { emitUsage, type UsageEmission } from '@suotdoi/usage';

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
  const base = { source: 'events', id: s.sessionId, locationId: s.institutionId, at: s.at, basis: 'counted' as const };
  const events: UsageEmission[] = [
    { kind: 'programme_session', quantity: 1, ...base },
    { kind: 'programme_attendance', quantity: s.attendance, ...base },
  ];
  if (s.museumEducation && s.attendance > 0)
    events.push({ kind: 'museum_learning_visit', quantity: s.attendance, ...base });
  await emitUsage(outbox, manager, events);
}
