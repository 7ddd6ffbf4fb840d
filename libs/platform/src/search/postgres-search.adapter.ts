import type { DataSource, QueryRunner } from 'typeorm';
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
import { exactWords, foldedWords, foldVi, hasDiacritics, highlight, vietnameseSortKey } from './vietnamese.js';

/** Where the PostgreSQL adapter keeps its index (tables created by the owning module's migration). */
export interface PostgresSearchTables {
  /** Denormalised documents with tsvectors, e.g. `catalogue.search_documents`. */
  documents: string;
  /** Folded vocabulary with a trigram index, for typo tolerance, e.g. `catalogue.search_words`. */
  words: string;
}

/**
 * Relevance ranking and facet counts are computed over at most this many matching records (taken in index order),
 * which keeps a broad query ("sách") as fast as a narrow one; `total` then says it is a lower bound.
 */
export const PG_CANDIDATE_CAP = 1000;
const FACET_VALUES = 20;
const TYPO_MIN_LENGTH = 5;
const MAX_TOKENS = 8;

type Param = unknown;

/** Vocabulary words kept for typo tolerance (long enough for a typo to be told from another word). */
function vocabulary(docs: SearchDocument[]): string[] {
  const words = new Set<string>();
  for (const d of docs) for (const w of foldedWords([d.title, d.subtitle ?? '', ...d.authors, ...d.subjects, d.series ?? ''].join(' '))) if (w.length >= 4 && w.length <= 40) words.add(w);
  return [...words];
}

/** Rows for `jsonb_to_recordset`: the document plus the folded and exact texts the tsvectors are built from. */
function toRow(d: SearchDocument) {
  const isbnText = d.isbns.flatMap((i) => [i, isbn10Of(i) ?? '']).join(' ');
  return {
    id: d.id,
    doc: d,
    title_key: vietnameseSortKey(d.title),
    title_fold: foldVi([d.title, d.subtitle].filter(Boolean).join(' ')).replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
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
    a: foldVi([d.title, d.subtitle].filter(Boolean).join(' ')),
    b: foldVi(d.authors.join(' ')),
    c: foldVi([...d.subjects, d.series ?? ''].join(' ')),
    dd: foldVi([d.publisher ?? '', d.summary ?? '', isbnText].join(' ')),
    exact: [d.title, d.subtitle ?? '', ...d.authors, ...d.subjects, d.series ?? ''].join(' ').normalize('NFC').toLowerCase(),
  };
}

const UPSERT_CONFLICT = `ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, title_key = excluded.title_key, title_fold = excluded.title_fold,
  year = excluded.year, created_at = excluded.created_at, language = excluded.language, audience = excluded.audience,
  formats = excluded.formats, subjects = excluded.subjects, institution_ids = excluded.institution_ids,
  available_at = excluded.available_at, availability = excluded.availability, isbns = excluded.isbns,
  fold_tsv = excluded.fold_tsv, exact_tsv = excluded.exact_tsv, generation = excluded.generation`;

