import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService, PatronsService, type Patron } from '@suotdoi/identity';
import type { PatronContact, PatronDirectory, PatronInfo } from '../ports.js';

const info = (p: Patron): PatronInfo => ({
  id: p.id,
  accountId: p.accountId,
  category: p.category,
  cardNumber: p.cardNumber,
  cardExpiresOn: p.cardExpiresOn,
  homeInstitutionId: p.homeInstitutionId,
  status: p.status,
});

/**
 * PatronDirectory over identity's exported PatronsService and AccountsService (lookups for the desk and for notices:
 * no access check, no audit).
 */
@Injectable()
export class IdentityPatronDirectory implements PatronDirectory {
  constructor(
    private readonly patrons: PatronsService,
    private readonly accounts: AccountsService,
  ) {}

  async find(patronId: string, manager?: EntityManager): Promise<PatronInfo | undefined> {
    const p = await this.patrons.find(patronId, manager);
    return p && info(p);
  }

  async findByCardNumber(cardNumber: string, manager?: EntityManager): Promise<PatronInfo | undefined> {
    const p = await this.patrons.findByCardNumber(cardNumber.trim(), manager);
    return p && info(p);
  }

  async contact(patronId: string): Promise<PatronContact | undefined> {
    const p = await this.patrons.find(patronId);
    if (!p) return undefined;
    if (p.status === 'erased') return { email: null, name: null };
    const account = await this.accounts.get(p.accountId).catch((e: unknown) => {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    });
    return { email: account?.email ?? null, name: p.fullName ?? account?.displayName ?? null };
  }
}
