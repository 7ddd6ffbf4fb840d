import { Meilisearch, type Index, type Settings } from 'meilisearch';
import { isbn10Of, isbnInQuery } from './isbn.js';
import {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  type AvailabilityPatch,
  type FacetCount,
  type SearchDocument,
  type SearchFacet,
  type SearchFilters,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search.types.js';
import { exactWords, foldedWords, foldVi, hasDiacritics, highlight, typedQuery, vietnameseSortKey } from './vietnamese.js';

const BATCH = 1000;
const TASK_TIMEOUT_MS = 120_000;

/** What is stored in Meilisearch: the document plus sort keys and tokens Meilisearch cannot derive itself. */
type MeiliDocument = SearchDocument & { titleKey: string; createdAtTs: number; isbnText: string; exactTokens: string[] };

const FACET_FIELD: Record<SearchFacet, string> = {
  format: 'formats',
  language: 'language',
  audience: 'audience',
  subject: 'subjects',
  institution: 'institutionIds',
  availability: 'availability',
  year: 'year',
};

/**
 * Meilisearch folds diacritics away, so "sách" and "sạch" are the same word to it. To rank exact diacritics first,
 * each accented word is also indexed as an opaque ASCII token; the adapter appends the query's tokens and lets
 * matchingStrategy "last" rank the records that contain them above the others.
 */
export function exactToken(word: string): string {
  return 'zq' + [...word.normalize('NFC').toLowerCase()].map((c) => c.codePointAt(0)!.toString(26).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]).padStart(4, 'k')).join('');
}

export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ['title', 'subtitle', 'authors', 'subjects', 'series', 'isbnText', 'publisher', 'summary', 'exactTokens'],
  filterableAttributes: ['id', 'formats', 'language', 'audience', 'subjects', 'institutionIds', 'availability', 'year', 'isbns'],
  sortableAttributes: ['createdAtTs', 'titleKey', 'year'],
  displayedAttributes: ['*'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ['exactTokens', 'isbnText'] },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 10000 },
};

function toMeili(d: SearchDocument): MeiliDocument {
  return {
    ...d,
    titleKey: vietnameseSortKey(d.title),
    createdAtTs: Date.parse(d.createdAt),
    isbnText: d.isbns.flatMap((i) => [i, isbn10Of(i) ?? '']).join(' '),
    exactTokens: [...new Set(exactWords([d.title, d.subtitle ?? '', ...d.authors, ...d.subjects].join(' ')).filter((w) => foldVi(w) !== w).map(exactToken))],
  };
}

const quote = (v: string | number) => JSON.stringify(String(v));

function filterExpr(f: SearchFilters, isbn?: string): string[] {
  const out: string[] = [];
  const anyOf = (field: string, values?: string[]) => values?.length && out.push(`${field} IN [${values.map(quote).join(', ')}]`);
  anyOf('formats', f.format);
  anyOf('language', f.language);
  anyOf('audience', f.audience);
  anyOf('subjects', f.subject);
  anyOf('institutionIds', f.institution);
  anyOf('availability', f.availability);
  if (f.yearFrom !== undefined) out.push(`year >= ${Number(f.yearFrom)}`);
  if (f.yearTo !== undefined) out.push(`year <= ${Number(f.yearTo)}`);
  if (isbn) out.push(`isbns = ${quote(isbn)}`);
  return out;
}

