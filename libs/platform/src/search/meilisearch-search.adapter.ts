import {
  Meilisearch,
  MeilisearchApiError,
  type FederatedMultiSearchParams,
  type Index,
  type SearchParams,
  type SearchResponse,
  type Settings,
} from 'meilisearch';
import { isbn10Of, isbnInQuery } from './isbn.js';
import { SearchErrors } from './search.errors.js';
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
import {
  canonicalWord,
  exactKey,
  exactWords,
  foldedWords,
  foldVi,
  hasDiacritics,
  highlight,
  typedQuery,
  vietnameseSortKey,
} from './vietnamese.js';

const BATCH = 1000;
const TASK_TIMEOUT_MS = 120_000;
/** A search or a read that takes longer is answered 503: the engine is overloaded or gone. */
const REQUEST_TIMEOUT_MS = 5_000;
/** Sending a batch of documents (about 1 MB per thousand) may take longer on a busy machine. */
const WRITE_TIMEOUT_MS = 120_000;
/** Weight of the exact-diacritics query in a federated search: its hits always rank above the folded ones. */
const EXACT_WEIGHT = 100;

/** What is stored in Meilisearch: the document plus sort keys and tokens Meilisearch cannot derive itself. */
type MeiliDocument = SearchDocument & {
  titleKey: string;
  createdAtTs: number;
  isbnText: string;
  exactTokens: string;
  variants: string[];
};

const FACET_FIELD: Record<SearchFacet, string> = {
  format: 'formats',
  language: 'language',
  audience: 'audience',
  subject: 'subjects',
  institution: 'institutionIds',
  availability: 'availability',
  year: 'year',
};

const DOCUMENT_FIELDS: (keyof SearchDocument)[] = [
  'id',
  'title',
  'subtitle',
  'authors',
  'publisher',
  'year',
  'isbns',
  'language',
  'formats',
  'audience',
  'subjects',
  'series',
  'summary',
  'ddc',
  'localContent',
  'institutionIds',
  'availableAt',
  'availability',
  'hasCover',
  'createdAt',
];

/** @deprecated kept for callers of the old name: see exactKey. */
export const exactToken = (word: string): string => exactKey(word) ?? foldVi(word);

/**
 * The index settings, kept as code and applied at start (and before any write): an index is never created by a
 * document batch without them. Changing them here changes every deployment at its next start.
 *
 * Meilisearch folds diacritics away, so "sách" and "sạch" are one word to it: each word of the title, authors,
 * subjects and series is also indexed as its exact token (`exactTokens`, see exactKey), and a query typed with
 * diacritics is asked twice in one federated search, exactly and folded, the exact hits first. The i/y spelling
 * variants are indexed in their i form (`variants`), the form queries are sent in.
 */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: [
    'title',
    'authors',
    'subtitle',
    'series',
    'subjects',
    'variants',
    'isbnText',
    'publisher',
    'summary',
    'exactTokens',
  ],
  filterableAttributes: [
    'id',
    'formats',
    'language',
    'audience',
    'subjects',
    'institutionIds',
    'availability',
    'year',
    'isbns',
  ],
  sortableAttributes: ['createdAtTs', 'titleKey', 'year'],
  // The document only: sort keys and tokens stay in the index (smaller answers; a read gives back a SearchDocument).
  displayedAttributes: [...DOCUMENT_FIELDS],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness', 'sort'],
  // One typo from 4 letters (kiue → kieu), two from 8; never in exact tokens (one letter apart is another tone) or ISBNs.
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
    disableOnAttributes: ['exactTokens', 'isbnText'],
    disableOnNumbers: true,
  },
  // None: the PostgreSQL adapter has none either, and both engines answer alike (the i/y variants are folded instead).
  synonyms: {},
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 10000 },
  stopWords: [],
};

function toMeili(d: SearchDocument): MeiliDocument {
  const words = [d.title, d.subtitle ?? '', ...d.authors, ...d.subjects, d.series ?? ''].join(' ');
  return {
    ...d,
    titleKey: vietnameseSortKey(d.title),
    createdAtTs: Date.parse(d.createdAt),
    isbnText: d.isbns.flatMap((i) => [i, isbn10Of(i) ?? '']).join(' '),
    // In order, one string: the words of a name stay side by side (Meilisearch's proximity rule sees them so).
    exactTokens: [d.title, d.subtitle ?? '', d.authors.join(' , '), d.series ?? '', d.subjects.join(' , ')]
      .map((f) =>
        exactWords(f)
          .map((w) => exactKey(w) ?? '')
          .filter(Boolean)
          .join(' '),
      )
      .join(' , '),
    // Words Meilisearch indexes in their y form (kỹ → ky), also in the i form queries are sent in.
    variants: [
      ...new Set(
        foldVi(words)
          .split(/[^\p{L}\p{N}]+/u)
          .filter((w) => w && canonicalWord(w) !== w)
          .map(canonicalWord),
      ),
    ],
  };
}

