import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeSignals, SignalledCache, afterCommit } from '@suotdoi/platform';
import type { PrincipalRow } from './accounts.repository.js';

/** The tables a Principal is read from; each signals its changes (migration 1764600000000). */
export const PRINCIPAL_TABLES = [
  'identity.accounts',
  'identity.patrons',
  'identity.staff_roles',
  'identity.admin_scopes',
];

/**
 * Who an account is, kept per process between requests: every authenticated request needs it, and reading it was one
 * of a desk request's database round trips. Revocation still bites at once:
 * - a change made through this process (suspension, roles, "log out everywhere", erasure) empties the cache when its
 *   transaction commits, before the writer's response goes out;
 * - a change made anywhere else (another API process, the worker, SQL by hand) empties it through the tables'
 *   statement-level triggers (NOTIFY on commit, ChangeSignals), within the time a notification takes to arrive;
 * - while this process is not listening for those signals, the cache is not used and every request reads the database.
 */
@Injectable()
export class PrincipalCache {
  private readonly cache: SignalledCache<PrincipalRow | null>;

  constructor(signals: ChangeSignals) {
    this.cache = new SignalledCache(signals, PRINCIPAL_TABLES);
  }

  async get(accountId: string, load: () => Promise<PrincipalRow | undefined>): Promise<PrincipalRow | undefined> {
    return (await this.cache.get(accountId, async () => (await load()) ?? null)) ?? undefined;
  }

  /** A principal table was written in this transaction: forget every principal once it commits. */
  changed(manager: EntityManager | undefined): void {
    afterCommit(manager, () => this.cache.clear());
  }
}
