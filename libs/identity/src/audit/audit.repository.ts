import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  id: string;
  at: Date;
  actorAccountId: string | null;
  action: string;
  patronId: string | null;
  institutionId: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  patronId?: string;
  actorAccountId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Only entries about these institutions (network administrators). */
  institutionIds?: string[];
}

/** The only place that queries identity.audit_log. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(manager: EntityManager | undefined, entries: Omit<AuditEntry, 'id' | 'at'>[]): Promise<void> {
    if (!entries.length) return;
    await (manager ?? this.ds.manager).query(
      `INSERT INTO identity.audit_log (actor_account_id, action, patron_id, institution_id, details)
       SELECT e.actor, e.action, e.patron, e.institution, coalesce(e.details, '{}') FROM jsonb_to_recordset($1::jsonb) AS e(actor uuid, action text, patron uuid, institution uuid, details jsonb)`,
      [
        JSON.stringify(
          entries.map((e) => ({
            actor: e.actorAccountId,
            action: e.action,
            patron: e.patronId,
            institution: e.institutionId,
            details: e.details,
          })),
        ),
      ],
    );
  }

  async list(f: AuditFilter, limit: number, offset: number): Promise<{ rows: AuditEntry[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.patronId) where.push(`patron_id = ${p(f.patronId)}`);
    if (f.actorAccountId) where.push(`actor_account_id = ${p(f.actorAccountId)}`);
    if (f.action) where.push(`action = ${p(f.action)}`);
    if (f.from) where.push(`at >= ${p(f.from)}`);
    if (f.to) where.push(`at < ${p(f.to)}`);
    if (f.institutionIds) where.push(`institution_id = ANY(${p(f.institutionIds)}::uuid[])`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: string }[] = await this.ds.query(
      `SELECT count(*) AS total FROM identity.audit_log ${w}`,
      params,
    );
    const rows: AuditEntry[] = await this.ds.query(
      `SELECT id::text, at, actor_account_id AS "actorAccountId", action, patron_id AS "patronId", institution_id AS "institutionId", details
       FROM identity.audit_log ${w} ORDER BY at DESC, id DESC LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { rows, total: Number(total) };
  }
}
