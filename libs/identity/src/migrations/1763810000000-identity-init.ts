import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, patron profiles with consent, staff roles per institution, network administrator scopes, refresh tokens
 * (hashed, in rotation families), single-use tokens (e-mail verification, password reset), sign-in attempts for rate
 * limiting, and the audit log of staff reads and exports. Institutions and units are network's: referred to by id.
 */
export class IdentityInit1763810000000 implements MigrationInterface {
  name = 'IdentityInit1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS identity`);
    await q.query(`CREATE SEQUENCE identity.card_number_seq START WITH 100001`);

    await q.query(`
      CREATE TABLE identity.accounts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text,
        phone text,
        display_name text NOT NULL,
        password_hash text,
        status text NOT NULL,
        system_admin boolean NOT NULL DEFAULT false,
        email_verified_at timestamptz,
        failed_sign_ins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT accounts_pkey PRIMARY KEY (id),
        CONSTRAINT accounts_status_chk CHECK (status IN ('pending', 'active', 'disabled', 'erased')),
        CONSTRAINT accounts_failed_sign_ins_chk CHECK (failed_sign_ins >= 0),
        CONSTRAINT accounts_erased_chk CHECK (status <> 'erased' OR (email IS NULL AND phone IS NULL AND password_hash IS NULL AND NOT system_admin))
      )`);
    await q.query(`CREATE UNIQUE INDEX accounts_email_uq ON identity.accounts (lower(email)) WHERE email IS NOT NULL`);

    await q.query(`
      CREATE TABLE identity.patrons (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        full_name text,
        birth_date date,
        birth_year integer,
        category text NOT NULL,
        card_number text,
        card_issued_on date,
        card_expires_on date,
        home_institution_id uuid NOT NULL,
        address text,
        status text NOT NULL,
        registration_channel text NOT NULL,
        registered_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT patrons_pkey PRIMARY KEY (id),
        CONSTRAINT patrons_account_uq UNIQUE (account_id),
        CONSTRAINT patrons_card_number_uq UNIQUE (card_number),
        CONSTRAINT patrons_account_fk FOREIGN KEY (account_id) REFERENCES identity.accounts (id),
        CONSTRAINT patrons_category_chk CHECK (category IN ('child', 'student', 'adult', 'senior', 'teacher', 'organisation')),
        CONSTRAINT patrons_status_chk CHECK (status IN ('pending', 'active', 'suspended', 'erased')),
        CONSTRAINT patrons_channel_chk CHECK (registration_channel IN ('self', 'desk')),
        CONSTRAINT patrons_card_chk CHECK (status NOT IN ('active', 'suspended') OR (card_number IS NOT NULL AND card_expires_on IS NOT NULL)),
        CONSTRAINT patrons_erased_chk CHECK (status <> 'erased' OR (full_name IS NULL AND birth_date IS NULL AND card_number IS NULL AND address IS NULL))
      )`);
    await q.query(`CREATE INDEX patrons_home_institution_idx ON identity.patrons (home_institution_id)`);
    await q.query(
      `CREATE INDEX patrons_full_name_fold_idx ON identity.patrons USING gin (platform.fold_vi(full_name) gin_trgm_ops)`,
    );

    await q.query(`
      CREATE TABLE identity.consents (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        patron_id uuid NOT NULL,
        party text NOT NULL,
        given_by_name text NOT NULL,
        relationship text,
        recorded_by uuid,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        CONSTRAINT consents_pkey PRIMARY KEY (id),
        CONSTRAINT consents_patron_fk FOREIGN KEY (patron_id) REFERENCES identity.patrons (id) ON DELETE CASCADE,
        CONSTRAINT consents_party_chk CHECK (party IN ('child', 'guardian')),
        CONSTRAINT consents_guardian_relationship_chk CHECK (party = 'child' OR relationship IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX consents_patron_idx ON identity.consents (patron_id)`);

    await q.query(`
      CREATE TABLE identity.staff_roles (
        account_id uuid NOT NULL,
        institution_id uuid NOT NULL,
        role text NOT NULL,
        granted_by uuid,
        granted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_roles_pkey PRIMARY KEY (account_id, institution_id, role),
        CONSTRAINT staff_roles_account_fk FOREIGN KEY (account_id) REFERENCES identity.accounts (id),
        CONSTRAINT staff_roles_role_chk CHECK (role IN ('circulation', 'cataloguing', 'events', 'manager'))
      )`);
    await q.query(`CREATE INDEX staff_roles_institution_idx ON identity.staff_roles (institution_id)`);

    await q.query(`
      CREATE TABLE identity.admin_scopes (
        account_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        granted_by uuid,
        granted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT admin_scopes_pkey PRIMARY KEY (account_id, unit_id),
        CONSTRAINT admin_scopes_account_fk FOREIGN KEY (account_id) REFERENCES identity.accounts (id)
      )`);

    await q.query(`
      CREATE TABLE identity.refresh_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoke_reason text,
        CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT refresh_tokens_hash_uq UNIQUE (token_hash),
        CONSTRAINT refresh_tokens_account_fk FOREIGN KEY (account_id) REFERENCES identity.accounts (id),
        CONSTRAINT refresh_tokens_reason_chk CHECK (revoke_reason IS NULL OR revoke_reason IN ('logout', 'logout_all', 'reuse_detected', 'password_changed', 'erased', 'disabled'))
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON identity.refresh_tokens (family_id)`);
    await q.query(
      `CREATE INDEX refresh_tokens_account_idx ON identity.refresh_tokens (account_id) WHERE revoked_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE identity.one_time_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        purpose text NOT NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT one_time_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT one_time_tokens_hash_uq UNIQUE (token_hash),
        CONSTRAINT one_time_tokens_account_fk FOREIGN KEY (account_id) REFERENCES identity.accounts (id),
        CONSTRAINT one_time_tokens_purpose_chk CHECK (purpose IN ('verify_email', 'reset_password'))
      )`);
    await q.query(`CREATE INDEX one_time_tokens_account_idx ON identity.one_time_tokens (account_id, purpose)`);

    await q.query(`
      CREATE TABLE identity.sign_in_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY,
        login_key text NOT NULL,
        ip text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sign_in_attempts_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX sign_in_attempts_login_idx ON identity.sign_in_attempts (login_key, at)`);
    await q.query(`CREATE INDEX sign_in_attempts_ip_idx ON identity.sign_in_attempts (ip, at)`);

    await q.query(`
      CREATE TABLE identity.audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_account_id uuid,
        action text NOT NULL,
        patron_id uuid,
        institution_id uuid,
        details jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT audit_log_pkey PRIMARY KEY (id),
        CONSTRAINT audit_log_action_chk CHECK (action ~ '^[a-z_]+\\.[a-z_]+$')
      )`);
    await q.query(`CREATE INDEX audit_log_patron_idx ON identity.audit_log (patron_id, at)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON identity.audit_log (actor_account_id, at)`);
    await q.query(`CREATE INDEX audit_log_institution_idx ON identity.audit_log (institution_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_log',
      'sign_in_attempts',
      'one_time_tokens',
      'refresh_tokens',
      'admin_scopes',
      'staff_roles',
      'consents',
      'patrons',
      'accounts',
    ]) {
      await q.query(`DROP TABLE identity.${t}`);
    }
    await q.query(`DROP SEQUENCE identity.card_number_seq`);
    await q.query(`DROP SCHEMA identity`);
  }
}