const quote = (v: string | number) => JSON.stringify(String(v));

function filterExpr(f: SearchFilters, isbn?: string): string[] {
  const out: string[] = [];
  const anyOf = (field: string, values?: string[]) =>
    values?.length && out.push(`${field} IN [${values.map(quote).join(', ')}]`);
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

async function wait(p: {
  waitTask(o?: { timeout?: number }): Promise<{ status: string; error?: { message?: string } | null }>;
}): Promise<void> {
  const task = await p.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (task.status !== 'succeeded')
    throw new Error(`Meilisearch task ${task.status}: ${task.error?.message ?? 'unknown error'}`);
}

/** A request sent now and awaited later: marked handled, so that a failure meanwhile is not an unhandled rejection. */
function handled<T extends Promise<unknown>>(p: T): T {
  p.catch(() => undefined);
  return p;
}

/** The settings the server reports that differ from MEILI_SETTINGS (empty when the index is up to date). */
function settingsDrift(current: Settings): string[] {
  const norm = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(norm)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, norm(x)]),
          )
        : v;
  const drift: string[] = [];
  for (const [key, want] of Object.entries(MEILI_SETTINGS) as [keyof Settings, unknown][]) {
    const have = current[key];
    const same =
      want && typeof want === 'object' && !Array.isArray(want) && have && typeof have === 'object'
        ? Object.entries(want).every(
            ([k, v]) => JSON.stringify(norm(v)) === JSON.stringify(norm((have as Record<string, unknown>)[k])),
          )
        : JSON.stringify(norm(want)) === JSON.stringify(norm(have));
    if (!same) drift.push(key);
  }
  return drift;
}

/** What `search` sends to Meilisearch for a query (see MeilisearchSearchIndex.plan). */
export interface MeiliSearchPlan {
  limit: number;
  offset: number;
  /** Folded query words (for highlights). */
  tokens: string[];
  prefixLast: boolean;
  /** Typed with diacritics, by relevance: exact then folded, in one federated multi-search (POST /multi-search). */
  federated?: FederatedMultiSearchParams;
  /** Otherwise one search of the index (POST /indexes/{indexUid}/search with { q, ...params }). */
  indexUid?: string;
  q?: string | null;
  params?: SearchParams;
}

/** Meilisearch answering an error of its own (not a network failure), with its error code. */
const apiCode = (e: unknown): string | undefined => (e instanceof MeilisearchApiError ? e.cause?.code : undefined);

/**
 * Meilisearch adapter: explicit primary key; settings as code, applied before anything else touches the index (at start,
 * and again before a write or a search if they could not be then); writes batched, waited for, idempotent;
 * rebuild-and-swap. A search the engine cannot answer (down, timing out, index gone) is SearchErrors.unavailable (503),
 * never an empty or stale result.
 */
export class MeilisearchSearchIndex implements SearchIndex {
  readonly kind = 'meilisearch' as const;
  private readonly client: Meilisearch;
  /** The same server with a longer request timeout, for document batches and index administration. */
  private readonly writer: Meilisearch;
  private readonly uid: string;
  private ready?: Promise<void>;
  private readonly log?: (message: string) => void;

  constructor(opts: {
    url: string;
    apiKey?: string;
    indexUid: string;
    timeoutMs?: number;
    log?: (message: string) => void;
  }) {
    this.log = opts.log;
    this.client = new Meilisearch({
      host: opts.url,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs ?? REQUEST_TIMEOUT_MS,
    });
    this.writer = new Meilisearch({
      host: opts.url,
      apiKey: opts.apiKey,
      timeout: Math.max(opts.timeoutMs ?? 0, WRITE_TIMEOUT_MS),
    });
    this.uid = opts.indexUid;
  }

  /** The live index's uid (tests and operators). */
  get indexUid(): string {
    return this.uid;
  }

