import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  JURISDICTION_DIRECTORY,
  type JurisdictionDirectory,
  type Page,
  type Principal,
  type StaffRole,
} from '@suotdoi/platform';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { IdentityErrors } from '../identity.errors.js';
import { AccountsRepository, type AccountRecord, type AccountStatus } from './accounts.repository.js';

/** What callers outside the identity module may know about an account (no hash, no lock counters). */
export interface AccountView {
  id: string;
  email: string | null;
  phone: string | null;
  displayName: string;
  status: AccountStatus;
  systemAdmin: boolean;
  emailVerified: boolean;
  createdAt: Date;
}

export interface CreateAccountInput {
  email?: string | null;
  phone?: string | null;
  displayName: string;
  /** Plain password (hashed here); omit for accounts that set one later by link. */
  password?: string;
  status?: AccountStatus;
  systemAdmin?: boolean;
}

export const toAccountView = (a: AccountRecord): AccountView => ({
  id: a.id,
  email: a.email,
  phone: a.phone,
  displayName: a.displayName,
  status: a.status,
  systemAdmin: a.systemAdmin,
  emailVerified: a.emailVerifiedAt !== null,
  createdAt: a.createdAt,
});

export const normaliseEmail = (e: string | null | undefined) => (e ? e.normalize('NFC').trim().toLowerCase() : null);

/** Accounts and what they may do: staff roles per institution, administrator scopes, system administrators. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  /** Create an account inside the caller's transaction (or its own). */
  async create(input: CreateAccountInput, manager?: EntityManager): Promise<string> {
    if (input.password !== undefined) this.hasher.assertStrong(input.password);
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : null;
    const email = normaliseEmail(input.email);
    const run = async (m: EntityManager) => {
      if (email && (await this.repo.findByEmail(email, m))) throw IdentityErrors.emailTaken();
      const id = await this.repo.insert(m, {
        email,
        phone: input.phone?.trim() || null,
        displayName: input.displayName.normalize('NFC').trim(),
        passwordHash,
        status: input.status ?? 'active',
        systemAdmin: input.systemAdmin,
      });
      if (!id) throw IdentityErrors.emailTaken();
      return id;
    };
    return manager ? run(manager) : this.ds.transaction(run);
  }

  async get(id: string): Promise<AccountView> {
    const a = await this.repo.findById(id);
    if (!a) throw IdentityErrors.accountNotFound();
    return toAccountView(a);
  }

  /** The account holder changes their own display name or phone. */
  async updateOwn(accountId: string, patch: { displayName?: string; phone?: string | null }): Promise<AccountView> {
    await this.ds.transaction((m) =>
      this.repo.update(m, accountId, {
        displayName: patch.displayName?.normalize('NFC').trim(),
        phone: patch.phone === undefined ? undefined : patch.phone?.trim() || null,
      }),
    );
    return this.get(accountId);
  }

  findByEmail(email: string): Promise<AccountView | undefined> {
    return this.repo.findByEmail(email).then((a) => (a ? toAccountView(a) : undefined));
  }

  async search(q: string | undefined, page: { limit: number; offset: number }): Promise<Page<AccountView>> {
    const { rows, total } = await this.repo.search(q, page.limit, page.offset);
    return { items: rows.map(toAccountView), total, limit: page.limit, offset: page.offset };
  }

  /** The Principal for an account, or undefined when it cannot act (unknown, not active). */
  async principal(accountId: string, tokenVersion?: number): Promise<Principal | undefined> {
    const row = await this.repo.principal(accountId);
    if (!row || row.status !== 'active') return undefined;
    if (tokenVersion !== undefined && row.tokenVersion !== tokenVersion) return undefined;
    return {
      accountId: row.id,
      patronId: row.patronId ?? undefined,
      staff: row.staff,
      adminUnitIds: row.adminUnitIds,
      systemAdmin: row.systemAdmin,
    };
  }

  async tokenVersion(accountId: string): Promise<number> {
    const a = await this.repo.findById(accountId);
    if (!a) throw IdentityErrors.accountNotFound();
    return a.tokenVersion;
  }

  // staff

  /** Replace the account's roles at one institution (empty removes it from the staff). */
  async setStaffRoles(
    accountId: string,
    institutionId: string,
    roles: StaffRole[],
    actorAccountId: string | null,
  ): Promise<StaffRole[]> {
    const [inst] = await this.directory.describeInstitutions([institutionId]);
    if (!inst) throw IdentityErrors.institutionNotFound();
    const unique = [...new Set(roles)].sort();
    await this.ds.transaction(async (m) => {
      const a = await this.repo.findById(accountId, m, true);
      if (!a || a.status === 'erased') throw IdentityErrors.accountNotFound();
      await this.repo.setRoles(m, accountId, institutionId, unique, actorAccountId);
      await this.audit.record(m, {
        actorAccountId,
        action: 'staff.roles_set',
        institutionId,
        details: { accountId, roles: unique },
      });
    });
    return unique;
  }

  staffOf(institutionId: string) {
    return this.repo.rolesAt(institutionId);
  }

  // administrators

  async grantAdminScope(accountId: string, unitId: string, actorAccountId: string | null): Promise<void> {
    if (!(await this.directory.unitsUnder([unitId])).includes(unitId)) throw IdentityErrors.unitNotFound();
    await this.ds.transaction(async (m) => {
      const a = await this.repo.findById(accountId, m, true);
      if (!a || a.status === 'erased') throw IdentityErrors.accountNotFound();
      await this.repo.addScope(m, accountId, unitId, actorAccountId);
      await this.audit.record(m, { actorAccountId, action: 'admin.scope_granted', details: { accountId, unitId } });
    });
  }

  async revokeAdminScope(accountId: string, unitId: string, actorAccountId: string | null): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (!(await this.repo.removeScope(m, accountId, unitId))) throw IdentityErrors.accountNotFound();
      await this.audit.record(m, { actorAccountId, action: 'admin.scope_revoked', details: { accountId, unitId } });
    });
  }

  adminScopes() {
    return this.repo.scopes();
  }

  /** Disable an account (every session ends) or enable it again. */
  async setStatus(
    accountId: string,
    status: 'active' | 'disabled',
    actorAccountId: string | null,
    endSessions: (m: EntityManager) => Promise<void>,
  ): Promise<AccountView> {
    await this.ds.transaction(async (m) => {
      const a = await this.repo.findById(accountId, m, true);
      if (!a || a.status === 'erased' || a.status === 'pending') throw IdentityErrors.accountNotFound();
      if (status === 'disabled' && a.systemAdmin) throw IdentityErrors.systemAdminCannotDisable();
      await this.repo.update(m, accountId, { status });
      if (status === 'disabled') await endSessions(m);
      await this.audit.record(m, {
        actorAccountId,
        action: 'admin.account_status_set',
        details: { accountId, status },
      });
    });
    return this.get(accountId);
  }

  async setSystemAdmin(accountId: string, value: boolean, actorAccountId: string | null): Promise<AccountView> {
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('identity.system_admins'))`);
      const a = await this.repo.findById(accountId, m, true);
      if (!a || a.status === 'erased') throw IdentityErrors.accountNotFound();
      if (!value && a.systemAdmin && (await this.repo.countSystemAdmins(m)) <= 1)
        throw IdentityErrors.lastSystemAdmin();
      await this.repo.update(m, accountId, { systemAdmin: value });
      await this.audit.record(m, { actorAccountId, action: 'admin.system_admin_set', details: { accountId, value } });
    });
    return this.get(accountId);
  }
}
