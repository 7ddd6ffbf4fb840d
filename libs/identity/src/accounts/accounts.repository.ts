import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import type { StaffRole } from '@suotdoi/platform';
import { assignments } from '../sql.js';
import { PrincipalCache } from './principal-cache.js';

export type AccountStatus = 'pending' | 'active' | 'disabled' | 'erased';

/** An account row as the identity module sees it (the hash included: never hand this out of the module). */
export interface AccountRecord {
  id: string;
  email: string | null;
  phone: string | null;
  displayName: string;
  passwordHash: string | null;
  status: AccountStatus;
  systemAdmin: boolean;
  emailVerifiedAt: Date | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  tokenVersion: number;
  createdAt: Date;
}

export interface PrincipalRow {
  id: string;
  status: AccountStatus;
  systemAdmin: boolean;
  tokenVersion: number;
  patronId: string | null;
  staff: { institutionId: string; roles: StaffRole[] }[];
  adminUnitIds: string[];
}

const COLUMNS = `a.id, a.email, a.phone, a.display_name AS "displayName", a.password_hash AS "passwordHash", a.status, a.system_admin AS "systemAdmin",
  a.email_verified_at AS "emailVerifiedAt", a.failed_sign_ins AS "failedSignIns", a.locked_until AS "lockedUntil", a.token_version AS "tokenVersion", a.created_at AS "createdAt"`;

