import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  loadConfig,
  PG_CANDIDATE_CAP,
  PostgresSearchIndex,
  type PostgresSearchTuning,
  type SearchDocument,
} from '@suotdoi/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { searchContract } from '../../../../test/e2e/search/search-contract.js';
import { CORPUS, INST_A, isbn13 } from '../../../../test/e2e/search/search-fixtures.js';

// The PostgreSQL adapter gathers ranking candidates in one index scan or bucket by bucket, chosen by a cost model
// from the table's statistics. A small test table always takes the first way, so this file forces each way (with
// tiny buckets) and runs the whole contract on both, then checks what only a capped match set shows.

const TABLES = { documents: 'catalogue.search_documents', words: 'catalogue.search_words' };

function withIndex(tuning: PostgresSearchTuning, load: (index: PostgresSearchIndex) => Promise<void>) {
  const ctx: { db?: TestDatabase; ds?: DataSource; index?: PostgresSearchIndex } = {};
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.ds = new DataSource(
      buildDataSourceOptions(loadConfig({ DATABASE_URL: ctx.db.url, NODE_ENV: 'test' }), { migrations: [] }),
    );
    await ctx.ds.initialize();
    ctx.index = new PostgresSearchIndex(ctx.ds, TABLES, tuning);
    await load(ctx.index);
  }, 60_000);
  afterAll(async () => {
    await ctx.ds?.destroy();
    await ctx.db?.drop();
  });
  return () => ctx.index!;
}

let n = 0;
const doc = (title: string, extra: Partial<SearchDocument> = {}): SearchDocument => ({
  id: `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`,
  title,
  subtitle: null,
  authors: ['Nguyễn Du'],
  publisher: null,
  year: 2000 + (n % 20),
  isbns: [],
  language: n % 10 ? 'vie' : 'bru',
  formats: ['print_book'],
  audience: 'adult',
  subjects: ['Văn học cổ điển'],
  series: null,
  summary: null,
  ddc: null,
  localContent: false,
  institutionIds: [INST_A],
  availableAt: [INST_A],
  availability: ['on_shelf'],
  hasCover: false,
  createdAt: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString(),
  ...extra,
});

/** 1,200 records matching "truyện kiều", the one titled exactly so first (bucketed) or last (plain) in write order. */
const many = (exactFirst: boolean) => {
  const exact = doc('Truyện Kiều', { authors: ['Nguyễn Du'], year: 1820 });
  const rest = Array.from({ length: 1200 }, (_, i) => doc(`Truyện Kiều tập ${i + 1}`, { subtitle: 'Bình giảng' }));
  return exactFirst ? [exact, ...rest] : [...rest, exact];
};

async function load(index: PostgresSearchIndex, docs: SearchDocument[]) {
  await index.ensureReady();
  for (let i = 0; i < docs.length; i += 300) await index.upsert(docs.slice(i, i + 300));
}

describe('PostgreSQL search adapter, candidates from one index scan', () => {
  const index = withIndex({ force: 'plain' }, (i) => load(i, CORPUS));
  searchContract('postgres (plain)', index);
});

describe('PostgreSQL search adapter, candidates bucket by bucket', () => {
  const index = withIndex({ force: 'bucketed', bucketSize: 3 }, (i) => load(i, CORPUS));
  searchContract('postgres (bucketed)', index);

  it('still finds everything after a rebuild (documents renumbered into new buckets)', async () => {
    async function* batches() {
      yield CORPUS.slice(0, 6);
      yield CORPUS.slice(6);
    }
    await index().rebuild(batches());
    expect((await index().search({ q: 'truyen kieu' })).hits[0].document.title).toBe('Truyện Kiều');
    expect((await index().search({ q: '' })).total).toBe(CORPUS.length);
  });
});

