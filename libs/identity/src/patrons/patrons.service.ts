import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppConfig,
  Clock,
  JURISDICTION_DIRECTORY,
  staffInstitutions,
  vietnamDate,
  type JurisdictionDirectory,
  type Page,
  type Principal,
  type StaffRole,
} from '@suotdoi/platform';
import { NoticesService } from '@suotdoi/notices';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService, VERIFY_TOKEN_MINUTES, sha256 } from '../auth/auth.service.js';
import { TokensRepository } from '../auth/tokens.repository.js';
import { IdentityErrors } from '../identity.errors.js';
import { IdentityNotices, cardIssuedDedupeKey } from '../notices/identity.notices.js';
import { SELF_SERVICE_CATEGORIES, ageOn, cardExpiry, cardNumber, consentSatisfied } from './patron-rules.js';
import { PatronsRepository, type ConsentRecord, type PatronCategory, type PatronRecord } from './patrons.repository.js';

export type Patron = PatronRecord;
export type Consent = ConsentRecord;

/** Consent given with a registration, for a patron under 16. */
export interface ConsentInput {
  /** Name of the parent or guardian who consents. */
  guardianName: string;
  /** e.g. "mẹ", "bố", "người giám hộ". */
  guardianRelationship: string;
  /** The child (7 and over) consents too. */
  childConsents?: boolean;
}

export interface PatronRegistration {
  fullName: string;
  birthDate: string;
  category: PatronCategory;
  homeInstitutionId: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  consent?: ConsentInput;
}