  private index(uid = this.uid): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(uid);
  }

  private writeIndex(uid = this.uid): Index<MeiliDocument> {
    return this.writer.index<MeiliDocument>(uid);
  }

  /** Where documents the indexer wrote during a rebuild are noted, so that the rebuild carries them over. */
  private get touchedUid(): string {
    return `${this.uid}__rebuild_touched`;
  }

  private async prepare(uid: string): Promise<void> {
    const exists = await this.client.getIndex(uid).then(
      () => true,
      (e: unknown) => {
        if (apiCode(e) === 'index_not_found') return false;
        throw e;
      },
    );
    if (!exists) await wait(this.client.createIndex(uid, { primaryKey: 'id' }));
    const drift = exists ? settingsDrift(await this.index(uid).getSettings()) : ['all'];
    if (drift.length) await wait(this.index(uid).updateSettings(MEILI_SETTINGS));
  }

  /** Create the index if missing and apply MEILI_SETTINGS where they differ; remembered once it succeeded. */
  ensureReady(): Promise<void> {
    this.ready ??= this.prepare(this.uid).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  /** True once the settings were applied by this process. */
  get settingsApplied(): boolean {
    return this.ready !== undefined;
  }

  private async enqueueAll(uid: string, docs: MeiliDocument[] | AvailabilityPatch[], partial: boolean): Promise<void> {
    const tasks = [];
    for (let i = 0; i < docs.length; i += BATCH) {
      const slice = docs.slice(i, i + BATCH);
      tasks.push(
        handled(
          partial
            ? this.writeIndex(uid).updateDocuments(slice as AvailabilityPatch[], { primaryKey: 'id' })
            : this.writeIndex(uid).addDocuments(slice as MeiliDocument[], { primaryKey: 'id' }),
        ),
      );
    }
    for (const t of tasks) await wait(t);
  }

  /** During a rebuild (another process may run it), note the ids written so that it carries them over before its swap. */
  private async noteTouched(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const rebuilding = await this.writer.getIndex(this.touchedUid).then(
      () => true,
      () => false,
    );
    if (rebuilding)
      await wait(
        this.writeIndex(this.touchedUid).addDocuments(
          ids.map((id) => ({ id }) as unknown as MeiliDocument),
          { primaryKey: 'id' },
        ),
      );
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    if (!docs.length) return;
    await this.ensureReady();
    await this.noteTouched(docs.map((d) => d.id));
    await this.enqueueAll(this.uid, docs.map(toMeili), false);
  }

  async patchAvailability(patches: AvailabilityPatch[]): Promise<void> {
    if (!patches.length) return;
    await this.ensureReady();
    // Partial updates would create stub documents for unknown ids; keep only ids the index has.
    const known = await this.index().getDocuments({
      filter: `id IN [${patches.map((p) => quote(p.id)).join(', ')}]`,
      fields: ['id'],
      limit: patches.length,
    });
    const ids = new Set(known.results.map((r) => r.id));
    const list = patches.filter((p) => ids.has(p.id));
    await this.noteTouched(list.map((p) => p.id));
    await this.enqueueAll(this.uid, list, true);
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.ensureReady();
    await this.noteTouched(ids);
    await wait(this.writeIndex().deleteDocuments(ids));
  }

  /**
   * Fill a fresh index (same settings) from `batches`, a few batches in flight at once, then swap it with the live
   * one in one task: searches see the old index until the swap, the new one after. Documents the indexer wrote to the
   * live index meanwhile (noted in a side index) are copied over from the live index just before the swap.
   */
  async rebuild(batches: AsyncIterable<SearchDocument[]>): Promise<{ documents: number }> {
    await this.ensureReady();
    const tmp = `${this.uid}__rebuild`;
    await this.dropIndex(tmp);
    await this.dropIndex(this.touchedUid);
    await wait(this.writer.createIndex(this.touchedUid, { primaryKey: 'id' }));
    let documents = 0;
    try {
      await this.prepare(tmp);
      const inFlight: ReturnType<Index['addDocuments']>[] = [];
      for await (const batch of batches) {
        for (let i = 0; i < batch.length; i += BATCH)
          inFlight.push(
            handled(this.writeIndex(tmp).addDocuments(batch.slice(i, i + BATCH).map(toMeili), { primaryKey: 'id' })),
          );
        documents += batch.length;
        while (inFlight.length > 8) await wait(inFlight.shift()!);
      }
      for (const t of inFlight) await wait(t);
      await this.carryOver(tmp);
      await wait(this.writer.swapIndexes([{ indexes: [this.uid, tmp], rename: false }]));
    } finally {
      await this.dropIndex(tmp);
      await this.dropIndex(this.touchedUid);
    }
    return { documents };
  }

  /** Delete an index if it exists, and wait until it is gone. */
  private async dropIndex(uid: string): Promise<void> {
    await wait(this.writer.deleteIndex(uid)).catch((e: unknown) => {
      if (apiCode(e) !== 'index_not_found' && !/index_not_found|not found/i.test((e as Error).message)) throw e;
    });
  }

  /** Copy the documents noted as touched during the rebuild from the live index to `tmp` (absent there: deleted). */
  private async carryOver(tmp: string): Promise<void> {
    for (let offset = 0; ; offset += BATCH) {
      const touched = await this.writeIndex(this.touchedUid).getDocuments({ fields: ['id'], limit: BATCH, offset });
      const ids = touched.results.map((r) => r.id);
      if (!ids.length) return;
      const live = await this.writeIndex().getDocuments({
        filter: `id IN [${ids.map(quote).join(', ')}]`,
        limit: ids.length,
      });
      const present = new Set(live.results.map((d) => d.id));
      if (live.results.length)
        await wait(
          this.writeIndex(tmp).addDocuments((live.results as SearchDocument[]).map(toMeili), { primaryKey: 'id' }),
        );
      const gone = ids.filter((id) => !present.has(id));
      if (gone.length) await wait(this.writeIndex(tmp).deleteDocuments(gone));
    }
  }

  async count(): Promise<number> {
    return (await this.index().getStats()).numberOfDocuments;
  }

  /** The server answers and the index has its settings (applied now if they were not yet). */
  async ping(): Promise<void> {
    await this.client.health();
    await this.ensureReady();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    try {
      await this.ensureReady();
      return await this.searchReady(query);
    } catch (e) {
      // The index was deleted under us: prepare it again at the next call.
      if (apiCode(e) === 'index_not_found') this.ready = undefined;
      if (e instanceof MeilisearchApiError && e.response.status < 500 && apiCode(e) !== 'index_not_found') throw e;
      this.log?.(`search failed: ${(e as Error).message}`);
      throw SearchErrors.unavailable();
    }
  }

  /**
   * The request `search` sends for a query (exposed for the benchmark's bare-engine comparison): one index search, or a
   * federated multi-search (exact query first) when the query is typed with diacritics and sorted by relevance.
   */
  plan(query: SearchQuery): MeiliSearchPlan {
    const limit = Math.min(Math.max(query.limit ?? SEARCH_DEFAULT_LIMIT, 1), SEARCH_MAX_LIMIT);
    const offset = Math.max(query.offset ?? 0, 0);
    const { text: q, lastWordComplete } = typedQuery(query.q);
    const isbn = q ? isbnInQuery(q) : undefined;
    const tokens = isbn ? [] : foldedWords(q);
    // Meilisearch matches the last word as a prefix unless a space follows it.
    const end = lastWordComplete ? ' ' : '';
    const text = isbn || !tokens.length ? '' : tokens.join(' ') + end;
    const sortBy = query.sort ?? 'relevance';
    const sort =
      sortBy === 'newest' || (!text && sortBy === 'relevance')
        ? ['createdAtTs:desc']
        : sortBy === 'title'
          ? ['titleKey:asc']
          : undefined;
    const filter = filterExpr(query.filters ?? {}, isbn);
    const facets = query.facets === false ? undefined : Object.values(FACET_FIELD);
    const common: SearchParams = { filter, matchingStrategy: 'all' };
    const base = { limit, offset, tokens, prefixLast: !lastWordComplete };
    if (text && sortBy === 'relevance' && hasDiacritics(q)) {
      // Typed with diacritics: the records with exactly these words (every word, as typed, the last one still a prefix
      // while being typed) first, then the folded matches. One federated search; a record found by both appears once.
      const federated: FederatedMultiSearchParams = {
        federation: { limit, offset, ...(facets ? { facetsByIndex: { [this.uid]: facets }, mergeFacets: {} } : {}) },
        queries: [
          {
            indexUid: this.uid,
            q: exactWordsOf(q).join(' ') + end,
            ...common,
            federationOptions: { weight: EXACT_WEIGHT },
          },
          { indexUid: this.uid, q: text, ...common },
        ],
      };
      return { ...base, federated };
    }
    return { ...base, indexUid: this.uid, q: text || null, params: { ...common, facets, sort, limit, offset } };
  }

  private async searchReady(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const plan = this.plan(query);
    const { limit, offset, tokens, prefixLast } = plan;
    const facetFields = query.facets === false ? undefined : Object.values(FACET_FIELD);
    const res: Pick<SearchResponse<MeiliDocument>, 'hits' | 'facetDistribution' | 'estimatedTotalHits'> = plan.federated
      ? await this.client.multiSearch<FederatedMultiSearchParams, MeiliDocument>(plan.federated)
      : await this.index().search(plan.q, plan.params);
    const lastWordComplete = !prefixLast;
    const facets: Partial<Record<SearchFacet, FacetCount[]>> = {};
    if (facetFields) {
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
        const {
          titleKey: _k,
          createdAtTs: _c,
          isbnText: _i,
          exactTokens: _e,
          variants: _v,
          _federation: _f,
          ...document
        } = h as MeiliDocument & { _federation?: unknown };
        return {
          id: document.id,
          document,
          highlight: {
            title: highlight(document.title, tokens, { prefixLast: !lastWordComplete }),
            authors: document.authors.map((a) => highlight(a, tokens, { prefixLast: !lastWordComplete })),
          },
        };
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

/** The words of a query as the exact query sends them: each word's exact token (a number stays as it is). */
function exactWordsOf(q: string): string[] {
  return q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => exactKey(w) ?? canonicalWord(foldVi(w)));
}
