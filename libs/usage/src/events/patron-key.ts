import { createHash } from 'node:crypto';

/**
 * The pseudonymous key a usage event carries for a patron (never the card number or name). Every module that emits
 * events for patrons uses this one function, so a patron's loans and e-resource requests share one key (distinct
 * users, participation) and erasing the patron's identity leaves the statistics whole.
 */
export const usagePatronKey = (patronId: string): string =>
  createHash('sha256').update(`circulation:${patronId}`).digest('hex').slice(0, 32);