/** Patron profiles: registration online or at the desk, cards, consent, and who may see which record. */
@Injectable()
export class PatronsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: PatronsRepository,
    private readonly accountsRepo: AccountsRepository,
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
    private readonly tokens: TokensRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
    private readonly notices: NoticesService,
  ) {}

  private today(): string {
    return vietnamDate(this.clock.now());
  }

  private checkBirthDate(birthDate: string): number {
    const age = ageOn(birthDate, this.today());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || Number.isNaN(Date.parse(birthDate)) || age < 0 || age > 130)
      throw IdentityErrors.birthDateInvalid();
    return age;
  }

  private async checkInstitution(id: string): Promise<void> {
    const [inst] = await this.directory.describeInstitutions([id]);
    if (!inst) throw IdentityErrors.institutionNotFound();
  }

  private async create(
    m: EntityManager,
    r: PatronRegistration,
    accountId: string,
    channel: 'self' | 'desk',
    actor: string | null,
  ): Promise<string> {
    const age = this.checkBirthDate(r.birthDate);
    const patronId = await this.repo.insert(m, {
      accountId,
      fullName: r.fullName.normalize('NFC').trim(),
      birthDate: r.birthDate,
      category: r.category,
      homeInstitutionId: r.homeInstitutionId,
      address: r.address?.normalize('NFC').trim() || null,
      channel,
      registeredBy: actor,
    });
    if (r.consent) {
      await this.repo.insertConsent(m, {
        patronId,
        party: 'guardian',
        givenByName: r.consent.guardianName.normalize('NFC').trim(),
        relationship: r.consent.guardianRelationship.normalize('NFC').trim(),
        recordedBy: actor,
      });
      if (r.consent.childConsents)
        await this.repo.insertConsent(m, {
          patronId,
          party: 'child',
          givenByName: r.fullName.normalize('NFC').trim(),
          relationship: null,
          recordedBy: actor,
        });
    }
    if (!consentSatisfied(age, await this.repo.consents(patronId, m)))
      throw IdentityErrors.childConsentRequired({ age });
    return patronId;
  }

  private async issueCard(m: EntityManager, patron: PatronRecord): Promise<void> {
    const issuedOn = this.today();
    const card = {
      cardNumber: cardNumber(await this.repo.nextCardSequence(m)),
      cardExpiresOn: cardExpiry(patron.category, issuedOn),
    };
    await this.repo.issueCard(m, patron.id, card.cardNumber, issuedOn, card.cardExpiresOn);
    await this.queueCardNotice(m, patron, { ...card, renewed: false });
  }

  /** The "card issued" (or renewed) notice, recorded in the transaction that issues the card, once per issue: in the feed, and e-mailed when the account has an address. */
  private async queueCardNotice(
    m: EntityManager,
    patron: PatronRecord,
    card: { cardNumber: string | null; cardExpiresOn: string; renewed: boolean },
  ): Promise<void> {
    const params = {
      cardExpiresOn: card.cardExpiresOn,
      ...(card.cardNumber ? { cardNumber: card.cardNumber } : {}),
      ...(card.renewed ? { renewed: 'true' as const } : {}),
    };
    await this.notices.notify(m, {
      to: { patronId: patron.id, accountId: patron.accountId },
      template: IdentityNotices.card_issued,
      params,
      dedupeKey: cardIssuedDedupeKey({ patronId: patron.id, ...card }),
    });
  }

  /** Online registration: a pending account and profile; the card is issued when the e-mail link is followed (or at the desk). */
  async selfRegister(
    r: PatronRegistration & { email: string; password: string },
  ): Promise<{ accountId: string; patronId: string }> {
    if (!SELF_SERVICE_CATEGORIES.includes(r.category))
      throw IdentityErrors.categoryNotAllowed({ category: r.category });
    await this.checkInstitution(r.homeInstitutionId);
    const { accountId, patronId, token } = await this.ds.transaction(async (m) => {
      const accountId = await this.accounts.create(
        { email: r.email, phone: r.phone, displayName: r.fullName, password: r.password, status: 'pending' },
        m,
      );
      const patronId = await this.create(m, r, accountId, 'self', null);
      const token = await this.auth.oneTimeToken(accountId, 'verify_email', VERIFY_TOKEN_MINUTES, m);
      return { accountId, patronId, token };
    });
    await this.notices.sendNow({
      to: { email: r.email.trim().toLowerCase(), name: r.fullName },
      template: IdentityNotices.verify_email,
      params: { link: `${this.config.PUBLIC_URL.replace(/\/$/, '')}/verify?token=${token}`, token },
    });
    return { accountId, patronId };
  }

  /** Follow the verification link: the account becomes active and the card is issued. */
  async verifyEmail(token: string): Promise<Patron> {
    const patronId = await this.ds.transaction(async (m) => {
      const accountId = await this.tokens.consumeOneTime(m, sha256(token), 'verify_email');
      if (!accountId) throw IdentityErrors.invalidOneTimeToken();
      await this.accountsRepo.update(m, accountId, { status: 'active', emailVerified: true });
      const patron = await this.repo.findByAccount(accountId, m);
      if (patron && patron.status === 'pending') await this.issueCard(m, patron);
      return patron?.id;
    });
    if (!patronId) throw IdentityErrors.patronNotFound();
    return (await this.repo.findById(patronId))!;
  }

  /** A librarian registers a patron at their institution; the account is active at once and the card issued. */
  async registerAtDesk(actor: Principal, r: PatronRegistration): Promise<Patron> {
    if (!this.serves(actor, r.homeInstitutionId, 'circulation')) throw IdentityErrors.institutionNotFound();
    await this.checkInstitution(r.homeInstitutionId);
    const patronId = await this.ds.transaction(async (m) => {
      const accountId = await this.accounts.create(
        { email: r.email, phone: r.phone, displayName: r.fullName, status: 'active' },
        m,
      );
      const patronId = await this.create(m, r, accountId, 'desk', actor.accountId);
      await this.issueCard(m, (await this.repo.findById(patronId, m))!);
      await this.audit.record(m, {
        actorAccountId: actor.accountId,
        action: 'patron.register',
        patronId,
        institutionId: r.homeInstitutionId,
      });
      return patronId;
    });
    const patron = (await this.repo.findById(patronId))!;
    const account = await this.accounts.get(patron.accountId);
    if (account.email) {
      // The patron chooses a password through a single-use link (a reset token that lives a week).
      const token = await this.auth.oneTimeToken(account.id, 'reset_password', 7 * 24 * 60);
      await this.notices.sendNow({
        to: { email: account.email, name: account.displayName },
        template: IdentityNotices.set_password,
        params: {
          link: `${this.config.PUBLIC_URL.replace(/\/$/, '')}/reset-password?token=${token}`,
          token,
          ...(patron.cardNumber ? { cardNumber: patron.cardNumber } : {}),
        },
      });
    }
    return patron;
  }

  /** Issue the card of a self-registered patron at the desk (identity checked in person). */
  async verifyAtDesk(actor: Principal, patronId: string): Promise<Patron> {
    await this.ds.transaction(async (m) => {
      const patron = await this.repo.findById(patronId, m, true);
      if (!patron || !this.serves(actor, patron.homeInstitutionId, 'circulation'))
        throw IdentityErrors.patronNotFound();
      if (patron.status !== 'pending') throw IdentityErrors.alreadyVerified();
      await this.accountsRepo.update(m, patron.accountId, { status: 'active' });
      await this.issueCard(m, patron);
      await this.audit.record(m, {
        actorAccountId: actor.accountId,
        action: 'patron.verify',
        patronId,
        institutionId: patron.homeInstitutionId,
      });
    });
    return (await this.repo.findById(patronId))!;
  }

  /** Whether the principal works at the institution with the role (managers hold every role). */
  serves(p: Principal, institutionId: string, role?: StaffRole): boolean {
    return staffInstitutions(p, role).includes(institutionId);
  }

  /** Institutions whose patrons the principal may see (null: all, for system administrators). */
  async visibleInstitutions(p: Principal): Promise<string[] | null> {
    if (p.systemAdmin) return null;
    const own = staffInstitutions(p);
    const admin = p.adminUnitIds.length ? await this.directory.institutionsUnder(p.adminUnitIds) : [];
    return [...new Set([...own, ...admin])];
  }

  private async canSee(p: Principal, patron: PatronRecord): Promise<boolean> {
    if (p.patronId === patron.id) return true;
    const visible = await this.visibleInstitutions(p);
    return visible === null || visible.includes(patron.homeInstitutionId);
  }

  /** A patron record for a caller who may see it (else identity/patron_not_found). Staff and administrator reads are audited. */
  async read(p: Principal, patronId: string): Promise<Patron> {
    const patron = await this.repo.findById(patronId);
    if (!patron || !(await this.canSee(p, patron))) throw IdentityErrors.patronNotFound();
    if (p.patronId !== patron.id)
      await this.audit.record(undefined, {
        actorAccountId: p.accountId,
        action: 'patron.read',
        patronId,
        institutionId: patron.homeInstitutionId,
      });
    return patron;
  }

  /** The record without an access check or audit: for other modules' own use (names on notices, due-date rules). */
  find(patronId: string, manager?: EntityManager): Promise<Patron | undefined> {
    return this.repo.findById(patronId, manager);
  }

  /** By library card number (a barcode scan at the desk); no access check or audit, as for find(). */
  findByCardNumber(cardNumber: string, manager?: EntityManager): Promise<Patron | undefined> {
    return this.repo.findByCardNumber(cardNumber, manager);
  }

  findByAccount(accountId: string): Promise<Patron | undefined> {
    return this.repo.findByAccount(accountId);
  }

  async search(
    p: Principal,
    f: { q?: string; cardNumber?: string; institutionId?: string },
    page: { limit: number; offset: number },
  ): Promise<Page<Patron>> {
    const visible = await this.visibleInstitutions(p);
    let ids = visible;
    if (f.institutionId) ids = visible === null || visible.includes(f.institutionId) ? [f.institutionId] : [];
    const { rows, total } = await this.repo.search(
      { institutionIds: ids, q: f.q, cardNumber: f.cardNumber },
      page.limit,
      page.offset,
    );
    if (rows.length) {
      await this.audit.recordMany(
        undefined,
        rows.map((r) => ({
          actorAccountId: p.accountId,
          action: 'patron.search' as const,
          patronId: r.id,
          institutionId: r.homeInstitutionId,
          details: { q: f.q ?? null, cardNumber: f.cardNumber ?? null },
        })),
      );
    }
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  /** Staff correct a record (circulation role at the home institution). */
  async update(
    p: Principal,
    patronId: string,
    patch: {
      fullName?: string;
      address?: string | null;
      category?: PatronCategory;
      birthDate?: string;
      cardExpiresOn?: string;
    },
  ): Promise<Patron> {
    await this.ds.transaction(async (m) => {
      const patron = await this.repo.findById(patronId, m, true);
      if (!patron || !this.serves(p, patron.homeInstitutionId, 'circulation')) throw IdentityErrors.patronNotFound();
      if (patron.status === 'erased') throw IdentityErrors.patronErased();
      if (patch.birthDate) this.checkBirthDate(patch.birthDate);
      await this.repo.update(m, patronId, {
        ...patch,
        fullName: patch.fullName?.normalize('NFC').trim(),
        address: patch.address === undefined ? undefined : patch.address?.normalize('NFC').trim() || null,
      });
      if (patch.birthDate) {
        const age = ageOn(patch.birthDate, this.today());
        if (!consentSatisfied(age, await this.repo.consents(patronId, m)))
          throw IdentityErrors.childConsentRequired({ age });
      }
      await this.audit.record(m, {
        actorAccountId: p.accountId,
        action: 'patron.update',
        patronId,
        institutionId: patron.homeInstitutionId,
        details: { fields: Object.keys(patch) },
      });
    });
    return (await this.repo.findById(patronId))!;
  }

  async renewCard(p: Principal, patronId: string): Promise<Patron> {
    const patron = await this.repo.findById(patronId);
    if (!patron || !this.serves(p, patron.homeInstitutionId, 'circulation')) throw IdentityErrors.patronNotFound();
    if (patron.status === 'erased') throw IdentityErrors.patronErased();
    const from = patron.cardExpiresOn && patron.cardExpiresOn > this.today() ? patron.cardExpiresOn : this.today();
    const cardExpiresOn = cardExpiry(patron.category, from);
    await this.ds.transaction(async (m) => {
      await this.repo.update(m, patronId, { cardExpiresOn });
      await this.queueCardNotice(m, patron, { cardNumber: patron.cardNumber, cardExpiresOn, renewed: true });
    });
    return (await this.repo.findById(patronId))!;
  }

  // consent

  async consents(p: Principal, patronId: string): Promise<Consent[]> {
    await this.read(p, patronId);
    return this.repo.consents(patronId);
  }

  /** Record a consent (staff at the desk, with the parent or guardian present). */
  async recordConsent(
    p: Principal,
    patronId: string,
    c: { party: 'child' | 'guardian'; givenByName: string; relationship?: string | null },
  ): Promise<Consent> {
    return this.ds.transaction(async (m) => {
      const patron = await this.repo.findById(patronId, m, true);
      if (!patron || !this.serves(p, patron.homeInstitutionId, 'circulation')) throw IdentityErrors.patronNotFound();
      if (patron.status === 'erased') throw IdentityErrors.patronErased();
      if (c.party === 'guardian' && !c.relationship) throw IdentityErrors.childConsentRequired();
      const consent = await this.repo.insertConsent(m, {
        patronId,
        party: c.party,
        givenByName: c.givenByName.normalize('NFC').trim(),
        relationship: c.relationship?.normalize('NFC').trim() ?? null,
        recordedBy: p.accountId,
      });
      if (
        patron.status === 'suspended' &&
        consentSatisfied(
          patron.birthDate ? ageOn(patron.birthDate, this.today()) : null,
          await this.repo.consents(patronId, m),
        )
      ) {
        await this.repo.update(m, patronId, { status: 'active' });
      }
      await this.audit.record(m, {
        actorAccountId: p.accountId,
        action: 'consent.record',
        patronId,
        institutionId: patron.homeInstitutionId,
        details: { party: c.party },
      });
      return consent;
    });
  }

  /** Withdraw a consent (by the patron or staff); a child's record without the consent it needs is suspended. */
  async withdrawConsent(p: Principal, patronId: string, consentId: string): Promise<Patron> {
    await this.ds.transaction(async (m) => {
      const patron = await this.repo.findById(patronId, m, true);
      if (!patron || !(p.patronId === patronId || this.serves(p, patron.homeInstitutionId, 'circulation')))
        throw IdentityErrors.patronNotFound();
      if (!(await this.repo.withdrawConsent(m, patronId, consentId))) throw IdentityErrors.consentNotFound();
      const age = patron.birthDate ? ageOn(patron.birthDate, this.today()) : null;
      if (patron.status === 'active' && !consentSatisfied(age, await this.repo.consents(patronId, m)))
        await this.repo.update(m, patronId, { status: 'suspended' });
      await this.audit.record(m, {
        actorAccountId: p.accountId,
        action: 'consent.withdraw',
        patronId,
        institutionId: patron.homeInstitutionId,
        details: { consentId },
      });
    });
    return (await this.repo.findById(patronId))!;
  }

  /** Patron counts per institution, category and status; erased records still count (statistics survive erasure). */
  statistics(institutionIds: string[]) {
    return this.repo.statistics(institutionIds);
  }
}