/** PostgreSQL full-text search over folded text (unaccent-style folding, đ → d) with pg_trgm typo tolerance. */
export class PostgresSearchIndex implements SearchIndex {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly ds: DataSource,
    private readonly t: PostgresSearchTables,
  ) {}

  async ensureReady(): Promise<void> {
    await this.ds.query(`SELECT 1 FROM ${this.t.documents} LIMIT 1`);
  }

  async upsert(docs: SearchDocument[], opts: { generation?: number; table?: string; runner?: QueryRunner; fresh?: boolean } = {}): Promise<void> {
    if (!docs.length) return;
    const table = opts.table ?? this.t.documents;
    const q = (sql: string, params: unknown[]) => (opts.runner ?? this.ds).query(sql, params);
    await q(
      `INSERT INTO ${table} AS s (id, doc, title_key, title_fold, year, created_at, language, audience, formats, subjects,
         institution_ids, available_at, availability, isbns, fold_tsv, exact_tsv, generation)
       SELECT r.id, r.doc, r.title_key, r.title_fold, r.year, r.created_at, r.language, r.audience, r.formats, r.subjects,
         r.institution_ids, r.available_at, r.availability, r.isbns,
         setweight(to_tsvector('simple', r.a), 'A') || setweight(to_tsvector('simple', r.b), 'B')
           || setweight(to_tsvector('simple', r.c), 'C') || setweight(to_tsvector('simple', r.dd), 'D'),
         to_tsvector('simple', r.exact), $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, doc jsonb, title_key text, title_fold text, year int, created_at timestamptz,
         language text, audience text, formats text[], subjects text[], institution_ids text[], available_at text[], availability text[],
         isbns text[], a text, b text, c text, dd text, exact text)
       ${opts.fresh ? '' : UPSERT_CONFLICT}`,
      [JSON.stringify(docs.map(toRow)), opts.generation ?? Date.now()],
    );
    await q(`INSERT INTO ${this.t.words} (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [vocabulary(docs)]);
  }

  async patchAvailability(patches: AvailabilityPatch[]): Promise<void> {
    if (!patches.length) return;
    await this.ds.query(
      `UPDATE ${this.t.documents} s SET institution_ids = p.institution_ids, available_at = p.available_at, availability = p.availability, generation = $2,
         doc = s.doc || jsonb_build_object('institutionIds', to_jsonb(p.institution_ids), 'availableAt', to_jsonb(p.available_at), 'availability', to_jsonb(p.availability))
       FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, institution_ids text[], available_at text[], availability text[])
       WHERE s.id = p.id`,
      [JSON.stringify(patches.map((p) => ({ id: p.id, institution_ids: p.institutionIds, available_at: p.availableAt, availability: p.availability }))), Date.now()],
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
      const indexes: { indexname: string; indexdef: string }[] = await runner.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`, [schema, table]);
      for (const ix of indexes) {
        const def = ix.indexdef.replace(` INDEX ${ix.indexname} ON ${schema}.${table} `, ` INDEX ${ix.indexname}_rb ON ${tmp} `);
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
        const cols = `id, doc, title_key, title_fold, year, created_at, language, audience, formats, subjects, institution_ids, available_at, availability, isbns, fold_tsv, exact_tsv, generation`;
        await runner.query(
          `INSERT INTO ${tmp} AS s (${cols}) SELECT ${cols} FROM ${this.t.documents} WHERE generation >= $1
           ON CONFLICT (id) DO UPDATE SET ${cols.split(', ').filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`,
          [start],
        );
        await runner.query(`DROP TABLE ${this.t.documents}`);
        await runner.query(`ALTER TABLE ${tmp} RENAME TO ${table}`);
        for (const ix of indexes) await runner.query(`ALTER INDEX ${schema}.${ix.indexname}_rb RENAME TO ${ix.indexname}`);
        for (const p of pkey) await runner.query(`ALTER TABLE ${this.t.documents} ADD CONSTRAINT ${p.conname} PRIMARY KEY USING INDEX ${p.conname}`);
        await runner.commitTransaction();
      } catch (e) {
        await runner.rollbackTransaction();
        throw e;
      }
      await runner.query(`ANALYZE ${this.t.documents}`);
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
  async plan(query: SearchQuery): Promise<{ sql: string; params: Param[]; tokens: string[]; before: { sql: string; params: Param[] }[] }> {
    const before: { sql: string; params: Param[] }[] = [];
    const limit = Math.min(Math.max(query.limit ?? SEARCH_DEFAULT_LIMIT, 1), SEARCH_MAX_LIMIT);
    const offset = Math.max(query.offset ?? 0, 0);
    const sort = query.sort ?? 'relevance';
    const params: Param[] = [];
    const p = (v: Param) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const q = (query.q ?? '').normalize('NFC').trim();
    const isbn = q ? isbnInQuery(q) : undefined;
    let score = '0::real';
    let tokens: string[] = [];
    if (isbn) {
      where.push(`d.isbns @> ARRAY[${p(isbn)}]::text[]`);
    } else if (q) {
      tokens = foldedWords(q).slice(0, MAX_TOKENS);
      if (tokens.length) {
        const prefixLast = !/[\s\p{P}]$/u.test(q);
        const alternatives = await this.typoAlternatives(tokens, prefixLast, before);
        const terms = tokens.map((t, i) => {
          const isLast = i === tokens.length - 1;
          const self = isLast && prefixLast ? `'${t}':*` : `'${t}'`;
          const alts = alternatives.get(t) ?? [];
          return alts.length ? `(${[self, ...alts.map((a) => `'${a}'`)].join(' | ')})` : self;
        });
        const tsq = p(terms.join(' & '));
        where.push(`d.fold_tsv @@ to_tsquery('simple', ${tsq})`);
        const qf = p(tokens.join(' '));
        score = `ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.fold_tsv, to_tsquery('simple', ${tsq}), 1)
          + (d.title_fold = ${qf})::int * 2 + (d.title_fold LIKE ${qf} || '%')::int`;
        if (hasDiacritics(q)) {
          const exact = exactWords(q).filter((w) => foldVi(w) !== w);
          if (exact.length) {
            const words = exact.map((w, i) => (i === exact.length - 1 && prefixLast ? `'${w}':*` : `'${w}'`)).join(' | ');
            score += ` + 3 * ts_rank(d.exact_tsv, to_tsquery('simple', ${p(words)}), 0) * 10`;
          }
        }
      }
    }
    where.push(...filterSql(query.filters ?? {}, p));
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = sort === 'newest' || (!isbn && !tokens.length && sort === 'relevance') ? 'created_at DESC, id' : sort === 'title' ? 'title_key, id' : 'score DESC, created_at DESC, id';
    const dOrder = order.replace(/\b(created_at|title_key|id)\b/g, 'd.$1');
    const cap = p(PG_CANDIDATE_CAP + 1);
    const lim = p(limit);
    const off = p(offset);
    const cols = `d.id, d.created_at, d.title_key, d.language, d.audience, d.formats, d.subjects, d.institution_ids, d.availability, d.year`;
    // Without a query the candidates are the first ones in the chosen order (index scan). With one, relevance ranks
    // the capped candidates, and the other orders read the whole match set through their index.
    const hasText = !!isbn || tokens.length > 0;
    const mOrder = hasText ? '' : `ORDER BY ${dOrder}`;
    const pageSql =
      sort === 'relevance' || !hasText
        ? `SELECT m.id, d.doc, m.score, m.created_at, m.title_key FROM (SELECT id, score, created_at, title_key FROM m ORDER BY ${order} LIMIT ${lim} OFFSET ${off}) m
             JOIN ${this.t.documents} d ON d.id = m.id`
        : `SELECT d.id, d.doc, 0::real AS score, d.created_at, d.title_key FROM ${this.t.documents} d ${cond} ORDER BY ${dOrder} LIMIT ${lim} OFFSET ${off}`;
    const facetSql =
      query.facets === false
        ? `SELECT NULL::text AS facet, NULL::text AS value, 0::bigint AS n WHERE false`
        : `SELECT facet, value, n FROM (
             SELECT facet, value, n, row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) AS rk FROM (
               SELECT 'format' AS facet, v AS value, count(*) AS n FROM m, unnest(m.formats) v GROUP BY v
               UNION ALL SELECT 'language', language, count(*) FROM m GROUP BY language
               UNION ALL SELECT 'audience', audience, count(*) FROM m GROUP BY audience
               UNION ALL SELECT 'subject', v, count(*) FROM m, unnest(m.subjects) v GROUP BY v
               UNION ALL SELECT 'institution', v, count(*) FROM m, unnest(m.institution_ids) v GROUP BY v
               UNION ALL SELECT 'availability', v, count(*) FROM m, unnest(m.availability) v GROUP BY v
               UNION ALL SELECT 'year', year::text, count(*) FROM m WHERE year IS NOT NULL GROUP BY year
             ) f
           ) r WHERE rk <= ${FACET_VALUES}`;
    const sql = `WITH m AS MATERIALIZED (
        SELECT ${cols}, ${score} AS score FROM ${this.t.documents} d ${cond} ${mOrder} LIMIT ${cap}
      ), page AS (${pageSql}), facets AS (${facetSql})
      SELECT (SELECT count(*)::int FROM m) AS total,
             (SELECT coalesce(json_agg(json_build_object('id', id, 'doc', doc) ORDER BY ${order}), '[]') FROM page) AS hits,
             (SELECT coalesce(json_agg(json_build_object('facet', facet, 'value', value, 'n', n)), '[]') FROM facets) AS facets`;
    return { sql, params, tokens, before };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const { sql, params, tokens } = await this.plan(query);
    const [row] = await this.ds.query(sql, params);
    const facets: Partial<Record<SearchFacet, FacetCount[]>> = {};
    if (query.facets !== false) {
      for (const f of ['format', 'language', 'audience', 'subject', 'institution', 'availability', 'year'] as SearchFacet[]) facets[f] = [];
      for (const f of row.facets as { facet: SearchFacet; value: string; n: number }[]) facets[f.facet]!.push({ value: f.value, count: Number(f.n) });
      for (const list of Object.values(facets)) list!.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    const total = Number(row.total);
    return {
      hits: (row.hits as { id: string; doc: SearchDocument }[]).map((h) => ({
        id: h.id,
        document: h.doc,
        highlight: { title: highlight(h.doc.title, tokens), authors: h.doc.authors.map((a) => highlight(a, tokens)) },
      })),
      total: Math.min(total, PG_CANDIDATE_CAP),
      totalIsExact: total <= PG_CANDIDATE_CAP,
      facets,
      limit: Math.min(Math.max(query.limit ?? SEARCH_DEFAULT_LIMIT, 1), SEARCH_MAX_LIMIT),
      offset: Math.max(query.offset ?? 0, 0),
      backend: 'postgres',
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /** For long tokens the index does not know, up to three close vocabulary words (trigram similarity). */
  private async typoAlternatives(tokens: string[], prefixLast: boolean, trace: { sql: string; params: Param[] }[]): Promise<Map<string, string[]>> {
    const long = tokens.filter((t) => t.length >= TYPO_MIN_LENGTH);
    const out = new Map<string, string[]>();
    if (!long.length) return out;
    const last = tokens[tokens.length - 1];
    const sql =
      `SELECT t.tok,
         CASE WHEN EXISTS (SELECT 1 FROM ${this.t.words} w WHERE w.word = t.tok)
                OR (t.tok = $2 AND $3 AND EXISTS (SELECT 1 FROM ${this.t.words} w WHERE w.word >= t.tok AND w.word < t.tok || chr(1114111)))
              THEN NULL
              ELSE (SELECT array_agg(word) FROM (SELECT w.word FROM ${this.t.words} w WHERE w.word % t.tok
                     ORDER BY w.word <-> t.tok LIMIT 3) s) END AS alts
       FROM unnest($1::text[]) AS t(tok)`;
    const params = [long, last, prefixLast];
    trace.push({ sql, params });
    const rows: { tok: string; alts: string[] | null }[] = await this.ds.query(sql, params);
    for (const r of rows) if (r.alts?.length) out.set(r.tok, r.alts.filter((a) => /^[\p{L}\p{N}]+$/u.test(a)));
    return out;
  }
}

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
