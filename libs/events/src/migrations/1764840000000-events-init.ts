import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events: rooms, programmes, sessions, registrations (waitlist by arrival), clubs and their members.
 * The database holds the two promises the module makes: a session never has more seats taken than its capacity
 * (`sessions_capacity_chk` on the counter every registration updates under the session's row lock), and a room is
 * never booked twice at overlapping times, set-up and clear-down included (`sessions_room_no_overlap_excl`).
 */
export class EventsInit1764840000000 implements MigrationInterface {
  name = 'EventsInit1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS events`);

    await q.query(`
      CREATE TABLE events.rooms (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        name text NOT NULL,
        seats integer,
        setup_minutes integer NOT NULL DEFAULT 0,
        cleardown_minutes integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rooms_pkey PRIMARY KEY (id),
        CONSTRAINT rooms_institution_name_uq UNIQUE (institution_id, name),
        CONSTRAINT rooms_seats_chk CHECK (seats IS NULL OR seats > 0),
        CONSTRAINT rooms_padding_chk CHECK (setup_minutes BETWEEN 0 AND 720 AND cleardown_minutes BETWEEN 0 AND 720)
      )`);

    await q.query(`
      CREATE TABLE events.clubs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        name text NOT NULL,
        description text,
        category text NOT NULL,
        founded_on date NOT NULL,
        closed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clubs_pkey PRIMARY KEY (id),
        CONSTRAINT clubs_institution_name_uq UNIQUE (institution_id, name),
        CONSTRAINT clubs_dates_chk CHECK (closed_on IS NULL OR closed_on >= founded_on)
      )`);

    await q.query(`
      CREATE TABLE events.club_members (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        club_id uuid NOT NULL,
        patron_id uuid,
        full_name text,
        joined_on date NOT NULL,
        left_on date,
        CONSTRAINT club_members_pkey PRIMARY KEY (id),
        CONSTRAINT club_members_club_fk FOREIGN KEY (club_id) REFERENCES events.clubs (id) ON DELETE CASCADE,
        CONSTRAINT club_members_dates_chk CHECK (left_on IS NULL OR left_on >= joined_on)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX club_members_active_patron_uq ON events.club_members (club_id, patron_id) WHERE patron_id IS NOT NULL AND left_on IS NULL`,
    );
    await q.query(
      `CREATE INDEX club_members_patron_idx ON events.club_members (patron_id) WHERE patron_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE events.programmes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        club_id uuid,
        title text NOT NULL,
        description text,
        category text NOT NULL,
        audiences text[] NOT NULL DEFAULT '{}',
        language text NOT NULL DEFAULT 'vie',
        organisers text[] NOT NULL DEFAULT '{}',
        partners text[] NOT NULL DEFAULT '{}',
        registration text NOT NULL DEFAULT 'session',
        promotion text NOT NULL DEFAULT 'auto',
        claim_hours integer NOT NULL DEFAULT 24,
        min_age integer,
        max_age integer,
        cancel_hours_before integer NOT NULL DEFAULT 0,
        template text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        search_text text GENERATED ALWAYS AS (platform.fold_vi(title || ' ' || coalesce(description, ''))) STORED,
        CONSTRAINT programmes_pkey PRIMARY KEY (id),
        CONSTRAINT programmes_club_fk FOREIGN KEY (club_id) REFERENCES events.clubs (id),
        CONSTRAINT programmes_category_chk CHECK (category IN ('reading_promotion', 'book_day', 'world_book_day', 'lifelong_learning_week', 'exhibition', 'talk', 'workshop', 'course', 'club_meeting', 'museum_education', 'digital_skills', 'donation_campaign', 'digital_collection', 'heritage_day', 'museum_day')),
        CONSTRAINT programmes_registration_chk CHECK (registration IN ('none', 'session', 'series')),
        CONSTRAINT programmes_promotion_chk CHECK (promotion IN ('auto', 'offer')),
        CONSTRAINT programmes_claim_hours_chk CHECK (claim_hours BETWEEN 1 AND 336),
        CONSTRAINT programmes_ages_chk CHECK ((min_age IS NULL OR min_age >= 0) AND (max_age IS NULL OR max_age >= coalesce(min_age, 0))),
        CONSTRAINT programmes_cancel_hours_chk CHECK (cancel_hours_before BETWEEN 0 AND 720)
      )`);
    await q.query(`CREATE INDEX programmes_institution_idx ON events.programmes (institution_id, created_at)`);
    await q.query(`CREATE INDEX programmes_club_idx ON events.programmes (club_id) WHERE club_id IS NOT NULL`);
    await q.query(`CREATE INDEX programmes_search_trgm_idx ON events.programmes USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE events.sessions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL,
        institution_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        room_id uuid,
        room_booking tstzrange,
        place text,
        online boolean NOT NULL DEFAULT false,
        capacity integer,
        confirmed_seats integer NOT NULL DEFAULT 0,
        waitlist_length integer NOT NULL DEFAULT 0,
        arrivals bigint NOT NULL DEFAULT 0,
        last_fit boolean,
        registration_opens_at timestamptz,
        registration_closes_at timestamptz,
        status text NOT NULL DEFAULT 'scheduled',
        attended integer NOT NULL DEFAULT 0,
        walk_ins integer NOT NULL DEFAULT 0,
        online_attendees integer NOT NULL DEFAULT 0,
        headcount integer,
        held_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sessions_pkey PRIMARY KEY (id),
        CONSTRAINT sessions_programme_fk FOREIGN KEY (programme_id) REFERENCES events.programmes (id),
        CONSTRAINT sessions_room_fk FOREIGN KEY (room_id) REFERENCES events.rooms (id),
        CONSTRAINT sessions_times_chk CHECK (ends_at > starts_at),
        CONSTRAINT sessions_capacity_chk CHECK (capacity IS NULL OR (capacity >= 0 AND confirmed_seats <= capacity)),
        CONSTRAINT sessions_counters_chk CHECK (confirmed_seats >= 0 AND waitlist_length >= 0 AND attended >= 0 AND walk_ins >= 0 AND online_attendees >= 0 AND (headcount IS NULL OR headcount >= 0)),
        CONSTRAINT sessions_status_chk CHECK (status IN ('scheduled', 'held', 'cancelled')),
        CONSTRAINT sessions_window_chk CHECK (registration_opens_at IS NULL OR registration_closes_at IS NULL OR registration_closes_at > registration_opens_at),
        CONSTRAINT sessions_room_booking_chk CHECK ((room_id IS NULL) = (room_booking IS NULL)),
        CONSTRAINT sessions_room_no_overlap_excl EXCLUDE USING gist (room_id WITH =, room_booking WITH &&) WHERE (room_id IS NOT NULL AND status <> 'cancelled')
      )`);
    await q.query(`CREATE INDEX sessions_programme_idx ON events.sessions (programme_id, starts_at)`);
    await q.query(`CREATE INDEX sessions_institution_starts_idx ON events.sessions (institution_id, starts_at)`);
    await q.query(`CREATE INDEX sessions_starts_idx ON events.sessions (starts_at) WHERE status = 'scheduled'`);

    await q.query(`
      CREATE TABLE events.registrations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        programme_id uuid NOT NULL,
        institution_id uuid NOT NULL,
        series_id uuid,
        kind text NOT NULL,
        patron_id uuid,
        full_name text,
        contact_phone text,
        contact_email text,
        birth_date date,
        guardian_name text,
        guardian_consent_at timestamptz,
        group_name text,
        seats integer NOT NULL DEFAULT 1,
        arrival bigint NOT NULL,
        status text NOT NULL,
        code text NOT NULL,
        offer_expires_at timestamptz,
        registered_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        checked_in_at timestamptz,
        anonymised_at timestamptz,
        CONSTRAINT registrations_pkey PRIMARY KEY (id),
        CONSTRAINT registrations_session_fk FOREIGN KEY (session_id) REFERENCES events.sessions (id),
        CONSTRAINT registrations_code_uq UNIQUE (code),
        CONSTRAINT registrations_session_arrival_uq UNIQUE (session_id, arrival),
        CONSTRAINT registrations_kind_chk CHECK (kind IN ('patron', 'guest', 'group')),
        CONSTRAINT registrations_status_chk CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'offer_expired', 'attended', 'no_show')),
        CONSTRAINT registrations_seats_chk CHECK (seats BETWEEN 1 AND 200 AND (kind = 'group' OR seats = 1)),
        CONSTRAINT registrations_who_chk CHECK (anonymised_at IS NOT NULL OR (kind = 'patron' AND patron_id IS NOT NULL) OR (kind <> 'patron' AND full_name IS NOT NULL)),
        CONSTRAINT registrations_offer_chk CHECK ((status = 'offered') = (offer_expires_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX registrations_patron_active_uq ON events.registrations (session_id, patron_id) WHERE patron_id IS NOT NULL AND status IN ('confirmed', 'waitlisted', 'offered', 'attended')`,
    );
    await q.query(
      `CREATE INDEX registrations_waitlist_idx ON events.registrations (session_id, arrival) WHERE status = 'waitlisted'`,
    );
    await q.query(
      `CREATE INDEX registrations_offers_idx ON events.registrations (offer_expires_at) WHERE status = 'offered'`,
    );
    await q.query(
      `CREATE INDEX registrations_patron_idx ON events.registrations (patron_id, created_at) WHERE patron_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX registrations_series_idx ON events.registrations (series_id) WHERE series_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA events CASCADE`);
  }
}
