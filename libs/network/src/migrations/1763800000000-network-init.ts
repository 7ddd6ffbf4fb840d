import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administrative units and their parent links with validity ranges (so the 1 July 2025 reform is recorded without
 * rewriting history), population per unit and year, institutions with their unit membership over time, service
 * points, and opening calendars. Ranges are inclusive calendar dates: `valid_to` NULL means "still valid".
 */
export class NetworkInit1763800000000 implements MigrationInterface {
  name = 'NetworkInit1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS network`);

    await q.query(`
      CREATE TABLE network.admin_units (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        level text NOT NULL,
        kind text,
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT admin_units_pkey PRIMARY KEY (id),
        CONSTRAINT admin_units_code_uq UNIQUE (code),
        CONSTRAINT admin_units_level_chk CHECK (level IN ('province', 'district', 'commune')),
        CONSTRAINT admin_units_name_chk CHECK (length(btrim(name)) > 0),
        CONSTRAINT admin_units_range_chk CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX admin_units_name_fold_idx ON network.admin_units (platform.fold_vi(name))`);

    await q.query(`
      CREATE TABLE network.admin_unit_links (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL,
        parent_id uuid NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        CONSTRAINT admin_unit_links_pkey PRIMARY KEY (id),
        CONSTRAINT admin_unit_links_unit_fk FOREIGN KEY (unit_id) REFERENCES network.admin_units (id),
        CONSTRAINT admin_unit_links_parent_fk FOREIGN KEY (parent_id) REFERENCES network.admin_units (id),
        CONSTRAINT admin_unit_links_not_self_chk CHECK (unit_id <> parent_id),
        CONSTRAINT admin_unit_links_range_chk CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT admin_unit_links_one_parent_excl EXCLUDE USING gist (unit_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`CREATE INDEX admin_unit_links_parent_idx ON network.admin_unit_links (parent_id)`);

    await q.query(`
      CREATE TABLE network.unit_populations (
        unit_id uuid NOT NULL,
        year integer NOT NULL,
        population integer NOT NULL,
        source text,
        CONSTRAINT unit_populations_pkey PRIMARY KEY (unit_id, year),
        CONSTRAINT unit_populations_unit_fk FOREIGN KEY (unit_id) REFERENCES network.admin_units (id),
        CONSTRAINT unit_populations_year_chk CHECK (year BETWEEN 1900 AND 2200),
        CONSTRAINT unit_populations_population_chk CHECK (population >= 0)
      )`);

    await q.query(`
      CREATE TABLE network.institutions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        level text,
        parent_institution_id uuid,
        address text,
        opened_on date,
        closed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT institutions_pkey PRIMARY KEY (id),
        CONSTRAINT institutions_code_uq UNIQUE (code),
        CONSTRAINT institutions_parent_fk FOREIGN KEY (parent_institution_id) REFERENCES network.institutions (id),
        CONSTRAINT institutions_not_own_parent_chk CHECK (parent_institution_id IS NULL OR parent_institution_id <> id),
        CONSTRAINT institutions_name_chk CHECK (length(btrim(name)) > 0),
        CONSTRAINT institutions_type_chk CHECK (type IN ('national_library', 'public_library', 'specialised_library', 'armed_forces_library',
          'university_library', 'school_library', 'community_library', 'foreign_library', 'museum', 'cultural_centre', 'cultural_house',
          'community_learning_centre')),
        CONSTRAINT institutions_level_chk CHECK (level IS NULL OR level IN ('province', 'district', 'commune', 'village')),
        CONSTRAINT institutions_public_level_chk CHECK (type <> 'public_library' OR level IN ('province', 'district', 'commune'))
      )`);
    await q.query(`CREATE INDEX institutions_parent_idx ON network.institutions (parent_institution_id)`);
    await q.query(`CREATE INDEX institutions_name_fold_idx ON network.institutions (platform.fold_vi(name))`);

    await q.query(`
      CREATE TABLE network.institution_units (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        CONSTRAINT institution_units_pkey PRIMARY KEY (id),
        CONSTRAINT institution_units_institution_fk FOREIGN KEY (institution_id) REFERENCES network.institutions (id),
        CONSTRAINT institution_units_unit_fk FOREIGN KEY (unit_id) REFERENCES network.admin_units (id),
        CONSTRAINT institution_units_range_chk CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT institution_units_one_unit_excl EXCLUDE USING gist (institution_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`CREATE INDEX institution_units_unit_idx ON network.institution_units (unit_id)`);

    await q.query(`
      CREATE TABLE network.service_points (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        address text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_points_pkey PRIMARY KEY (id),
        CONSTRAINT service_points_code_uq UNIQUE (code),
        CONSTRAINT service_points_institution_fk FOREIGN KEY (institution_id) REFERENCES network.institutions (id),
        CONSTRAINT service_points_kind_chk CHECK (kind IN ('main', 'branch', 'mobile_stop', 'post_office_culture_point', 'school_book_corner', 'reading_room')),
        CONSTRAINT service_points_name_chk CHECK (length(btrim(name)) > 0)
      )`);
    await q.query(`CREATE INDEX service_points_institution_idx ON network.service_points (institution_id)`);

    // Weekly hours: several intervals a day are allowed (morning and afternoon sessions are the norm).
    await q.query(`
      CREATE TABLE network.opening_hours (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        weekday smallint NOT NULL,
        opens time NOT NULL,
        closes time NOT NULL,
        CONSTRAINT opening_hours_pkey PRIMARY KEY (id),
        CONSTRAINT opening_hours_institution_fk FOREIGN KEY (institution_id) REFERENCES network.institutions (id) ON DELETE CASCADE,
        CONSTRAINT opening_hours_weekday_chk CHECK (weekday BETWEEN 1 AND 7),
        CONSTRAINT opening_hours_interval_chk CHECK (closes > opens)
      )`);
    await q.query(`CREATE INDEX opening_hours_institution_idx ON network.opening_hours (institution_id, weekday)`);

    // Closed days: institution_id NULL is a nationwide public holiday (Tết, 30/4, 1/5, 2/9…).
    await q.query(`
      CREATE TABLE network.closures (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT closures_pkey PRIMARY KEY (id),
        CONSTRAINT closures_institution_fk FOREIGN KEY (institution_id) REFERENCES network.institutions (id) ON DELETE CASCADE,
        CONSTRAINT closures_range_chk CHECK (ends_on >= starts_on),
        CONSTRAINT closures_kind_chk CHECK (kind IN ('holiday', 'closure')),
        CONSTRAINT closures_holiday_national_chk CHECK (kind = 'closure' OR institution_id IS NULL)
      )`);
    await q.query(`CREATE INDEX closures_institution_idx ON network.closures (institution_id, starts_on)`);
    await q.query(
      `CREATE UNIQUE INDEX closures_holiday_uq ON network.closures (starts_on, ends_on, reason) WHERE institution_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'closures',
      'opening_hours',
      'service_points',
      'institution_units',
      'institutions',
      'unit_populations',
      'admin_unit_links',
      'admin_units',
    ]) {
      await q.query(`DROP TABLE network.${t}`);
    }
    await q.query(`DROP SCHEMA network`);
  }
}
