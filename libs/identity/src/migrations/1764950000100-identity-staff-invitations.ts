import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff invitations: staff roles reach an account only when the person who owns the invited e-mail accepts (a
 * single-use link), never by a manager naming an existing account.
 */
export class IdentityStaffInvitations1764950000100 implements MigrationInterface {
  name = 'IdentityStaffInvitations1764950000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.staff_invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        email text NOT NULL,
        display_name text NOT NULL,
        roles text[] NOT NULL,
        invited_by uuid,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid,
        CONSTRAINT staff_invitations_pkey PRIMARY KEY (id),
        CONSTRAINT staff_invitations_token_hash_key UNIQUE (token_hash),
        CONSTRAINT staff_invitations_accepted_by_fk FOREIGN KEY (accepted_by) REFERENCES identity.accounts (id),
        CONSTRAINT staff_invitations_roles_chk CHECK (
          cardinality(roles) BETWEEN 1 AND 4 AND roles <@ ARRAY['circulation', 'cataloguing', 'events', 'manager']),
        CONSTRAINT staff_invitations_accepted_chk CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
      )`);
    await q.query(`CREATE INDEX staff_invitations_institution_idx ON identity.staff_invitations (institution_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.staff_invitations`);
  }
}
