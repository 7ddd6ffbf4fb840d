import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Page } from '@suotdoi/platform';
import { AuditRepository, type AuditEntry, type AuditFilter } from './audit.repository.js';

/** Audited actions: staff reads of patron records, searches, exports, erasures, consent and role changes. */
export type AuditAction =
  | 'patron.read'
  | 'patron.search'
  | 'patron.export'
  | 'patron.erase'
  | 'patron.register'
  | 'patron.update'
  | 'patron.verify'
  | 'consent.record'
  | 'consent.withdraw'
  | 'staff.roles_set'
  | 'staff.invited'
  | 'staff.invitation_accepted'
  | 'admin.scope_granted'
  | 'admin.scope_revoked'
  | 'admin.system_admin_set'
  | 'admin.account_status_set';

export type { AuditEntry, AuditFilter };

/** Writes and queries the audit log (Decree 13/2023: processing of personal data is recorded). */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  record(
    manager: EntityManager | undefined,
    e: {
      actorAccountId: string | null;
      action: AuditAction;
      patronId?: string | null;
      institutionId?: string | null;
      details?: Record<string, unknown>;
    },
  ): Promise<void> {
    return this.repo.insert(manager, [
      {
        actorAccountId: e.actorAccountId,
        action: e.action,
        patronId: e.patronId ?? null,
        institutionId: e.institutionId ?? null,
        details: e.details ?? {},
      },
    ]);
  }

  recordMany(
    manager: EntityManager | undefined,
    entries: {
      actorAccountId: string | null;
      action: AuditAction;
      patronId: string | null;
      institutionId: string | null;
      details?: Record<string, unknown>;
    }[],
  ): Promise<void> {
    return this.repo.insert(
      manager,
      entries.map((e) => ({ ...e, details: e.details ?? {} })),
    );
  }

  async list(f: AuditFilter, q: { limit: number; offset: number }): Promise<Page<AuditEntry>> {
    const { rows, total } = await this.repo.list(f, q.limit, q.offset);
    return { items: rows, total, limit: q.limit, offset: q.offset };
  }
}
