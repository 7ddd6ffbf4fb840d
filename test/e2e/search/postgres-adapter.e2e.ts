import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, loadConfig, PostgresSearchIndex } from '@suotdoi/platform';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { searchContract } from './search-contract.js';
import { CORPUS, INST_A } from './search-fixtures.js';

const TABLES = { documents: 'catalogue.search_documents', words: 'catalogue.search_words' };

describe('PostgreSQL search adapter', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let index: PostgresSearchIndex;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(
      buildDataSourceOptions(loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test' }), { migrations: [] }),
    );
    await ds.initialize();
    index = new PostgresSearchIndex(ds, TABLES);
    await index.ensureReady();
    await index.upsert(CORPUS);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  searchContract('postgres', () => index);

  describe('writes', () => {
    it('applies availability patches and removals, and ignores unknown ids', async () => {
      const kieu = CORPUS[0];
      await index.patchAvailability([
        { id: kieu.id, institutionIds: [INST_A], availableAt: [], availability: ['online'] },
        {
          id: '00000000-0000-4000-8000-999999999999',
          institutionIds: [],
          availableAt: [],
          availability: ['unavailable'],
        },
      ]);
      const res = await index.search({ q: 'truyen kieu' });
      expect(res.hits[0].document.availability).toEqual(['online']);
      expect((await index.search({ q: 'truyen kieu', filters: { availability: ['on_shelf'] } })).hits).toHaveLength(0);
      await index.upsert([kieu]);
      expect((await index.search({ q: 'truyen kieu', filters: { availability: ['on_shelf'] } })).hits).toHaveLength(1);
    });

    it('rebuilds: documents no longer in the source disappear, the rest stay searchable', async () => {
      async function* batches() {
        yield CORPUS.slice(0, 4);
        yield CORPUS.slice(4, 8);
      }
      expect(await index.rebuild(batches())).toEqual({ documents: 8 });
      expect(await index.count()).toBe(8);
      expect((await index.search({ q: 'Lịch sử Quảng Trị' })).hits).toHaveLength(0);
      await index.remove([CORPUS[0].id]);
      expect((await index.search({ q: 'truyen kieu' })).hits).toHaveLength(0);
      await index.upsert(CORPUS);
      expect(await index.count()).toBe(CORPUS.length);
    });

    it('keeps changes the indexer made during a rebuild, and the live table keeps its named indexes', async () => {
      const before: { indexname: string }[] = await ds.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'catalogue' AND tablename = 'search_documents' ORDER BY 1`,
      );
      const late = { ...CORPUS[9], title: 'Địa chí Hướng Hóa (bản bổ sung)' };
      async function* batches() {
        yield CORPUS.slice(0, 5);
        await index.upsert([late]); // the outbox consumer writes to the live table meanwhile
        yield CORPUS.slice(5, 9);
      }
      await index.rebuild(batches());
      expect((await index.search({ q: 'dia chi huong hoa' })).hits.map((h) => h.document.title)).toEqual([
        'Địa chí Hướng Hóa (bản bổ sung)',
      ]);
      const after: { indexname: string }[] = await ds.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'catalogue' AND tablename = 'search_documents' ORDER BY 1`,
      );
      expect(after).toEqual(before);
      const [pk] = await ds.query(
        `SELECT conname FROM pg_constraint WHERE conrelid = 'catalogue.search_documents'::regclass AND contype = 'p'`,
      );
      expect(pk.conname).toBe('search_documents_pkey');
      await index.upsert(CORPUS);
    });

    it('treats quotes and tsquery operators in the query as plain text', async () => {
      for (const q of ["Kiều' & !", 'a:* | b', '(((', '\\', "'; DROP TABLE x; --"])
        await expect(index.search({ q })).resolves.toBeDefined();
    });
  });
});
