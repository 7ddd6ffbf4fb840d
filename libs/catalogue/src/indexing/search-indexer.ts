import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  OutboxConsumer,
  SEARCH_INDEX,
  type OutboxHandler,
  type OutboxMessage,
  type SearchDocument,
  type SearchIndex,
} from '@suotdoi/platform';
import { SEARCH_TOPIC, type SearchIndexChange } from '../catalogue.types.js';
import { RecordsRepository } from '../records/records.repository.js';

/**
 * Applies catalogue changes to the search index, a batch of outbox rows at a time: records are re-read from the
 * database (so replaying a batch is harmless), whole documents are upserted, availability-only changes are sent
 * as partial updates, and records that no longer exist are removed.
 */
@Injectable()
@OutboxConsumer()
export class SearchIndexer implements OutboxHandler<SearchIndexChange> {
  readonly topic = SEARCH_TOPIC;
  /** Indexing waits on the search engine: no claim transaction (nor its connection) is held meanwhile. */
  readonly outsideClaim = true;
  private readonly log = new Logger('SearchIndexer');
  constructor(
    private readonly records: RecordsRepository,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
  ) {}

  async handle(messages: OutboxMessage<SearchIndexChange>[], manager: EntityManager): Promise<void> {
    const full = new Set<string>();
    const availability = new Set<string>();
    for (const m of messages) (m.payload.part === 'availability' ? availability : full).add(m.payload.recordId);
    for (const id of full) availability.delete(id);
    const ids = [...full, ...availability];
    const docs = await this.records.searchDocuments(ids, manager);
    const byId = new Map(docs.map((d) => [d.id, d]));
    const upserts: SearchDocument[] = [...full].map((id) => byId.get(id)).filter((d): d is SearchDocument => !!d);
    const patches = [...availability].map((id) => byId.get(id)).filter((d): d is SearchDocument => !!d);
    const gone = ids.filter((id) => !byId.has(id));
    await this.index.upsert(upserts);
    await this.index.patchAvailability(
      patches.map(({ id, institutionIds, availableAt, availability: a }) => ({
        id,
        institutionIds,
        availableAt,
        availability: a,
      })),
    );
    await this.index.remove(gone);
    this.log.debug(`indexed ${upserts.length}, availability ${patches.length}, removed ${gone.length}`);
  }
}