for (const force of ['plain', 'bucketed'] as const) {
  describe(`PostgreSQL search adapter past the candidate cap (${force})`, () => {
    const index = withIndex({ force, bucketSize: 64 }, (i) => load(i, many(force === 'bucketed')));

    it('says the total is a lower bound and the facets approximate, and still ranks the exact title first', async () => {
      const res = await index().search({ q: 'truyen kieu' });
      expect(res.total).toBe(PG_CANDIDATE_CAP);
      expect(res.totalIsExact).toBe(false);
      expect(res.facetsApproximate).toBe(true);
      expect(res.hits[0].document.title).toBe('Truyện Kiều');
      const counted = res.facets.language!.reduce((s, f) => s + f.count, 0);
      expect(counted).toBeGreaterThanOrEqual(PG_CANDIDATE_CAP);
    });

    it('counts exactly below the cap, with filters in the index scan or on the rows', async () => {
      // (Typed, "11" would also stand for 110…119 and 1100…1199: more words than are expanded.)
      const narrow = await index().search({ q: 'truyen kieu tap 11.' });
      expect(narrow.totalIsExact).toBe(true);
      expect(narrow.facetsApproximate).toBe(false);
      expect(narrow.hits.map((h) => h.document.title)).toContain('Truyện Kiều tập 11');
      const bru = await index().search({
        q: 'binh giang',
        filters: { language: ['bru'], availability: ['on_shelf'], yearFrom: 2000 },
      });
      expect(bru.totalIsExact).toBe(true);
      expect(bru.total).toBe(120);
      expect(bru.facets.language).toEqual([{ value: 'bru', count: 120 }]);
    });

    it('pages through relevance, newest and title order without overlap', async () => {
      for (const sort of ['relevance', 'newest', 'title'] as const) {
        const a = await index().search({ q: 'kieu', sort, limit: 10 });
        const b = await index().search({ q: 'kieu', sort, limit: 10, offset: 10 });
        expect(a.hits).toHaveLength(10);
        expect(b.hits).toHaveLength(10);
        expect(a.hits.filter((h) => b.hits.some((x) => x.id === h.id))).toEqual([]);
      }
    });
  });
}

describe('PostgreSQL search adapter, the word being typed', () => {
  const words = Array.from(
    { length: 60 },
    (_, i) => `zz${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`,
  );
  // 60 records of one Vietnamese publisher's ISBN block, 978-604-99-xxxx.
  const numbered = Array.from({ length: 60 }, (_, i) =>
    doc(`Địa chí Quảng Trị, quyển ${i + 1}`, { authors: [], isbns: [isbn13(`97860499${String(i).padStart(4, '0')}`)] }),
  );
  const index = withIndex({}, (i) =>
    load(i, [...CORPUS, ...words.map((w) => doc(`Từ ${w}`, { authors: [] })), ...numbered]),
  );

  it('expands a prefix into the words it begins; past 50 of them the total says it is not exact', async () => {
    const few = await index().search({ q: 'zzc' });
    expect(few.hits.map((h) => h.document.title).sort()).toEqual(
      words
        .filter((w) => w.startsWith('zzc'))
        .map((w) => `Từ ${w}`)
        .sort(),
    );
    expect(few.totalIsExact).toBe(true);
    const lots = await index().search({ q: 'zz', limit: 100 });
    expect(lots.hits.length).toBeGreaterThanOrEqual(50);
    expect(lots.totalIsExact).toBe(false);
    // A finished word (trailing punctuation) is not a prefix.
    expect((await index().search({ q: 'zz.' })).hits).toHaveLength(0);
  });

  it('matches words of any field typed as prefixes, and long numbers as ISBN prefixes', async () => {
    expect((await index().search({ q: 'nguyen d' })).hits.map((h) => h.document.title)).toContain('Truyện Kiều');
    expect((await index().search({ q: '978604' })).hits.map((h) => h.document.title)).toContain('Truyện Kiều');
  });

  it('completes a short number into the first 50 ISBNs it begins, in ISBN order; past them the total says it is not exact', async () => {
    for (const q of ['97860', '60499', 'địa chí 60499']) {
      const lots = await index().search({ q, limit: 100 });
      expect([q, lots.hits.length, lots.totalIsExact]).toEqual([q, 50, false]);
    }
    const first = await index().search({ q: '97860', limit: 100 });
    expect(first.hits.map((h) => h.document.title)).toEqual(
      expect.arrayContaining(['Truyện Kiều', ...numbered.slice(0, 49).map((d) => d.title)]),
    );
    expect((await index().search({ q: 'Quyển 97860 '.normalize('NFD') })).hits).toHaveLength(0);
  });
});
