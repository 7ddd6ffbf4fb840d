import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at a million records (PostgreSQL adapter, see docs/architecture.md "Search"):
 * - `bucket`: documents are numbered in write order (`search_documents_bucket_seq`) and grouped by 16,384
 *   (PG_BUCKET_SIZE in the adapter), so a group sits in a few consecutive heap pages. Broad queries take their
 *   ranked candidates a bucket at a time, newest first, and stop when they have enough, instead of reading the
 *   whole posting list of every common word into a bitmap (0.1–0.8 s each at a million records). The btree on
 *   `bucket` gives the first and last bucket.
 * - `search_documents_match_idx`: one GIN index over the bucket, the folded tsvector and the selective filters, so a
 *   bucket's matches come from one index scan that skips through the posting lists. It replaces the separate
 *   tsvector and facet GIN indexes (a query without a bucket uses it the same way).
 * - `search_lexemes`: every lexeme of the folded tsvectors except ISBNs, so the word being typed is expanded to
 *   the words it begins (`nam` → nam, nami…) instead of a GIN prefix match (`'nam':*`), which collects the posting
 *   lists of every matching word before anything else.
 * - an index on the folded title in byte order, so records whose title is (or begins with) the query are ranked
 *   even when the candidates are capped.
 * Existing documents are numbered in their current heap order (the table is rewritten once).
 */
export class CatalogueSearchSpeed1764400000100 implements MigrationInterface {
  name = 'CatalogueSearchSpeed1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await q.query(`DROP INDEX catalogue.search_documents_fold_tsv_idx`);
    await q.query(`DROP INDEX catalogue.search_documents_facets_idx`);
    // Not OWNED BY the column: a rebuild swaps the table, the sequence stays.
    await q.query(`CREATE SEQUENCE catalogue.search_documents_bucket_seq`);
    await q.query(
      `ALTER TABLE catalogue.search_documents ADD COLUMN bucket integer NOT NULL DEFAULT (nextval('catalogue.search_documents_bucket_seq') / 16384)`,
    );
    await q.query(`ALTER TABLE catalogue.search_documents ALTER COLUMN bucket DROP DEFAULT`);
    // fastupdate off: a query scans this index once per bucket, and each scan would read the whole pending list.
    await q.query(`
      CREATE INDEX search_documents_match_idx ON catalogue.search_documents
      USING gin ((ARRAY[bucket]), fold_tsv, formats, subjects, institution_ids, availability, (ARRAY[language]), (ARRAY[audience]))
      WITH (fastupdate = off)`);
    await q.query(`CREATE INDEX search_documents_bucket_idx ON catalogue.search_documents (bucket)`);
    await q.query(
      `CREATE INDEX search_documents_title_fold_idx ON catalogue.search_documents ((title_fold COLLATE "C"))`,
    );
    await q.query(
      `CREATE TABLE catalogue.search_lexemes (lexeme text COLLATE "C" NOT NULL, CONSTRAINT search_lexemes_pkey PRIMARY KEY (lexeme))`,
    );
    await q.query(`
      INSERT INTO catalogue.search_lexemes (lexeme)
      SELECT DISTINCT u.lexeme FROM catalogue.search_documents d, unnest(d.fold_tsv) u
      WHERE length(u.lexeme) < 10 OR u.lexeme ~ '[^0-9x]'`);
    await q.query(`ANALYZE catalogue.search_documents`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalogue.search_lexemes`);
    await q.query(`DROP INDEX catalogue.search_documents_title_fold_idx`);
    await q.query(`DROP INDEX catalogue.search_documents_bucket_idx`);
    await q.query(`DROP INDEX catalogue.search_documents_match_idx`);
    await q.query(`ALTER TABLE catalogue.search_documents DROP COLUMN bucket`);
    await q.query(`DROP SEQUENCE catalogue.search_documents_bucket_seq`);
    await q.query(`CREATE INDEX search_documents_fold_tsv_idx ON catalogue.search_documents USING gin (fold_tsv)`);
    await q.query(
      `CREATE INDEX search_documents_facets_idx ON catalogue.search_documents USING gin (formats, subjects, institution_ids, availability)`,
    );
  }
}
