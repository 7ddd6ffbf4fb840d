import { Inject, Injectable } from '@nestjs/common';
import { SEARCH_INDEX, type SearchDocument, type SearchIndex } from '@suotdoi/platform';
import { RecordsRepository } from '../records/records.repository.js';

/** Full rebuild of the search index from the catalogue tables (the `cli reindex` command and the benchmark). */
@Injectable()
export class ReindexService {
  constructor(
    private readonly records: RecordsRepository,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
  ) {}

  async rebuild(
    opts: { batchSize?: number; onProgress?: (done: number) => void } = {},
  ): Promise<{ documents: number; seconds: number; backend: string }> {
    const started = performance.now();
    const size = opts.batchSize ?? 2000;
    const records = this.records;
    let done = 0;
    async function* batches(): AsyncGenerator<SearchDocument[]> {
      let after: string | null = null;
      // Read the next batch while the adapter writes the current one.
      let ids = await records.idsAfter(after, size);
      let next: Promise<SearchDocument[]> | undefined = ids.length ? records.searchDocuments(ids) : undefined;
      while (next) {
        const docs: SearchDocument[] = await next;
        after = ids[ids.length - 1];
        ids = await records.idsAfter(after, size);
        next = ids.length ? records.searchDocuments(ids) : undefined;
        done += docs.length;
        opts.onProgress?.(done);
        yield docs;
      }
    }
    await this.index.ensureReady();
    const { documents } = await this.index.rebuild(batches());
    return { documents, seconds: Math.round((performance.now() - started) / 100) / 10, backend: this.index.kind };
  }
}
