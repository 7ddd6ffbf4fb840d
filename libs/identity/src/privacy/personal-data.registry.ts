import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Another module's share of a patron's personal data (circulation: loans and holds; events: registrations…).
 * Modules register one at start-up (`registry.register(this)` in onModuleInit) so that export and erasure cover them.
 */
export interface PersonalDataSource {
  /** Section name in the export, e.g. "circulation". */
  readonly section: string;
  /** Everything held about the patron, as plain JSON. */
  exportFor(patronId: string, accountId: string): Promise<unknown>;
  /**
   * Remove what identifies the patron, inside the erasure transaction. Keep statistics: usage events keep the
   * patron id, which after erasure is a pseudonymous key that no longer leads to a person.
   */
  eraseFor(patronId: string, accountId: string, manager: EntityManager): Promise<void>;
}

/** Where modules register their PersonalDataSource. */
@Injectable()
export class PersonalDataRegistry {
  private readonly sources: PersonalDataSource[] = [];
  register(source: PersonalDataSource): void {
    if (this.sources.some((s) => s.section === source.section))
      throw new Error(`two personal data sources named ${source.section}`);
    this.sources.push(source);
  }
  all(): readonly PersonalDataSource[] {
    return this.sources;
  }
}
