import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Meilisearch } from 'meilisearch';
import { MEILI_SETTINGS, MeilisearchSearchIndex, isDomainError } from '@suotdoi/platform';
import { freePort } from '../../support/services.js';
import { reportMeilisearchSkipped, testMeili } from '../../support/search.js';
import { searchContract } from './search-contract.js';
import { CORPUS } from './search-fixtures.js';

// The contract on the real Meilisearch server the global setup started (v1.21.0 from the optional dependency, or
// MEILI_URL). Each test file has its own index uid. Skipped (and reported so) only where no server exists.
const meili = testMeili();
const prefix = `t_meili_${process.pid}_${Date.now().toString(36)}`;

describe('Meilisearch search adapter', () => {
  reportMeilisearchSkipped('search contract');
  if (!meili) return;
  const client = new Meilisearch({ host: meili.url, apiKey: meili.apiKey });
  const index = new MeilisearchSearchIndex({ url: meili.url, apiKey: meili.apiKey, indexUid: `${prefix}_catalogue` });
  beforeAll(async () => {
    await index.ensureReady();
    async function* all() {
      yield CORPUS;
    }
    await index.rebuild(all());
  }, 120_000);
  afterAll(async () => {
    const { results } = await client.getIndexes({ limit: 1000 });
    for (const i of results.filter((x) => x.uid.startsWith(prefix))) await client.deleteIndexIfExists(i.uid);
  });

  searchContract('meilisearch', () => index);

  describe('settings and failures', () => {
    it('applies its settings to an index a document batch created without them (the cause of every search answering 500)', async () => {
      const uid = `${prefix}_bare`;
      // As before the fix: the first document batch created the index, with no filterable attributes.
      await client
        .index(uid)
        .addDocuments([{ id: CORPUS[0].id, title: 'Truyện Kiều' }], { primaryKey: 'id' })
        .waitTask();
      const bare = new MeilisearchSearchIndex({ url: meili.url, apiKey: meili.apiKey, indexUid: uid });
      await bare.ensureReady();
      const settings = await client.index(uid).getSettings();
      expect(settings.filterableAttributes).toEqual(
        expect.arrayContaining(MEILI_SETTINGS.filterableAttributes as string[]),
      );
      expect(settings.rankingRules).toEqual(MEILI_SETTINGS.rankingRules);
      expect(settings.typoTolerance?.minWordSizeForTypos).toEqual({ oneTypo: 4, twoTypos: 8 });
      await bare.upsert(CORPUS.slice(0, 3));
      const res = await bare.search({ q: 'truyen', filters: { availability: ['on_shelf'], language: ['vie'] } });
      expect(res.hits.map((h) => h.document.title)).toEqual(['Truyện Kiều']);
      // Applying again changes nothing (no settings task when nothing differs).
      const before = (await client.tasks.getTasks({ indexUids: [uid], types: ['settingsUpdate'] })).results.length;
      await new MeilisearchSearchIndex({ url: meili.url, apiKey: meili.apiKey, indexUid: uid }).ensureReady();
      expect((await client.tasks.getTasks({ indexUids: [uid], types: ['settingsUpdate'] })).results.length).toBe(
        before,
      );
    });

    it('answers 503 search/unavailable (in Vietnamese and English) when the server does not answer, never an empty result', async () => {
      const down = new MeilisearchSearchIndex({
        url: `http://127.0.0.1:${await freePort()}`,
        apiKey: 'x'.repeat(20),
        indexUid: `${prefix}_down`,
        timeoutMs: 1000,
      });
      const err = await down.search({ q: 'truyện kiều' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDomainError(err)).toBe(true);
      expect(err).toMatchObject({ status: 503, code: 'search/unavailable' });
      expect((err as { messageVi: string }).messageVi).toMatch(/tìm kiếm tạm thời không khả dụng/);
      await expect(down.ping()).rejects.toThrow();
      // Writes fail too, so that the outbox keeps the change and retries it.
      await expect(down.upsert(CORPUS.slice(0, 1))).rejects.toThrow();
    });

    it('rebuilds without downtime and keeps what the indexer wrote meanwhile', async () => {
      const live = new MeilisearchSearchIndex({ url: meili.url, apiKey: meili.apiKey, indexUid: `${prefix}_swap` });
      await live.upsert(CORPUS);
      const late = { ...CORPUS[9], title: 'Địa chí Hướng Hóa (bản bổ sung)' };
      const seen: number[] = [];
      async function* batches() {
        yield CORPUS.slice(0, 5);
        await live.upsert([late]); // the outbox consumer (another process) writes to the live index meanwhile
        await live.remove([CORPUS[2].id]);
        seen.push((await live.search({ q: 'truyen kieu' })).hits.length); // the live index still answers
        yield CORPUS.slice(5, 9).filter((d) => d.id !== CORPUS[2].id);
      }
      expect(await live.rebuild(batches())).toEqual({ documents: 9 });
      expect(seen).toEqual([1]);
      expect((await live.search({ q: 'dia chi huong hoa' })).hits.map((h) => h.document.title)).toEqual([
        'Địa chí Hướng Hóa (bản bổ sung)',
      ]);
      expect((await live.search({ q: 'duong kach menh' })).hits).toHaveLength(0);
      expect(await live.count()).toBe(9);
      const uids = (await client.getIndexes({ limit: 1000 })).results
        .map((i) => i.uid)
        .filter((u) => u.startsWith(`${prefix}_swap`));
      expect(uids).toEqual([`${prefix}_swap`]);
    }, 120_000);
  });
});
