import type { DataSource, QueryRunner } from 'typeorm';
import { isbn10Of, isbnInQuery } from './isbn.js';
import {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_FACETS,
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
  exactKeys,
  foldedWords,
  foldVi,
  hasDiacritics,
  highlight,
  typedQuery,
  vietnameseSortKey,
} from './vietnamese.js';

/** Where the PostgreSQL adapter keeps its index (tables created by the owning module's migration). */
export interface PostgresSearchTables {
  /** Denormalised documents with tsvectors, e.g. `catalogue.search_documents`. */
  documents: string;
  /** Folded vocabulary with a trigram index, for typo tolerance, e.g. `catalogue.search_words`. */
  words: string;
  /**
   * Every lexeme of the folded tsvectors except ISBNs (default: `search_lexemes` in the documents' schema), for
   * expanding the word being typed into the words it begins.
   */
  lexemes?: string;
  /**
   * Every ISBN of the documents, ISBN-13 and ISBN-10 forms as the folded tsvectors hold them (default: `search_isbns`
   * in the documents' schema), for completing a short number being typed into the ISBNs it begins.
   */
  isbns?: string;
}

/** How candidates are gathered; the defaults suit any catalogue size (tests shrink them to exercise every path). */
export interface PostgresSearchTuning {
  /** Documents per bucket (consecutive in write order). Default PG_BUCKET_SIZE. */
  bucketSize?: number;
  /** Gather candidates this way whatever the estimates say (tests use it to run the contract on both paths). */
  force?: 'plain' | 'bucketed';
}

/**
 * Relevance ranking and facet counts are computed over at most this many matching records, which keeps a broad
 * query ("sách") as fast as a narrow one; `total` is then a lower bound and the facets are flagged approximate.
 */
export const PG_CANDIDATE_CAP = 1000;
/** Documents per bucket; the catalogue migration numbered existing documents with the same size. */
export const PG_BUCKET_SIZE = 16384;
/** The word being typed is expanded to at most this many words (shortest first); beyond, results are a subset. */
export const PG_PREFIX_EXPANSIONS = 50;
// Cost model for choosing how to gather candidates, in ms, measured on the benchmark machine (relative values matter):
// one index scan reads the posting lists (the rarest bounds the work, skipping through the others) and puts every
// match in a bitmap; a bucket scan costs a fixed part plus the postings of its bucket, and buckets are scanned until
// there are enough candidates.
const COST_PLAIN_PER_POSTING = 0.00015;
const COST_PLAIN_PER_MATCH = 0.0003;
const COST_BUCKET_SCAN = 0.04;
const COST_BUCKET_PER_POSTING = 0.00007;
/** Records whose folded title is, or begins with, the query are ranked even when the candidates are capped. */
const TITLE_CANDIDATES = 20;
const TITLE_SCAN = 200;
const FACET_VALUES = 20;
/** Words this long may have a typo (kiue → kieu), as on Meilisearch; one edit up to TYPO_TRIGRAM_LENGTH, trigrams beyond. */
const TYPO_MIN_LENGTH = 4;
const TYPO_TRIGRAM_LENGTH = 9;
const MAX_TOKENS = 8;
/** Numbers this long are (parts of) ISBNs, kept out of the lexeme table: typed, they stay GIN prefix matches. */
const LONG_NUMBER = /^[0-9x]{6,}$/;
/**
 * A shorter number being typed, from this many digits, also completes into the first ISBNs it begins (in ISBN order,
 * a range of the ISBN table's btree); fewer digits are more likely a volume or edition number than an ISBN.
 */
const ISBN_PREFIX = /^[0-9]{3,}$/;
/** A filter estimated to keep more than this share of the records is checked on the rows, not through the index. */
const UNSELECTIVE = 0.2;
const STATS_TTL_MS = 5 * 60_000;

type Param = unknown;

/** What `search` runs for a query: statements `before` the main one (word lookups), then `sql`. */
export interface PgSearchPlan {
  sql: string;
  params: Param[];
  /** Folded query words (for highlights). */
  tokens: string[];
  /** The last word is still being typed (matched, and highlighted, as a prefix). */
  prefixLast: boolean;
  before: { sql: string; params: Param[] }[];
  /** How the candidates are gathered: no text (an index in the chosen order), one index scan, or bucket by bucket. */
  path: 'browse' | 'plain' | 'bucketed';
  /** The word being typed begins more words than are searched: the matches are a subset. */
  subset: boolean;
}

/** Planner statistics of the documents table (pg_stats), cached: how common a word or a filter value is. */
interface TableStats {
  rows: number;
  /** Share of documents containing each frequent lexeme (tsvector most_common_elems). */
  lexemes: Map<string, number>;
  /** Share assumed for a lexeme the statistics do not list. */
  rareLexeme: number;
  /** Per filter column, share of documents with each frequent value. */
  values: Map<string, Map<string, number>>;
}

