import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which search index was last rebuilt in full, and with which analysis format: the worker rebuilds (without downtime)
 * an index that never was (e.g. the embedded Meilisearch of an existing installation) or one built with an older
 * format (folding, exact tokens), so that an upgrade never leaves search empty or ranked by stale tokens.
 */
export class CatalogueSearchIndexState1764850000000 implements MigrationInterface {
  name = 'CatalogueSearchIndexState1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalogue.search_index_state (
        engine text NOT NULL,
        format int NOT NULL,
        documents int NOT NULL,
        rebuilt_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT search_index_state_pkey PRIMARY KEY (engine),
        CONSTRAINT search_index_state_format_check CHECK (format > 0),
        CONSTRAINT search_index_state_documents_check CHECK (documents >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalogue.search_index_state`);
  }
}
