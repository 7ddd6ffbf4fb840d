import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  Clock,
  JURISDICTION_DIRECTORY,
  staffInstitutions,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { toAccountView, type AccountView } from '../accounts/accounts.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { IdentityErrors } from '../identity.errors.js';
import { PatronsRepository, type ConsentRecord, type PatronRecord } from '../patrons/patrons.repository.js';
import { PersonalDataRegistry } from './personal-data.registry.js';

/** Everything held about an account; `sections` are the other modules' shares (e.g. circulation), by section name. */
export interface PersonalDataExport {
  exportedAt: string;
  account: AccountView;
  patron: PatronRecord | null;
  consents: ConsentRecord[];
  staffRoles: Principal['staff'];
  adminUnitIds: string[];
  activeSessions: number;
  accessLog: { at: Date; action: string; actorAccountId: string | null; institutionId: string | null }[];
  sections: Record<string, unknown>;
}

/** Personal data rights (Decree 13/2023, Law 91/2025): download everything held, and erasure that keeps statistics. */
@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly patrons: PatronsRepository,
    private readonly auditRepo: AuditRepository,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly registry: PersonalDataRegistry,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  /** Managers of the home institution and administrators of its jurisdiction may export or erase for a patron. */
  private async mayAdminister(p: Principal, patron: PatronRecord): Promise<boolean> {
    if (p.systemAdmin || staffInstitutions(p, 'manager').includes(patron.homeInstitutionId)) return true;
    return (
      p.adminUnitIds.length > 0 &&
      (await this.directory.institutionsUnder(p.adminUnitIds)).includes(patron.homeInstitutionId)
    );
  }

  private async patronFor(p: Principal, patronId: string): Promise<PatronRecord> {
    const patron = await this.patrons.findById(patronId);
    if (!patron || !(p.patronId === patronId || (await this.mayAdminister(p, patron))))
      throw IdentityErrors.patronNotFound();
    return patron;
  }

  /** Everything held about an account (and its patron profile). Audited. */
  async exportAccount(actor: Principal, accountId: string): Promise<PersonalDataExport> {
    const account = await this.accounts.findById(accountId);
    if (!account) throw IdentityErrors.accountNotFound();
    const patron = await this.patrons.findByAccount(accountId);
    const principal = await this.accounts.principal(accountId);
    const about = patron ? (await this.auditRepo.list({ patronId: patron.id }, 1000, 0)).rows : [];
    const sections: Record<string, unknown> = {};
    for (const s of this.registry.all()) sections[s.section] = patron ? await s.exportFor(patron.id, accountId) : null;
    await this.audit.record(undefined, {
      actorAccountId: actor.accountId,
      action: 'patron.export',
      patronId: patron?.id ?? null,
      institutionId: patron?.homeInstitutionId ?? null,
      details: { accountId },
    });
    return {
      exportedAt: this.clock.now().toISOString(),
      account: toAccountView(account),
      patron: patron ?? null,
      consents: patron ? await this.patrons.consents(patron.id) : [],
      staffRoles: principal?.staff ?? [],
      adminUnitIds: principal?.adminUnitIds ?? [],
      activeSessions: await this.auth.activeSessions(accountId),
      accessLog: about.map((e) => ({
        at: e.at,
        action: e.action,
        actorAccountId: e.actorAccountId,
        institutionId: e.institutionId,
      })),
      sections,
    };
  }

  /** Staff-initiated export for a patron (manager of the home institution or administrator). */
  async exportPatron(actor: Principal, patronId: string): Promise<PersonalDataExport> {
    const patron = await this.patronFor(actor, patronId);
    return this.exportAccount(actor, patron.accountId);
  }

  /** The patron erases their own account; the password confirms it is them. */
  async eraseSelf(actor: Principal, password: string): Promise<void> {
    const account = await this.accounts.findById(actor.accountId);
    if (!account || !(await this.hasher.verify(account.passwordHash, password)))
      throw IdentityErrors.invalidCredentials();
    await this.eraseAccount(actor, actor.accountId);
  }

  /** Staff-initiated erasure (manager of the home institution or administrator). */
  async erasePatron(actor: Principal, patronId: string): Promise<void> {
    const patron = await this.patronFor(actor, patronId);
    if (patron.status === 'erased') throw IdentityErrors.patronErased();
    await this.eraseAccount(actor, patron.accountId);
  }

  /**
   * Remove identity and keep statistics: the patron row stays with its id (the pseudonymous key other modules and
   * usage events hold), category, birth year and home institution; name, date of birth, card, contact details,
   * password, consents and roles go; every session ends.
   */
  private async eraseAccount(actor: Principal, accountId: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const account = await this.accounts.findById(accountId, m, true);
      if (!account || account.status === 'erased') throw IdentityErrors.accountNotFound();
      if (account.systemAdmin) throw IdentityErrors.systemAdminCannotErase();
      const patron = await this.patrons.findByAccount(accountId, m);
      for (const s of this.registry.all()) if (patron) await s.eraseFor(patron.id, accountId, m);
      if (patron) await this.patrons.erase(m, patron.id);
      await this.accounts.removeAllRoles(m, accountId);
      await this.accounts.update(m, accountId, {
        email: null,
        phone: null,
        passwordHash: null,
        displayName: '(đã xóa)',
        status: 'erased',
        erased: true,
      });
      await this.auth.logoutEverywhere(accountId, 'erased', m);
      await this.audit.record(m, {
        actorAccountId: actor.accountId === accountId ? null : actor.accountId,
        action: 'patron.erase',
        patronId: patron?.id ?? null,
        institutionId: patron?.homeInstitutionId ?? null,
        details: { bySelf: actor.accountId === accountId },
      });
    });
  }
}
