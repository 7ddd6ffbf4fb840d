import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bibliographic records, copies, digital resources, MARC import batches, and the PostgreSQL search index. */
export class CatalogueInit1763820000000 implements MigrationInterface {
  name = 'CatalogueInit1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS catalogue`);
    await q.query(`
      CREATE TABLE catalogue.records (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        control_number text,
        owner_institution_id uuid NOT NULL,
        title text NOT NULL,
        subtitle text,
        responsibility text,
        authors jsonb NOT NULL DEFAULT '[]',
        publisher text,
        place text,
        year integer,
        edition text,
        isbns text[] NOT NULL DEFAULT '{}',
        language text NOT NULL,
        subjects text[] NOT NULL DEFAULT '{}',
        ddc text,
        series text,
        summary text,
        audience text NOT NULL DEFAULT 'adult',
        accessible_formats text[] NOT NULL DEFAULT '{}',
        local_content boolean NOT NULL DEFAULT false,
        cover_key text,
        cover_media_type text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT records_pkey PRIMARY KEY (id),
        CONSTRAINT records_title_chk CHECK (length(btrim(title)) > 0),
        CONSTRAINT records_language_chk CHECK (language ~ '^[a-z]{3}$'),
        CONSTRAINT records_year_chk CHECK (year IS NULL OR year BETWEEN 1000 AND 2200),
        CONSTRAINT records_audience_chk CHECK (audience IN ('children', 'youth', 'adult')),
        CONSTRAINT records_accessible_formats_chk CHECK (accessible_formats <@ ARRAY['braille', 'large_print', 'audio_daisy', 'easy_read']::text[]),
        CONSTRAINT records_isbns_chk CHECK (isbns <@ ARRAY[]::text[] OR array_to_string(isbns, ',') ~ '^(97[89][0-9]{10})(,97[89][0-9]{10})*$')
      )`);
    await q.query(
      `CREATE UNIQUE INDEX records_control_number_uq ON catalogue.records (control_number) WHERE control_number IS NOT NULL`,
    );
    await q.query(`CREATE INDEX records_isbns_idx ON catalogue.records USING gin (isbns)`);
    await q.query(`CREATE INDEX records_owner_institution_id_idx ON catalogue.records (owner_institution_id)`);
    await q.query(`CREATE INDEX records_created_at_idx ON catalogue.records (created_at, id)`);

    await q.query(`
      CREATE TABLE catalogue.copies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL,
        barcode text NOT NULL,
        home_institution_id uuid NOT NULL,
        location_institution_id uuid NOT NULL,
        location_service_point_id uuid,
        shelf_location text,
        call_number text,
        item_type text NOT NULL DEFAULT 'book',
        status text NOT NULL DEFAULT 'available',
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        acquired_on date,
        price_vnd bigint,
        source text NOT NULL DEFAULT 'purchase',
        source_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT copies_pkey PRIMARY KEY (id),
        CONSTRAINT copies_record_id_fkey FOREIGN KEY (record_id) REFERENCES catalogue.records (id) ON DELETE RESTRICT,
        CONSTRAINT copies_barcode_chk CHECK (barcode ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$'),
        CONSTRAINT copies_status_chk CHECK (status IN ('available', 'on_loan', 'in_transit', 'on_hold_shelf', 'lost', 'damaged', 'withdrawn')),
        CONSTRAINT copies_item_type_chk CHECK (item_type IN ('book', 'periodical', 'reference', 'textbook', 'audiovisual', 'map', 'braille', 'kit')),
        CONSTRAINT copies_source_chk CHECK (source IN ('purchase', 'donation', 'legal_deposit', 'exchange', 'transfer')),
        CONSTRAINT copies_price_chk CHECK (price_vnd IS NULL OR price_vnd >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX copies_barcode_uq ON catalogue.copies (upper(barcode))`);
    await q.query(`CREATE INDEX copies_record_id_idx ON catalogue.copies (record_id)`);
    await q.query(`CREATE INDEX copies_home_institution_id_idx ON catalogue.copies (home_institution_id)`);