/** The only place that queries identity.accounts, staff_roles and admin_scopes. */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly principals: PrincipalCache,
  ) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  /**
   * Returns undefined when the e-mail is taken. ON CONFLICT instead of a failing INSERT: a failed statement is logged
   * with its parameters, and those include the password hash.
   */
  async insert(
    manager: EntityManager,
    a: {
      email: string | null;
      phone: string | null;
      displayName: string;
      passwordHash: string | null;
      status: AccountStatus;
      systemAdmin?: boolean;
    },
  ): Promise<string | undefined> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO identity.accounts (email, phone, display_name, password_hash, status, system_admin, email_verified_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'active' AND $1::text IS NOT NULL THEN now() END)
       ON CONFLICT (lower(email)) WHERE email IS NOT NULL DO NOTHING RETURNING id`,
      [a.email, a.phone, a.displayName, a.passwordHash, a.status, a.systemAdmin ?? false],
    );
    this.principals.changed(manager);
    return row?.id;
  }

  async findById(id: string, manager?: EntityManager, lock = false): Promise<AccountRecord | undefined> {
    const [row]: AccountRecord[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM identity.accounts a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findByEmail(email: string, manager?: EntityManager): Promise<AccountRecord | undefined> {
    const [row]: AccountRecord[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM identity.accounts a WHERE lower(a.email) = lower($1)`,
      [email],
    );
    return row;
  }

  /** By e-mail (case-insensitive) or by library card number; locked for update. */
  /** By e-mail or card number (sign-in). */
  async findByLogin(login: string): Promise<AccountRecord | undefined> {
    const [row]: AccountRecord[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM identity.accounts a
       WHERE lower(a.email) = lower($1) OR a.id = (SELECT p.account_id FROM identity.patrons p WHERE p.card_number = upper($1))
       LIMIT 1`,
      [login],
    );
    return row;
  }

  async findByLoginForUpdate(manager: EntityManager, login: string): Promise<AccountRecord | undefined> {
    const [row]: AccountRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM identity.accounts a
       WHERE lower(a.email) = lower($1) OR a.id = (SELECT p.account_id FROM identity.patrons p WHERE p.card_number = upper($1))
       LIMIT 1 FOR UPDATE OF a`,
      [login],
    );
    return row;
  }

  async search(
    q: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: AccountRecord[]; total: number }> {
    const where = q
      ? `WHERE platform.fold_vi(a.display_name) LIKE '%' || platform.fold_vi($1) || '%' OR lower(a.email) LIKE '%' || lower($1) || '%'`
      : `WHERE $1::text IS NULL`;
    const [{ total }]: { total: string }[] = await this.ds.query(
      `SELECT count(*) AS total FROM identity.accounts a ${where}`,
      [q ?? null],
    );
    const rows: AccountRecord[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM identity.accounts a ${where} ORDER BY a.created_at, a.id LIMIT $2 OFFSET $3`,
      [q ?? null, limit, offset],
    );
    return { rows, total: Number(total) };
  }

  async update(
    manager: EntityManager,
    id: string,
    patch: Partial<{
      email: string | null;
      phone: string | null;
      displayName: string;
      passwordHash: string | null;
      status: AccountStatus;
      systemAdmin: boolean;
      emailVerified: boolean;
      erased: boolean;
    }>,
  ): Promise<void> {
    const params: unknown[] = [id];
    const { sets } = assignments(
      {
        email: 'email',
        phone: 'phone',
        displayName: 'display_name',
        passwordHash: 'password_hash',
        status: 'status',
        systemAdmin: 'system_admin',
      },
      patch,
      params,
    );
    if (patch.emailVerified) sets.push(`email_verified_at = coalesce(email_verified_at, now())`);
    if (patch.erased)
      sets.push(`erased_at = now(), email_verified_at = NULL, failed_sign_ins = 0, locked_until = NULL`);
    if (!sets.length) return;
    await manager.query(`UPDATE identity.accounts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
    this.principals.changed(manager);
  }

  async recordSuccess(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE identity.accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  async bumpTokenVersion(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE identity.accounts SET token_version = token_version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
    this.principals.changed(manager);
  }

  /** Everything the guard needs to build a Principal, in one round trip, or none while it is cached (PrincipalCache). */
  principal(id: string): Promise<PrincipalRow | undefined> {
    return this.principals.get(id, () => this.readPrincipal(id));
  }

  private async readPrincipal(id: string): Promise<PrincipalRow | undefined> {
    const [row] = await preparedQuery<PrincipalRow>(
      this.ds,
      `SELECT a.id, a.status, a.system_admin AS "systemAdmin", a.token_version AS "tokenVersion",
         (SELECT p.id FROM identity.patrons p WHERE p.account_id = a.id AND p.status IN ('active', 'suspended')) AS "patronId",
         coalesce((SELECT json_agg(json_build_object('institutionId', s.institution_id, 'roles', s.roles) ORDER BY s.institution_id)
                   FROM (SELECT institution_id, array_agg(role ORDER BY role) AS roles FROM identity.staff_roles WHERE account_id = a.id GROUP BY institution_id) s), '[]') AS staff,
         coalesce((SELECT array_agg(unit_id::text ORDER BY unit_id) FROM identity.admin_scopes WHERE account_id = a.id), '{}'::text[]) AS "adminUnitIds"
       FROM identity.accounts a WHERE a.id = $1`,
      [id],
    );
    return row;
  }

  // staff roles

  /** The account's roles at one institution, read in the caller's transaction. */
  async rolesOf(manager: EntityManager, accountId: string, institutionId: string): Promise<StaffRole[]> {
    const rows: { role: StaffRole }[] = await manager.query(
      `SELECT role FROM identity.staff_roles WHERE account_id = $1 AND institution_id = $2 ORDER BY role`,
      [accountId, institutionId],
    );
    return rows.map((r) => r.role);
  }

  async rolesAt(
    institutionId: string,
  ): Promise<{ accountId: string; displayName: string; email: string | null; roles: StaffRole[] }[]> {
    return this.ds.query(
      `SELECT s.account_id AS "accountId", a.display_name AS "displayName", a.email, array_agg(s.role ORDER BY s.role) AS roles
       FROM identity.staff_roles s JOIN identity.accounts a ON a.id = s.account_id
       WHERE s.institution_id = $1 GROUP BY s.account_id, a.display_name, a.email ORDER BY a.display_name, s.account_id`,
      [institutionId],
    );
  }

  async setRoles(
    manager: EntityManager,
    accountId: string,
    institutionId: string,
    roles: StaffRole[],
    grantedBy: string | null,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM identity.staff_roles WHERE account_id = $1 AND institution_id = $2 AND NOT (role = ANY($3::text[]))`,
      [accountId, institutionId, roles],
    );
    if (roles.length) {
      await manager.query(
        `INSERT INTO identity.staff_roles (account_id, institution_id, role, granted_by) SELECT $1, $2, r, $4 FROM unnest($3::text[]) r ON CONFLICT DO NOTHING`,
        [accountId, institutionId, roles, grantedBy],
      );
    }
    this.principals.changed(manager);
  }

  async removeAllRoles(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(`DELETE FROM identity.staff_roles WHERE account_id = $1`, [accountId]);
    await manager.query(`DELETE FROM identity.admin_scopes WHERE account_id = $1`, [accountId]);
    this.principals.changed(manager);
  }

  // administrator scopes

  async addScope(manager: EntityManager, accountId: string, unitId: string, grantedBy: string | null): Promise<void> {
    await manager.query(
      `INSERT INTO identity.admin_scopes (account_id, unit_id, granted_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [accountId, unitId, grantedBy],
    );
    this.principals.changed(manager);
  }

  async removeScope(manager: EntityManager, accountId: string, unitId: string): Promise<boolean> {
    const res: [unknown[], number] = await manager.query(
      `DELETE FROM identity.admin_scopes WHERE account_id = $1 AND unit_id = $2`,
      [accountId, unitId],
    );
    this.principals.changed(manager);
    return res[1] > 0;
  }

  async scopes(): Promise<{ accountId: string; displayName: string; email: string | null; unitId: string }[]> {
    return this.ds.query(
      `SELECT s.account_id AS "accountId", a.display_name AS "displayName", a.email, s.unit_id AS "unitId"
       FROM identity.admin_scopes s JOIN identity.accounts a ON a.id = s.account_id ORDER BY a.display_name, s.unit_id`,
    );
  }

  async countSystemAdmins(manager: EntityManager): Promise<number> {
    const [{ n }]: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM identity.accounts WHERE system_admin AND status = 'active'`,
    );
    return Number(n);
  }
}