const NO_STATS: TableStats = { rows: 0, lexemes: new Map(), rareLexeme: 0, values: new Map() };

/** A lexeme as a tsquery operand (quoted, so that no character of it is read as an operator). */
const lexeme = (w: string, prefix = false) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;

/** Vocabulary words kept for typo tolerance (long enough for a typo to be told from another word). */
function vocabulary(docs: SearchDocument[]): string[] {
  const words = new Set<string>();
  for (const d of docs)
    for (const w of foldedWords([d.title, d.subtitle ?? '', ...d.authors, ...d.subjects, d.series ?? ''].join(' ')))
      if (w.length >= 4 && w.length <= 40) words.add(w);
  return [...words];
}

/** The ISBN forms the folded tsvectors hold (ISBN-13s and the ISBN-10s of 978 ones, lower case like the lexemes). */
function isbnForms(docs: SearchDocument[]): string[] {
  return [
    ...new Set(
      docs
        .flatMap((d) => d.isbns.flatMap((i) => [i, isbn10Of(i) ?? '']))
        .filter(Boolean)
        .map((i) => i.toLowerCase()),
    ),
  ];
}

/** Folded words in their search form, space-separated (the i/y variants as one: kỹ and kĩ both give "ki"). */
const words = (text: string) => foldedWords(text).join(' ');

/** Rows for `jsonb_to_recordset`: the document plus the folded and exact texts the tsvectors are built from. */
function toRow(d: SearchDocument) {
  const isbnText = d.isbns.flatMap((i) => [i, isbn10Of(i) ?? '']).join(' ');
  return {
    id: d.id,
    doc: d,
    title_key: vietnameseSortKey(d.title),
    title_fold: words([d.title, d.subtitle].filter(Boolean).join(' ')),
    year: d.year,
    created_at: d.createdAt,
    language: d.language,
    audience: d.audience,
    formats: d.formats,
    subjects: d.subjects,
    institution_ids: d.institutionIds,
    available_at: d.availableAt,
    availability: d.availability,
    isbns: d.isbns,
    a: words([d.title, d.subtitle].filter(Boolean).join(' ')),
    b: words(d.authors.join(' ')),
    c: words([...d.subjects, d.series ?? ''].join(' ')),
    dd: words([d.publisher ?? '', d.summary ?? '', isbnText].join(' ')),
    exact: exactKeys([d.title, d.subtitle ?? '', ...d.authors, ...d.subjects, d.series ?? ''].join(' ')).join(' '),
  };
}

