import { Injectable } from '@nestjs/common';
import type { NoticeContact, NoticeContactSource } from '../notices/notice.types.js';

/**
 * Where the notices service finds a patron's or account's address. Identity owns addresses and registers the one
 * source at start-up (`contacts.register(this)` in onModuleInit); notices never store them.
 */
@Injectable()
export class NoticeContacts {
  private source?: NoticeContactSource;

  register(source: NoticeContactSource): void {
    if (this.source && this.source !== source) throw new Error('two notice contact sources registered');
    this.source = source;
  }

  async contact(r: { patronId?: string | null; accountId?: string | null }): Promise<NoticeContact | undefined> {
    if (!this.source) throw new Error('no notice contact source registered (is the identity module loaded?)');
    return this.source.contact(r);
  }
}
