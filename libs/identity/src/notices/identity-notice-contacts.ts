import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NoticeContacts, NoticesService, type NoticeContact, type NoticeContactSource } from '@suotdoi/notices';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { PatronsRepository } from '../patrons/patrons.repository.js';
import { PersonalDataRegistry, type PersonalDataSource } from '../privacy/personal-data.registry.js';

/**
 * Identity's side of the notices service: the addresses notices go to (read when a notice is sent, never copied into
 * notices), and a patron's notices in the personal-data export and erasure.
 */
@Injectable()
export class IdentityNoticeContacts implements NoticeContactSource, PersonalDataSource, OnModuleInit {
  readonly section = 'notices';
  constructor(
    private readonly contacts: NoticeContacts,
    private readonly notices: NoticesService,
    private readonly registry: PersonalDataRegistry,
    private readonly patrons: PatronsRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  onModuleInit(): void {
    this.contacts.register(this);
    this.registry.register(this);
  }

  async contact(r: { patronId?: string | null; accountId?: string | null }): Promise<NoticeContact | undefined> {
    const patron = r.patronId ? await this.patrons.findById(r.patronId) : undefined;
    if (r.patronId && !patron) return undefined;
    if (patron?.status === 'erased') return { email: null, phone: null, name: null };
    const account = await this.accounts.findById(patron?.accountId ?? r.accountId!);
    if (!account && !patron) return undefined;
    return {
      email: account?.email ?? null,
      phone: account?.phone ?? null,
      name: patron?.fullName ?? account?.displayName ?? null,
    };
  }

  async exportFor(patronId: string, accountId: string): Promise<unknown> {
    return (await this.notices.exportFor(patronId, accountId)).map((n) => ({
      template: n.template,
      subjectVi: n.subjectVi,
      bodyVi: n.bodyVi,
      params: n.params,
      createdAt: n.createdAt,
      sentAt: n.sentAt,
      readAt: n.readAt,
    }));
  }

  eraseFor(patronId: string, accountId: string, manager: EntityManager): Promise<void> {
    return this.notices.eraseFor(patronId, accountId, manager);
  }
}