const COLUMNS = `id, doc, title_key, title_fold, year, created_at, language, audience, formats, subjects, institution_ids, available_at, availability, isbns, fold_tsv, exact_tsv, generation, bucket`;
const UPSERT_CONFLICT = `ON CONFLICT (id) DO UPDATE SET ${COLUMNS.split(', ')
  .filter((c) => c !== 'id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;

/** The filter columns the statistics are read for, and how a filter on each is written to use the match index. */
const FILTER_COLUMNS = {
  format: { column: 'formats', array: true },
  subject: { column: 'subjects', array: true },
  institution: { column: 'institution_ids', array: true },
  availability: { column: 'availability', array: true },
  language: { column: 'language', array: false },
  audience: { column: 'audience', array: false },
} as const;

/**
 * PostgreSQL full-text search over folded text (unaccent-style folding, đ → d) with pg_trgm typo tolerance.
 *
 * Candidates for ranking and facets (at most PG_CANDIDATE_CAP + 1 of them) are gathered one of three ways:
 * - no text: the first records in the chosen order, through its btree;
 * - rare words or a selective filter: one scan of the match index;
 * - common words: bucket by bucket, newest bucket first, one small scan of the match index each, until there are
 *   enough. A bucket's documents were written one after another, so the index scan skips to them in every posting
 *   list instead of reading the lists whole; the cost follows the number of candidates, not of matches.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly kind = 'postgres' as const;
  private readonly lexemes: string;
  private readonly isbns: string;
  private readonly sequence: string;
  private readonly bucketSize: number;
  private readonly force?: 'plain' | 'bucketed';
  private stats?: { at: number; value: Promise<TableStats> };
  constructor(
    private readonly ds: DataSource,
    private readonly t: PostgresSearchTables,
    tuning: PostgresSearchTuning = {},
  ) {
    this.lexemes = t.lexemes ?? `${t.documents.split('.')[0]}.search_lexemes`;
    this.isbns = t.isbns ?? `${t.documents.split('.')[0]}.search_isbns`;
    this.sequence = `${t.documents}_bucket_seq`;
    this.bucketSize = Math.max(1, Math.floor(tuning.bucketSize ?? PG_BUCKET_SIZE));
    this.force = tuning.force;
  }

  async ensureReady(): Promise<void> {
    await this.ds.query(`SELECT 1 FROM ${this.t.documents} LIMIT 1`);
  }

  async upsert(
    docs: SearchDocument[],
    opts: { generation?: number; table?: string; runner?: QueryRunner; fresh?: boolean } = {},
  ): Promise<void> {
    if (!docs.length) return;
    const table = opts.table ?? this.t.documents;
    const q = (sql: string, params: unknown[]) => (opts.runner ?? this.ds).query(sql, params);
    // The document rows (numbered in write order, which makes the buckets), then in the same statement the lexemes
    // they bring, in order so that concurrent writers of the same new words wait for each other, never deadlock.
    await q(
      `WITH ins AS (INSERT INTO ${table} AS s (${COLUMNS})
       SELECT r.id, r.doc, r.title_key, r.title_fold, r.year, r.created_at, r.language, r.audience, r.formats, r.subjects,
         r.institution_ids, r.available_at, r.availability, r.isbns,
         setweight(to_tsvector('simple', r.a), 'A') || setweight(to_tsvector('simple', r.b), 'B')
           || setweight(to_tsvector('simple', r.c), 'C') || setweight(to_tsvector('simple', r.dd), 'D'),
         to_tsvector('simple', r.exact), $2, (nextval('${this.sequence}') / ${this.bucketSize})::int
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, doc jsonb, title_key text, title_fold text, year int, created_at timestamptz,
         language text, audience text, formats text[], subjects text[], institution_ids text[], available_at text[], availability text[],
         isbns text[], a text, b text, c text, dd text, exact text)
       ${opts.fresh ? '' : UPSERT_CONFLICT}
       RETURNING s.fold_tsv)
       INSERT INTO ${this.lexemes} (lexeme)
       SELECT DISTINCT u.lexeme FROM ins, unnest(ins.fold_tsv) u WHERE length(u.lexeme) < 10 OR u.lexeme ~ '[^0-9x]' ORDER BY 1
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(docs.map(toRow)), opts.generation ?? Date.now()],
    );
    await q(`INSERT INTO ${this.t.words} (word) SELECT w FROM unnest($1::text[]) w ORDER BY 1 ON CONFLICT DO NOTHING`, [
      vocabulary(docs),
    ]);
    const isbns = isbnForms(docs);
    if (isbns.length)
      await q(`INSERT INTO ${this.isbns} (isbn) SELECT i FROM unnest($1::text[]) i ORDER BY 1 ON CONFLICT DO NOTHING`, [
        isbns,
      ]);
  }

  async patchAvailability(patches: AvailabilityPatch[]): Promise<void> {
    if (!patches.length) return;
    await this.ds.query(
      `UPDATE ${this.t.documents} s SET institution_ids = p.institution_ids, available_at = p.available_at, availability = p.availability, generation = $2,
         doc = s.doc || jsonb_build_object('institutionIds', to_jsonb(p.institution_ids), 'availableAt', to_jsonb(p.available_at), 'availability', to_jsonb(p.availability))
       FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, institution_ids text[], available_at text[], availability text[])
       WHERE s.id = p.id`,
      [
        JSON.stringify(
          patches.map((p) => ({
            id: p.id,
            institution_ids: p.institutionIds,
            available_at: p.availableAt,
            availability: p.availability,
          })),
        ),
        Date.now(),
      ],
    );
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.ds.query(`DELETE FROM ${this.t.documents} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Fills a fresh table without indexes, builds the live table's indexes on it (same definitions, read from the
   * catalog), then swaps it in within one short transaction. Readers keep the old table until the swap. Changes the
   * indexer applied to the live table meanwhile (generation ≥ start) are carried over under the swap's lock.
   */
  async rebuild(batches: AsyncIterable<SearchDocument[]>): Promise<{ documents: number }> {
    const start = Date.now();
    const [schema, table] = this.t.documents.split('.');
    const tmp = `${schema}.${table}_rebuild`;
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET maintenance_work_mem = '512MB'`);
      await runner.query(`DROP TABLE IF EXISTS ${tmp}`);
      await runner.query(`CREATE TABLE ${tmp} (LIKE ${this.t.documents} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      let documents = 0;
      for await (const batch of batches) {
        await this.upsert(batch, { generation: start, table: tmp, runner, fresh: true });
        documents += batch.length;
      }
      const indexes: { indexname: string; indexdef: string }[] = await runner.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`,
        [schema, table],
      );
      for (const ix of indexes) {
        const def = ix.indexdef.replace(
          ` INDEX ${ix.indexname} ON ${schema}.${table} `,
          ` INDEX ${ix.indexname}_rb ON ${tmp} `,
        );
        if (def === ix.indexdef) throw new Error(`cannot rebuild index ${ix.indexname}: ${ix.indexdef}`);
        await runner.query(def);
      }
      const pkey: { conname: string }[] = await runner.query(
        `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
        [this.t.documents],
      );
      await runner.startTransaction();
      try {
        await runner.query(`LOCK TABLE ${this.t.documents} IN EXCLUSIVE MODE`);
        const cols = COLUMNS.replace(', bucket', '');
        await runner.query(
          `INSERT INTO ${tmp} AS s (${COLUMNS}) SELECT ${cols}, (nextval('${this.sequence}') / ${this.bucketSize})::int FROM ${this.t.documents} WHERE generation >= $1
           ${UPSERT_CONFLICT}`,
          [start],
        );
        await runner.query(`DROP TABLE ${this.t.documents}`);
        await runner.query(`ALTER TABLE ${tmp} RENAME TO ${table}`);
        for (const ix of indexes)
          await runner.query(`ALTER INDEX ${schema}.${ix.indexname}_rb RENAME TO ${ix.indexname}`);
        for (const p of pkey)
          await runner.query(
            `ALTER TABLE ${this.t.documents} ADD CONSTRAINT ${p.conname} PRIMARY KEY USING INDEX ${p.conname}`,
          );
        await runner.commitTransaction();
      } catch (e) {
        await runner.rollbackTransaction();
        throw e;
      }
      await runner.query(`ANALYZE ${this.t.documents}`);
      this.stats = undefined;
      return { documents };
    } finally {
      await runner.query(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
      await runner.release();
    }
  }

  async count(): Promise<number> {
    const [r] = await this.ds.query(`SELECT count(*)::int AS n FROM ${this.t.documents}`);
    return r.n;
  }

  async ping(): Promise<void> {
    await this.ds.query(`SELECT 1 FROM ${this.t.documents} LIMIT 1`);
  }

  /** The SQL and parameters `search` runs (exposed for the benchmark's bare-SQL comparison). */
  async plan(query: SearchQuery): Promise<PgSearchPlan> {
    const before: { sql: string; params: Param[] }[] = [];
    const limit = Math.min(Math.max(query.limit ?? SEARCH_DEFAULT_LIMIT, 1), SEARCH_MAX_LIMIT);
    const offset = Math.max(query.offset ?? 0, 0);
    const sort = query.sort ?? 'relevance';
    const filters = query.filters ?? {};
    const params: Param[] = [];
    const p = (v: Param) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const { text: q, lastWordComplete } = typedQuery(query.q);
    const isbn = q ? isbnInQuery(q) : undefined;
    let score = '0::real';
    let tokens: string[] = [];
    let titlePrefix: string | undefined;
    let subset = false;
    let path: PgSearchPlan['path'] = 'browse';
    const stats = q ? await this.tableStats() : NO_STATS;
    if (isbn) {
      where.push(`d.isbns @> ARRAY[${p(isbn)}]::text[]`);
      path = 'plain';
    } else if (q) {
      tokens = foldedWords(q).slice(0, MAX_TOKENS);
      if (tokens.length) {
        const prefixLast = !lastWordComplete;
        const words = await this.lookup(tokens, prefixLast, before);
        let partial = false;
        // Estimated share of the documents holding each AND-ed group of words (and each filter in the index scan).
        const shares: number[] = [];
        const terms = tokens.map((t, i) => {
          const { completions, alternatives } = words[i];
          let own = [t];
          let ownSql = [lexeme(t)];
          if (i === tokens.length - 1 && prefixLast) {
            if (completions === null) {
              ownSql = [lexeme(t, true)];
              partial = true;
            } else {
              if (completions.length > PG_PREFIX_EXPANSIONS) subset = true;
              own = completions.slice(0, PG_PREFIX_EXPANSIONS);
              // No word begins so: keep the word itself, which matches nothing, so the query stays well-formed.
              if (!own.length) own = [t];
              ownSql = own.map((c) => lexeme(c));
            }
          }
          shares.push(
            Math.min(
              1,
              [...own, ...alternatives].reduce((s, w) => s + (stats.lexemes.get(w) ?? stats.rareLexeme), 0),
            ),
          );
          const all = [...ownSql, ...alternatives.map((a) => lexeme(a))];
          return all.length > 1 ? `(${all.join(' | ')})` : all[0];
        });
        // Each word whole, or a word one typo away from it (for "found whole" and "side by side").
        const whole = tokens.map((t, i) =>
          words[i].alternatives.length
            ? `(${[t, ...words[i].alternatives].map((w) => lexeme(w)).join(' | ')})`
            : lexeme(t),
        );
        const tsq = p(terms.join(' & '));
        where.push(`d.fold_tsv @@ to_tsquery('simple', ${tsq})`);
        const qf = p(tokens.join(' '));
        // Relevance: cover density (the words close together, in the title rather than the summary); the title being
        // the query or beginning with it; every word typed found whole (not only a word the one being typed begins);
        // the words side by side, as a name or a title typed as a phrase is.
        score = `ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.fold_tsv, to_tsquery('simple', ${tsq}), 1)
          + (d.title_fold = ${qf})::int * 2 + (d.title_fold LIKE ${qf} || '%')::int
          + (d.fold_tsv @@ to_tsquery('simple', ${p(whole.join(' & '))}))::int`;
        if (tokens.length > 1) score += ` + (d.fold_tsv @@ to_tsquery('simple', ${p(whole.join(' <-> '))}))::int * 2`;
        if (sort === 'relevance') titlePrefix = `d.title_fold COLLATE "C" LIKE ${p(`${tokens.join(' ')}%`)}`;
        if (hasDiacritics(q)) {
          // Typed with diacritics: the records with every word exactly as typed (the last one still a prefix while being
          // typed) come first, as on Meilisearch; then the more of the words as typed, the higher (above the bonuses).
          const exact = exactQueryWords(q);
          if (exact.length) {
            const all = exact.map((w, i) => lexeme(w, i === exact.length - 1 && prefixLast));
            score += ` + (d.exact_tsv @@ to_tsquery('simple', ${p(all.join(' & '))}))::int * 10`;
            for (const w of all) score += ` + (d.exact_tsv @@ to_tsquery('simple', ${p(w)}))::int * 6`;
          }
        }
        const f = textFilterSql(filters, p, stats);
        where.push(...f.sql);
        shares.push(...f.shares);
        // A GIN prefix match reads every matching posting list whole on each scan: never once per bucket.
        path = this.force ?? (partial ? 'plain' : this.cheaper(stats.rows, shares, f.rowShare));
      }
    }
    if (path === 'browse') where.push(...filterSql(filters, p));
    else if (isbn) where.push(...textFilterSql(filters, p, stats).sql);
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const hasText = path !== 'browse';
    const order =
      sort === 'newest' || (!hasText && sort === 'relevance')
        ? 'created_at DESC, id'
        : sort === 'title'
          ? 'title_key, id'
          : 'score DESC, created_at DESC, id';
    const dOrder = order.replace(/\b(created_at|title_key|id)\b/g, 'd.$1');
    const cap = p(PG_CANDIDATE_CAP + 1);
    const lim = p(limit);
    const off = p(offset);
    const cols = `d.id, d.created_at, d.title_key, d.language, d.audience, d.formats, d.subjects, d.institution_ids, d.availability, d.year`;
    const candidates =
      path === 'bucketed'
        ? `SELECT x.* FROM generate_series((SELECT max(bucket) FROM ${this.t.documents}), (SELECT min(bucket) FROM ${this.t.documents}), -1) AS b(b)
           CROSS JOIN LATERAL (SELECT ${cols}, ${score} AS score FROM ${this.t.documents} d ${cond} AND ARRAY[d.bucket] @> ARRAY[b.b] OFFSET 0) x
           LIMIT ${cap}`
        : `SELECT ${cols}, ${score} AS score FROM ${this.t.documents} d ${cond} ${hasText ? '' : `ORDER BY ${dOrder}`} LIMIT ${cap}`;
    // Past the cap, the records whose title is (or begins with) the query join the ranked candidates: the capped
    // candidates need not include them. Only the first titles in order are looked at, so the cost stays bounded.
    const ranked = titlePrefix
      ? `c AS (SELECT * FROM m UNION ALL
           SELECT * FROM (SELECT ${cols}, ${score} AS score
             FROM (SELECT * FROM ${this.t.documents} d WHERE ${titlePrefix} ORDER BY d.title_fold COLLATE "C" LIMIT ${TITLE_SCAN}) d
             ${cond} LIMIT ${TITLE_CANDIDATES}) t
           WHERE (SELECT count(*) FROM m) > ${PG_CANDIDATE_CAP} AND t.id NOT IN (SELECT id FROM m))`
      : `c AS (SELECT * FROM m)`;
    // Relevance pages come from the ranked candidates; other orders with text read the whole match set in order.
    const pageSql =
      sort === 'relevance' || !hasText
        ? `SELECT c.id, d.doc, c.score, c.created_at, c.title_key FROM (SELECT id, score, created_at, title_key FROM c ORDER BY ${order} LIMIT ${lim} OFFSET ${off}) c
             JOIN ${this.t.documents} d ON d.id = c.id`
        : `SELECT d.id, d.doc, 0::real AS score, d.created_at, d.title_key FROM ${this.t.documents} d ${cond} ORDER BY ${dOrder} LIMIT ${lim} OFFSET ${off}`;
    const facetSql =
      query.facets === false
        ? `SELECT NULL::text AS facet, NULL::text AS value, 0::bigint AS n WHERE false`
        : // One pass over the candidates for the array facets (unnest in the select list, no per-row function scan)
          // and one for the others, each grouping by every facet at once.
          `SELECT facet, value, n FROM (
             SELECT facet, value, n, row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) AS rk FROM (
               SELECT CASE grouping(f, s, i, v) WHEN 7 THEN 'format' WHEN 11 THEN 'subject' WHEN 13 THEN 'institution' ELSE 'availability' END AS facet,
                      coalesce(f, s, i, v) AS value, count(*) AS n
               FROM (SELECT unnest(formats) AS f, unnest(subjects) AS s, unnest(institution_ids) AS i, unnest(availability) AS v FROM m) u
               GROUP BY GROUPING SETS ((f), (s), (i), (v)) HAVING coalesce(f, s, i, v) IS NOT NULL
               UNION ALL
               SELECT CASE grouping(language, audience, year) WHEN 3 THEN 'language' WHEN 5 THEN 'audience' ELSE 'year' END,
                      coalesce(language, audience, year::text), count(*)
               FROM m GROUP BY GROUPING SETS ((language), (audience), (year)) HAVING coalesce(language, audience, year::text) IS NOT NULL
             ) f
           ) r WHERE rk <= ${FACET_VALUES}`;
    const sql = `WITH m AS MATERIALIZED (${candidates}), ${ranked}, page AS (${pageSql}), facets AS (${facetSql})
      SELECT (SELECT count(*)::int FROM m) AS total,
             (SELECT coalesce(json_agg(json_build_object('id', id, 'doc', doc) ORDER BY ${order}), '[]') FROM page) AS hits,
             (SELECT coalesce(json_agg(json_build_object('facet', facet, 'value', value, 'n', n)), '[]') FROM facets) AS facets`;
    return { sql, params, tokens, prefixLast: !lastWordComplete, before, path, subset };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const { sql, params, tokens, prefixLast, subset } = await this.plan(query);
    const [row] = await this.ds.query(sql, params);
    const facets: Partial<Record<SearchFacet, FacetCount[]>> = {};
    if (query.facets !== false) {
      for (const f of SEARCH_FACETS) facets[f] = [];
      for (const f of row.facets as { facet: SearchFacet; value: string; n: number }[])
        facets[f.facet]!.push({ value: f.value, count: Number(f.n) });
      for (const list of Object.values(facets))
        list!.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    const total = Number(row.total);
    const capped = total > PG_CANDIDATE_CAP;
    return {
      hits: (row.hits as { id: string; doc: SearchDocument }[]).map((h) => ({
        id: h.id,
        document: h.doc,
        highlight: {
          title: highlight(h.doc.title, tokens, { prefixLast }),
          authors: h.doc.authors.map((a) => highlight(a, tokens, { prefixLast })),
        },
      })),
      total: Math.min(total, PG_CANDIDATE_CAP),
      totalIsExact: !capped && !subset,
      facets,
      facetsApproximate: query.facets !== false && (capped || subset),
      limit: Math.min(Math.max(query.limit ?? SEARCH_DEFAULT_LIMIT, 1), SEARCH_MAX_LIMIT),
      offset: Math.max(query.offset ?? 0, 0),
      backend: 'postgres',
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /**
   * Plain or bucketed, whichever the cost model finds cheaper for a table of `rows` documents and a query whose
   * index-scanned conditions hold for `shares` of them (words taken as independent), `rowShare` of the matches
   * passing the filters checked on the rows.
   */
  private cheaper(rows: number, shares: number[], rowShare: number): 'plain' | 'bucketed' {
    if (rows < this.bucketSize) return 'plain';
    const buckets = Math.ceil(rows / this.bucketSize);
    const matches = rows * shares.reduce((a, b) => a * b, 1);
    const scanned = Math.min(buckets, Math.ceil((PG_CANDIDATE_CAP * 1.2 * buckets) / Math.max(1, matches * rowShare)));
    const perBucket = COST_BUCKET_SCAN + shares.reduce((s, x) => s + (x * rows) / buckets, 0) * COST_BUCKET_PER_POSTING;
    const plain = Math.min(...shares) * rows * COST_PLAIN_PER_POSTING + matches * COST_PLAIN_PER_MATCH;
    return plain <= scanned * perBucket ? 'plain' : 'bucketed';
  }

  /**
   * One round trip for the query's words: the words the last one begins, when it is being typed (shortest first, then
   * for a number of three to five digits the first ISBNs it begins; one more than are used, to tell when some were
   * left out; null for long numbers, which stay GIN prefix matches), and for long words the index does not know, up
   * to three close vocabulary words (trigram similarity).
   */
  private async lookup(
    tokens: string[],
    prefixLast: boolean,
    trace: { sql: string; params: Param[] }[],
  ): Promise<{ completions: string[] | null; alternatives: string[] }[]> {
    const last = tokens[tokens.length - 1];
    if (!prefixLast && !tokens.some((t) => t.length >= TYPO_MIN_LENGTH))
      return tokens.map(() => ({ completions: null, alternatives: [] }));
    const sql = `SELECT t.i::int AS i, c.completions,
         CASE WHEN length(t.tok) >= ${TYPO_MIN_LENGTH} AND coalesce(cardinality(c.completions), 0) = 0
                AND NOT EXISTS (SELECT 1 FROM ${this.lexemes} l WHERE l.lexeme = t.tok)
                AND NOT EXISTS (SELECT 1 FROM ${this.t.words} w WHERE w.word = t.tok)
                AND NOT (t.i = $2 AND $3 AND EXISTS (SELECT 1 FROM ${this.t.words} w WHERE w.word >= t.tok AND w.word < t.tok || chr(1114111)))
              THEN CASE WHEN length(t.tok) >= ${TYPO_TRIGRAM_LENGTH}
                THEN (SELECT array_agg(word) FROM (SELECT w.word FROM ${this.t.words} w WHERE w.word % t.tok ORDER BY w.word <-> t.tok LIMIT 3) s)
                ELSE (SELECT array_agg(word) FROM (SELECT w.word FROM ${this.t.words} w
                        WHERE w.word = ANY(ARRAY(SELECT jsonb_array_elements_text($7::jsonb -> (t.i::int - 1)))) ORDER BY w.word LIMIT 3) s) END END AS alts
       FROM unnest($1::text[]) WITH ORDINALITY AS t(tok, i)
       LEFT JOIN LATERAL (
         SELECT ARRAY(SELECT x.lexeme FROM (
                        (SELECT l.lexeme, 0 AS k FROM ${this.lexemes} l WHERE l.lexeme >= t.tok AND l.lexeme < t.tok || chr(1114111)
                         ORDER BY length(l.lexeme), l.lexeme LIMIT $4)
                        UNION ALL
                        (SELECT n.isbn, 1 FROM ${this.isbns} n WHERE $6 AND n.isbn >= t.tok AND n.isbn < t.tok || chr(1114111)
                         ORDER BY n.isbn LIMIT $4)
                      ) x ORDER BY x.k, length(x.lexeme), x.lexeme LIMIT $4) AS completions
         WHERE t.i = $2 AND $3 AND $5
       ) c ON true`;
    const edits = tokens.map((t) =>
      t.length >= TYPO_MIN_LENGTH && t.length < TYPO_TRIGRAM_LENGTH && /^[a-z]+$/.test(t) ? oneEditAway(t) : [],
    );
    const params = [
      tokens,
      tokens.length,
      prefixLast,
      PG_PREFIX_EXPANSIONS + 1,
      !LONG_NUMBER.test(last),
      ISBN_PREFIX.test(last),
      JSON.stringify(edits),
    ];
    trace.push({ sql, params });
    const rows: { i: number; completions: string[] | null; alts: string[] | null }[] = await this.ds.query(sql, params);
    const out = tokens.map(() => ({ completions: null as string[] | null, alternatives: [] as string[] }));
    for (const r of rows)
      out[r.i - 1] = {
        completions: r.completions,
        alternatives: (r.alts ?? []).filter((a) => /^[\p{L}\p{N}]+$/u.test(a)),
      };
    return out;
  }

  /** The planner's statistics of the documents table, read at most every few minutes (and after a rebuild). */
  private tableStats(): Promise<TableStats> {
    const now = Date.now();
    if (!this.stats || now - this.stats.at > STATS_TTL_MS) {
      const value = this.loadStats().catch(() => NO_STATS);
      this.stats = { at: now, value };
    }
    return this.stats.value;
  }

  private async loadStats(): Promise<TableStats> {
    const [schema, table] = this.t.documents.split('.');
    const [row]: {
      rows: number | null;
      cols: {
        col: string;
        vals: string[] | null;
        freqs: number[] | null;
        elems: string[] | null;
        elemFreqs: number[] | null;
      }[];
    }[] = await this.ds.query(
      `SELECT (SELECT c.reltuples::float8 FROM pg_class c WHERE c.oid = $1::regclass) AS rows,
         coalesce((SELECT json_agg(json_build_object('col', s.attname, 'vals', s.most_common_vals::text::text[], 'freqs', s.most_common_freqs,
                                                     'elems', s.most_common_elems::text::text[], 'elemFreqs', s.most_common_elem_freqs))
                   FROM pg_stats s WHERE s.schemaname = $2 AND s.tablename = $3 AND s.attname = ANY($4::text[])), '[]') AS cols`,
      [this.t.documents, schema, table, ['fold_tsv', ...Object.values(FILTER_COLUMNS).map((f) => f.column)]],
    );
    const stats: TableStats = {
      rows: Math.max(0, Number(row?.rows ?? 0)),
      lexemes: new Map(),
      rareLexeme: 0,
      values: new Map(),
    };
    for (const c of row?.cols ?? []) {
      const names = c.elems ?? c.vals ?? [];
      const freqs = (c.elems ? c.elemFreqs : c.freqs) ?? [];
      const map = new Map(names.map((n, i) => [n, Number(freqs[i] ?? 0)]));
      if (c.col === 'fold_tsv') {
        stats.lexemes = map;
        // As the planner does: a lexeme the statistics do not list is taken as half as common as the rarest listed.
        stats.rareLexeme = names.length ? Math.min(...names.map((_, i) => Number(freqs[i] ?? 0))) / 2 : 0;
      } else stats.values.set(c.col, map);
    }
    return stats;
  }
}

/** A query's words as exact tokens (see exactKey); a word with digits stays folded (it has no diacritics to tell). */
function exactQueryWords(q: string): string[] {
  return q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => exactKey(w) ?? canonicalWord(foldVi(w)));
}

// Every string one edit from `word` (a letter deleted, inserted, replaced, or two side by side swapped): the typos a
// shorter word may have, looked up in the vocabulary by equality (trigrams tell too little about a short word).
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [a, b] = [word.slice(0, i), word.slice(i)];
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of ALPHABET) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(word);
  return [...out];
}

/** Filters of a query without text: plain conditions, for the planner to use whichever index suits the order. */
function filterSql(f: SearchFilters, p: (v: Param) => string): string[] {
  const out: string[] = [];
  if (f.format?.length) out.push(`d.formats && ${p(f.format)}::text[]`);
  if (f.language?.length) out.push(`d.language = ANY(${p(f.language)}::text[])`);
  if (f.audience?.length) out.push(`d.audience = ANY(${p(f.audience)}::text[])`);
  if (f.subject?.length) out.push(`d.subjects && ${p(f.subject)}::text[]`);
  if (f.institution?.length) out.push(`d.institution_ids && ${p(f.institution)}::text[]`);
  if (f.availability?.length) out.push(`d.availability && ${p(f.availability)}::text[]`);
  if (f.yearFrom !== undefined) out.push(`d.year >= ${p(f.yearFrom)}`);
  if (f.yearTo !== undefined) out.push(`d.year <= ${p(f.yearTo)}`);
  return out;
}

/**
 * Filters of a text query. A selective one is written so that it joins the text in the match index scan; one that
 * keeps most records (or a year range) is checked on the candidate rows instead (`IS TRUE` keeps the planner from
 * intersecting with a bitmap of half the table). `shares`: estimated share of records each index-scanned one keeps;
 * `rowShare`: of those the ones checked on the rows keep (a year range is taken to keep half).
 */
function textFilterSql(
  f: SearchFilters,
  p: (v: Param) => string,
  stats: TableStats,
): { sql: string[]; shares: number[]; rowShare: number } {
  const sql: string[] = [];
  const shares: number[] = [];
  let rowShare = 1;
  for (const [key, { column, array }] of Object.entries(FILTER_COLUMNS) as [
    keyof typeof FILTER_COLUMNS,
    (typeof FILTER_COLUMNS)[keyof typeof FILTER_COLUMNS],
  ][]) {
    const values = f[key];
    if (!values?.length) continue;
    const known = stats.values.get(column);
    // Without statistics a filter is taken as selective (the index scan is right for small tables).
    const share = known
      ? Math.min(
          1,
          values.reduce((s, v) => s + (known.get(v) ?? 0.01), 0),
        )
      : 0;
    const expr = `${array ? `d.${column}` : `ARRAY[d.${column}]`} && ${p(values)}::text[]`;
    if (share > UNSELECTIVE) {
      sql.push(`(${expr}) IS TRUE`);
      rowShare *= share;
    } else {
      sql.push(expr);
      shares.push(share);
    }
  }
  if (f.yearFrom !== undefined) sql.push(`(d.year >= ${p(f.yearFrom)}) IS TRUE`);
  if (f.yearTo !== undefined) sql.push(`(d.year <= ${p(f.yearTo)}) IS TRUE`);
  if (f.yearFrom !== undefined || f.yearTo !== undefined) rowShare *= 0.5;
  return { sql, shares, rowShare };
}
