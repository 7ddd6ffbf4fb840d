import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MeilisearchSearchIndex, OutboxRelay, SEARCH_INDEX, type SearchIndex } from '@suotdoi/platform';
import { ReindexService } from './reindex.service.js';

/**
 * Analysis format of the indexed documents. Bump it when what the adapters derive from a record changes (folding, the
 * i/y variants, exact tokens): every deployment then rebuilds its index once, at the worker's next start.
 * 2: i/y variants folded as one, exact tokens with tone and Telex letters.
 */
export const SEARCH_INDEX_FORMAT = 2;

/**
 * In the worker, after start: rebuilds the search index in the background (fresh index, then swap: searches keep
 * answering meanwhile) when the engine's index was never built in full by this deployment (an existing catalogue
 * meeting the embedded Meilisearch for the first time), was built with an older SEARCH_INDEX_FORMAT, or is empty while
 * the catalogue is not. One worker does it (advisory lock); the others skip.
 */
@Injectable()
export class SearchIndexCheck implements OnApplicationBootstrap {
  private readonly log = new Logger('SearchIndexCheck');
  /** The check in progress (tests and shutdown wait on it). */
  running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly reindex: ReindexService,
    @Optional() private readonly relay?: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.relay) return; // the API does not rebuild; the worker does
    this.running = this.check().catch((e: unknown) =>
      this.log.error(`search index check failed: ${(e as Error).message}`),
    );
  }

  /** The engine and index this deployment searches, as kept in catalogue.search_index_state. */
  get engine(): string {
    return this.index instanceof MeilisearchSearchIndex ? `meilisearch:${this.index.indexUid}` : this.index.kind;
  }

  async check(): Promise<void> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('suotdoi:search-index-check')) AS locked`,
      );
      if (!locked) return;
      try {
        const [state]: { format: number }[] = await runner.query(
          `SELECT format FROM catalogue.search_index_state WHERE engine = $1`,
          [this.engine],
        );
        const [{ any }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM catalogue.records) AS any`);
        const empty = any && (await this.index.count()) === 0;
        if (state?.format === SEARCH_INDEX_FORMAT && !empty) return;
        let documents = 0;
        if (any) {
          const why = !state
            ? 'never built in full here'
            : state.format !== SEARCH_INDEX_FORMAT
              ? `format ${state.format} → ${SEARCH_INDEX_FORMAT}`
              : 'empty';
          this.log.log(`rebuilding the ${this.engine} search index (${why}); searches keep answering meanwhile`);
          const r = await this.reindex.rebuild();
          documents = r.documents;
          this.log.log(`rebuilt the ${this.engine} search index: ${documents} documents in ${r.seconds} s`);
        }
        await runner.query(
          `INSERT INTO catalogue.search_index_state (engine, format, documents) VALUES ($1, $2, $3)
           ON CONFLICT (engine) DO UPDATE SET format = excluded.format, documents = excluded.documents, rebuilt_at = now()`,
          [this.engine, SEARCH_INDEX_FORMAT, documents],
        );
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('suotdoi:search-index-check'))`);
      }
    } finally {
      await runner.release();
    }
  }
}
