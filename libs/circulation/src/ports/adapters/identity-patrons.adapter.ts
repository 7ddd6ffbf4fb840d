import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PatronsService, type Patron } from '@suotdoi/identity';
import type { PatronDirectory, PatronInfo } from '../ports.js';

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
 * PatronDirectory over identity's exported PatronsService (lookups for the desk: no access check, no audit).
 */
@Injectable()
export class IdentityPatronDirectory implements PatronDirectory {
  constructor(private readonly patrons: PatronsService) {}

  async find(patronId: string, manager?: EntityManager): Promise<PatronInfo | undefined> {
    const p = await this.patrons.find(patronId, manager);
    return p && info(p);
  }

  async findByCardNumber(cardNumber: string, manager?: EntityManager): Promise<PatronInfo | undefined> {
    const p = await this.patrons.findByCardNumber(cardNumber.trim(), manager);
    return p && info(p);
  }
}