    await q.query(`
      CREATE TABLE catalogue.digital_resources (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL,
        institution_id uuid NOT NULL,
        kind text NOT NULL,
        access text NOT NULL DEFAULT 'open',
        label text,
        file_key text,
        file_name text,
        media_type text,
        size_bytes bigint,
        sha256 text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT digital_resources_pkey PRIMARY KEY (id),
        CONSTRAINT digital_resources_record_id_fkey FOREIGN KEY (record_id) REFERENCES catalogue.records (id) ON DELETE RESTRICT,
        CONSTRAINT digital_resources_kind_chk CHECK (kind IN ('ebook', 'audiobook', 'video', 'heritage_document')),
        CONSTRAINT digital_resources_access_chk CHECK (access IN ('open', 'loan', 'staff')),
        CONSTRAINT digital_resources_file_chk CHECK ((file_key IS NULL) = (size_bytes IS NULL))
      )`);
    await q.query(`CREATE INDEX digital_resources_record_id_idx ON catalogue.digital_resources (record_id)`);
    await q.query(`CREATE INDEX digital_resources_created_at_idx ON catalogue.digital_resources (created_at DESC)`);

    await q.query(`
      CREATE TABLE catalogue.marc_import_batches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        format text NOT NULL,
        on_match text NOT NULL,
        status text NOT NULL DEFAULT 'staged',
        file_name text,
        created_by uuid,
        runs integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        CONSTRAINT marc_import_batches_pkey PRIMARY KEY (id),
        CONSTRAINT marc_import_batches_format_chk CHECK (format IN ('iso2709', 'marcxml')),
        CONSTRAINT marc_import_batches_on_match_chk CHECK (on_match IN ('overlay', 'skip', 'create')),
        CONSTRAINT marc_import_batches_status_chk CHECK (status IN ('staged', 'applied'))
      )`);
    await q.query(`
      CREATE TABLE catalogue.marc_import_items (
        batch_id uuid NOT NULL,
        position integer NOT NULL,
        data jsonb,
        control_number text,
        isbns text[] NOT NULL DEFAULT '{}',
        title text,
        outcome text NOT NULL DEFAULT 'pending',
        record_id uuid,
        matched_on text,
        error_code text,
        error_message text,
        CONSTRAINT marc_import_items_pkey PRIMARY KEY (batch_id, position),
        CONSTRAINT marc_import_items_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES catalogue.marc_import_batches (id) ON DELETE CASCADE,
        CONSTRAINT marc_import_items_outcome_chk CHECK (outcome IN ('pending', 'invalid', 'created', 'overlaid', 'skipped', 'failed'))
      )`);

    // The PostgreSQL search adapter's index: one denormalised row per record, rebuilt from the tables above.
    await q.query(`
      CREATE TABLE catalogue.search_documents (
        id uuid NOT NULL,
        doc jsonb NOT NULL,
        title_key text COLLATE "C" NOT NULL,
        title_fold text NOT NULL,
        year integer,
        created_at timestamptz NOT NULL,
        language text NOT NULL,
        audience text NOT NULL,
        formats text[] NOT NULL,
        subjects text[] NOT NULL,
        institution_ids text[] NOT NULL,
        available_at text[] NOT NULL,
        availability text[] NOT NULL,
        isbns text[] NOT NULL,
        fold_tsv tsvector NOT NULL,
        exact_tsv tsvector NOT NULL,
        generation bigint NOT NULL DEFAULT 0,
        CONSTRAINT search_documents_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX search_documents_fold_tsv_idx ON catalogue.search_documents USING gin (fold_tsv)`);
    await q.query(`CREATE INDEX search_documents_isbns_idx ON catalogue.search_documents USING gin (isbns)`);
    await q.query(
      `CREATE INDEX search_documents_facets_idx ON catalogue.search_documents USING gin (formats, subjects, institution_ids, availability)`,
    );
    await q.query(`CREATE INDEX search_documents_created_at_idx ON catalogue.search_documents (created_at DESC, id)`);
    await q.query(`CREATE INDEX search_documents_title_key_idx ON catalogue.search_documents (title_key, id)`);
    await q.query(`CREATE INDEX search_documents_language_idx ON catalogue.search_documents (language)`);
    await q.query(`CREATE INDEX search_documents_year_idx ON catalogue.search_documents (year)`);
    await q.query(
      `CREATE TABLE catalogue.search_words (word text COLLATE "C" NOT NULL, CONSTRAINT search_words_pkey PRIMARY KEY (word))`,
    );
    await q.query(`CREATE INDEX search_words_word_trgm_idx ON catalogue.search_words USING gin (word gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA catalogue CASCADE`);
  }
}
