/**
 * The search port: one interface, two adapters (PostgreSQL full-text by default, Meilisearch when MEILI_URL is
 * set). Domain code builds `SearchDocument`s and asks `SearchQuery`s; it never knows which engine answers.
 */

/** Facets every adapter computes. Never rename one: clients filter on these names. */
export const SEARCH_FACETS = [
  'format',
  'language',
  'audience',
  'subject',
  'institution',
  'availability',
  'year',
] as const;
export type SearchFacet = (typeof SEARCH_FACETS)[number];

/** Availability facet values: a copy on the shelf somewhere, a digital resource readable online, neither. */
export type Availability = 'on_shelf' | 'online' | 'unavailable';

/** One searchable bibliographic record, denormalised (what the index stores). */
export interface SearchDocument {
  id: string;
  title: string;
  subtitle: string | null;
  /** Author names, in catalogue order. */
  authors: string[];
  publisher: string | null;
  year: number | null;
  /** Normalised ISBN-13s (no hyphens). */
  isbns: string[];
  /** ISO 639-3. */
  language: string;
  /** print_book, ebook, audiobook, video, heritage_document, braille, large_print, audio_daisy, easy_read. */
  formats: string[];
  audience: 'children' | 'youth' | 'adult';
  subjects: string[];
  series: string | null;
  summary: string | null;
  ddc: string | null;
  localContent: boolean;
  /** Institutions holding at least one copy (not withdrawn). */
  institutionIds: string[];
  /** Institutions with a copy on the shelf now. */
  availableAt: string[];
  availability: Availability[];
  /** Has a cover image. */
  hasCover: boolean;
  /** ISO timestamp of the record's creation (for "newest"). */
  createdAt: string;
}

/** The part of a document that copy status changes touch (sent as a partial update). */
export type AvailabilityPatch = Pick<SearchDocument, 'id' | 'institutionIds' | 'availableAt' | 'availability'>;

export type SearchSort = 'relevance' | 'newest' | 'title';

export interface SearchFilters {
  format?: string[];
  language?: string[];
  audience?: string[];
  subject?: string[];
  institution?: string[];
  availability?: string[];
  yearFrom?: number;
  yearTo?: number;
}

export interface SearchQuery {
  /**
   * Free text, any case, with or without diacritics, NFC or NFD; an ISBN in any form. Searched as typed: the last
   * word is a prefix (a number of three digits or more also completes into ISBNs) unless a space or punctuation
   * follows it; surrounding spaces are otherwise ignored.
   */
  q?: string;
  filters?: SearchFilters;
  sort?: SearchSort;
  limit?: number;
  offset?: number;
  /** Compute facet counts (default true). */
  facets?: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchHit {
  id: string;
  document: SearchDocument;
  /** Title and authors with matched words wrapped in <mark>…</mark> (HTML-escaped otherwise). */
  highlight: { title: string; authors: string[] };
}

export interface SearchResult {
  hits: SearchHit[];
  /**
   * Number of matching records. When `totalIsExact` is false it is not exact: Meilisearch's estimate, or for the
   * PostgreSQL adapter a lower bound (its candidate cap).
   */
  total: number;
  totalIsExact: boolean;
  /**
   * Top values of each facet with their counts. Exact unless `facetsApproximate`: then they were counted over a
   * sample of the matching records (the PostgreSQL adapter counts at most its candidate cap, 1,000 records).
   */
  facets: Partial<Record<SearchFacet, FacetCount[]>>;
  facetsApproximate: boolean;
  limit: number;
  offset: number;
  backend: SearchBackendKind;
  tookMs: number;
}

export type SearchBackendKind = 'postgres' | 'meilisearch';

/** What an adapter implements. Writes are idempotent: replaying a batch changes nothing. */
export interface SearchIndex {
  readonly kind: SearchBackendKind;
  /** Create the index and apply its settings if missing (idempotent; settings before documents). */
  ensureReady(): Promise<void>;
  /** Insert or replace whole documents. */
  upsert(docs: SearchDocument[]): Promise<void>;
  /** Partial update of the availability fields (documents that do not exist are ignored). */
  patchAvailability(patches: AvailabilityPatch[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Rebuild from scratch: fill a fresh index from `batches`, then swap it in; readers never see a half index. */
  rebuild(batches: AsyncIterable<SearchDocument[]>): Promise<{ documents: number }>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Number of documents in the live index. */
  count(): Promise<number>;
  ping(): Promise<void>;
  close?(): Promise<void>;
}

export const SEARCH_INDEX = Symbol('suotdoi:search-index');

export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 100;