async function wait(p: { waitTask(o?: { timeout?: number }): Promise<{ status: string; error?: { message?: string } | null }> }): Promise<void> {
  const task = await p.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.status}: ${task.error?.message ?? 'unknown error'}`);
}

/** Meilisearch adapter: explicit primary key, settings before documents, batched partial updates, rebuild-and-swap. */
export class MeilisearchSearchIndex implements SearchIndex {
  readonly kind = 'meilisearch' as const;
  private readonly client: Meilisearch;

  constructor(opts: { url: string; apiKey?: string; indexUid: string }) {
    this.client = new Meilisearch({ host: opts.url, apiKey: opts.apiKey });
    this.uid = opts.indexUid;
  }
  private readonly uid: string;

  private index(uid = this.uid): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(uid);
  }

  private async prepare(uid: string): Promise<void> {
    const exists = await this.client.getIndex(uid).then(
      () => true,
      () => false,
    );
    if (!exists) await wait(this.client.createIndex(uid, { primaryKey: 'id' }));
    await wait(this.index(uid).updateSettings(MEILI_SETTINGS));
  }

  async ensureReady(): Promise<void> {
    await this.prepare(this.uid);
  }

  async upsert(docs: SearchDocument[], uid = this.uid): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) await wait(this.index(uid).addDocuments(docs.slice(i, i + BATCH).map(toMeili), { primaryKey: 'id' }));
  }

  async patchAvailability(patches: AvailabilityPatch[]): Promise<void> {
    if (!patches.length) return;
    // Partial updates would create stub documents for unknown ids; keep only ids the index has.
    const known = await this.index().getDocuments({ filter: `id IN [${patches.map((p) => quote(p.id)).join(', ')}]`, fields: ['id'], limit: patches.length }).catch(() => undefined);
    const ids = known ? new Set(known.results.map((r) => r.id)) : undefined;
    const list = ids ? patches.filter((p) => ids.has(p.id)) : patches;
    for (let i = 0; i < list.length; i += BATCH) await wait(this.index().updateDocuments(list.slice(i, i + BATCH), { primaryKey: 'id' }));
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await wait(this.index().deleteDocuments(ids));
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>): Promise<{ documents: number }> {
    await this.prepare(this.uid);
    const tmp = `${this.uid}_rebuild_${Date.now()}`;
    await this.prepare(tmp);
    let documents = 0;
    try {
      for await (const batch of batches) {
        await this.upsert(batch, tmp);
        documents += batch.length;
      }
      await wait(this.client.swapIndexes([{ indexes: [this.uid, tmp], rename: false }]));
    } finally {
      await this.client.deleteIndexIfExists(tmp);
    }
    return { documents };
  }

  async count(): Promise<number> {
    return (await this.index().getStats()).numberOfDocuments;
  }

  async ping(): Promise<void> {
    await this.client.health();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const limit = Math.min(Math.max(query.limit ?? SEARCH_DEFAULT_LIMIT, 1), SEARCH_MAX_LIMIT);
    const offset = Math.max(query.offset ?? 0, 0);
    const { text: q, lastWordComplete } = typedQuery(query.q);
    const isbn = q ? isbnInQuery(q) : undefined;
    const tokens = isbn ? [] : foldedWords(q);
    // Meilisearch matches the last word as a prefix unless a space follows it.
    let text = isbn ? '' : tokens.join(' ') + (lastWordComplete ? ' ' : '');
    if (!isbn && hasDiacritics(q)) {
      const exact = exactWords(q).filter((w) => foldVi(w) !== w);
      // Appended after the user's words: "last" drops them first, so records without them still match, lower.
      if (exact.length) text = `${tokens.join(' ')} ${exact.map(exactToken).join(' ')}`;
    }
    const sort = query.sort === 'newest' || (!text && (query.sort ?? 'relevance') === 'relevance') ? ['createdAtTs:desc'] : query.sort === 'title' ? ['titleKey:asc'] : undefined;
    const res = await this.index().search(text || null, {
      filter: filterExpr(query.filters ?? {}, isbn),
      facets: query.facets === false ? undefined : Object.values(FACET_FIELD),
      sort,
      limit,
      offset,
      matchingStrategy: 'last',
    });
    const facets: Partial<Record<SearchFacet, FacetCount[]>> = {};
    if (query.facets !== false) {
      for (const [facet, field] of Object.entries(FACET_FIELD) as [SearchFacet, string][]) {
        facets[facet] = Object.entries(res.facetDistribution?.[field] ?? {})
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
          .slice(0, 20);
      }
    }
    const total = res.estimatedTotalHits ?? res.hits.length;
    return {
      hits: res.hits.map((h) => {
        const { titleKey: _k, createdAtTs: _c, isbnText: _i, exactTokens: _e, ...document } = h as MeiliDocument;
        return { id: document.id, document, highlight: { title: highlight(document.title, tokens, { prefixLast: !lastWordComplete }), authors: document.authors.map((a) => highlight(a, tokens, { prefixLast: !lastWordComplete })) } };
      }),
      total,
      totalIsExact: total < (MEILI_SETTINGS.pagination?.maxTotalHits ?? 1000),
      // Meilisearch (1.1+) makes the search exhaustive when facets are asked for, and counts them over every match.
      facetsApproximate: false,
      facets,
      limit,
      offset,
      backend: 'meilisearch',
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }
}
