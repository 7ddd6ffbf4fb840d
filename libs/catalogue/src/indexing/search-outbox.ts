import type { EntityManager } from 'typeorm';
import type { OutboxService } from '@suotdoi/platform';
import { SEARCH_TOPIC, type SearchIndexChange } from '../catalogue.types.js';

/** Queue a search-index change in the caller's transaction (so a rolled-back change never reaches the index). */
export function queueIndexChange(
  outbox: OutboxService,
  manager: EntityManager,
  recordIds: string[],
  part: SearchIndexChange['part'],
): Promise<void> {
  return outbox.add(
    manager,
    ...[...new Set(recordIds)].map((recordId) => ({
      topic: SEARCH_TOPIC,
      payload: { recordId, part } satisfies SearchIndexChange,
    })),
  );
}
