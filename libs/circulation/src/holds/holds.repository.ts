import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import { reviveDates } from '../common/json-rows.js';

export type HoldKind = 'title' | 'copy' | 'reservation';
export type HoldStatus = 'waiting' | 'in_transit' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';
export const ACTIVE_HOLD_STATUSES: HoldStatus[] = ['waiting', 'in_transit', 'ready'];

export interface HoldRow {
  id: string;
  kind: HoldKind;
  patronId: string;
  recordId: string;
  copyId: string | null;
  pickupInstitutionId: string;
  policyId: string;
  status: HoldStatus;
  queuePosition: number | null;
  placedAt: Date;
  suspendedUntil: string | null;
  trappedCopyId: string | null;
  trappedAt: Date | null;
  readyAt: Date | null;
  expiresAt: Date | null;
  closedAt: Date | null;
}

const COLUMNS = `h.id, h.kind, h.patron_id AS "patronId", h.record_id AS "recordId", h.copy_id AS "copyId",
  h.pickup_institution_id AS "pickupInstitutionId", h.policy_id AS "policyId", h.status, h.queue_position AS "queuePosition",
  h.placed_at AS "placedAt", h.suspended_until::text AS "suspendedUntil", h.trapped_copy_id AS "trappedCopyId", h.trapped_at AS "trappedAt",
  h.ready_at AS "readyAt", h.expires_at AS "expiresAt", h.closed_at AS "closedAt"`;

/** For the desk's combined reads (../loans/desk-reads.ts): the columns, and a row back from row_to_json. */
export const HOLD_COLUMNS = COLUMNS;
export const holdFromJson = (j: HoldRow | null): HoldRow | undefined =>
  reviveDates(j, ['placedAt', 'trappedAt', 'readyAt', 'expiresAt', 'closedAt']);

/**
 * The only place that queries circulation.holds and circulation.hold_queues. Every change to a record's queue
 * first locks its hold_queues row, so placements, cancellations and traps on one record happen one at a time and
 * positions stay 1..n without gaps; the deferred exclusion constraint proves no two share a position.
 */
@Injectable()
export class HoldsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  /** Take the record's queue lock and the next position (creating the queue on first use). */
  async nextPosition(manager: EntityManager, recordId: string): Promise<number> {
    const [row]: { length: number }[] = await manager.query(
      `INSERT INTO circulation.hold_queues (record_id, length) VALUES ($1, 1)
       ON CONFLICT (record_id) DO UPDATE SET length = hold_queues.length + 1 RETURNING length`,
      [recordId],
    );
    return row.length;
  }

  /** Take the record's queue lock without joining it. */
  async lockQueue(manager: EntityManager, recordId: string): Promise<void> {
    // One statement creates the queue row if needed and, either way, holds its row lock until commit.
    await preparedQuery(
      manager,
      `INSERT INTO circulation.hold_queues AS q (record_id, length) VALUES ($1, 0) ON CONFLICT (record_id) DO UPDATE SET length = q.length`,
      [recordId],
    );
  }

  /**
   * Remove a waiting hold from its queue (queue lock held): later holds move up one place. The caller then traps or
   * closes the hold, which clears its own position (the position exclusion is checked at commit).
   */
  async leaveQueue(
    manager: EntityManager,
    hold: { id: string; recordId: string; queuePosition: number | null },
  ): Promise<void> {
    if (hold.queuePosition === null) return;
    await manager.query(
      `UPDATE circulation.holds SET queue_position = queue_position - 1 WHERE record_id = $1 AND queue_position > $2`,
      [hold.recordId, hold.queuePosition],
    );
    await manager.query(`UPDATE circulation.hold_queues SET length = length - 1 WHERE record_id = $1`, [hold.recordId]);
  }

  /** Put a trapped hold back at the head of its queue (queue lock held): everyone else moves down one place. */
  async requeueFirst(manager: EntityManager, id: string, recordId: string): Promise<void> {
    await manager.query(
      `UPDATE circulation.holds SET queue_position = queue_position + 1 WHERE record_id = $1 AND queue_position IS NOT NULL`,
      [recordId],
    );
    await manager.query(
      `UPDATE circulation.holds SET status = 'waiting', queue_position = 1, trapped_copy_id = NULL, trapped_at = NULL, ready_at = NULL, expires_at = NULL WHERE id = $1`,
      [id],
    );
    await manager.query(`UPDATE circulation.hold_queues SET length = length + 1 WHERE record_id = $1`, [recordId]);
  }

  async insert(
    manager: EntityManager,
    h: {
      kind: HoldKind;
      patronId: string;
      recordId: string;
      copyId: string | null;
      pickupInstitutionId: string;
      policyId: string;
      status: HoldStatus;
      queuePosition: number | null;
      placedAt: Date;
      placedBy: string | null;
      trappedCopyId?: string;
      expiresAt?: Date;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO circulation.holds (kind, patron_id, record_id, copy_id, pickup_institution_id, policy_id, status, queue_position, placed_at, placed_by,
         trapped_copy_id, trapped_at, ready_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10, $11::uuid, CASE WHEN $11::uuid IS NULL THEN NULL ELSE $9::timestamptz END, CASE WHEN $7::text = 'ready' THEN $9::timestamptz END, $12::timestamptz)
       RETURNING id`,
      [
        h.kind,
        h.patronId,
        h.recordId,
        h.copyId,
        h.pickupInstitutionId,
        h.policyId,
        h.status,
        h.queuePosition,
        h.placedAt,
        h.placedBy,
        h.trappedCopyId ?? null,
        h.expiresAt ?? null,
      ],
    );
    return row.id;
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<HoldRow | undefined> {
    const [row]: HoldRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM circulation.holds h WHERE h.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** The active hold that has trapped this copy (in transit to, or waiting on, a hold shelf). */
  async trapOf(copyId: string, manager?: EntityManager): Promise<HoldRow | undefined> {
    const [row]: HoldRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM circulation.holds h WHERE h.trapped_copy_id = $1 AND h.status IN ('in_transit', 'ready')`,
      [copyId],
    );
    return row;
  }

  /** The first waiting, unsuspended hold this copy can fill (queue lock held). */
  async firstEligible(
    manager: EntityManager,
    recordId: string,
    copyId: string,
    today: string,
  ): Promise<HoldRow | undefined> {
    const [row] = await preparedQuery<HoldRow>(
      manager,
      `SELECT ${COLUMNS} FROM circulation.holds h
       WHERE h.record_id = $1 AND h.status = 'waiting' AND (h.copy_id IS NULL OR h.copy_id = $2)
         AND (h.suspended_until IS NULL OR h.suspended_until < $3::date)
       ORDER BY h.queue_position LIMIT 1`,
      [recordId, copyId, today],
    );
    return row;
  }

  /** Waiting, unsuspended holds of other patrons that this copy could fill (renewal check). */
  async othersWaiting(
    manager: EntityManager,
    recordId: string,
    copyId: string,
    patronId: string,
    today: string,
  ): Promise<number> {
    const [row]: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM circulation.holds h
       WHERE h.record_id = $1 AND h.status = 'waiting' AND (h.copy_id IS NULL OR h.copy_id = $2) AND h.patron_id <> $3
         AND (h.suspended_until IS NULL OR h.suspended_until < $4::date)`,
      [recordId, copyId, patronId, today],
    );
    return Number(row.n);
  }

  /** Records with at least one waiting, unsuspended hold (pull lists start here). */
  async recordsWaiting(today: string): Promise<string[]> {
    const rows: { record_id: string }[] = await this.ds.query(
      `SELECT DISTINCT h.record_id FROM circulation.holds h
       WHERE h.queue_position IS NOT NULL AND (h.suspended_until IS NULL OR h.suspended_until < $1::date)`,
      [today],
    );
    return rows.map((r) => r.record_id);
  }

  /** Waiting, unsuspended holds on these records, each record's in queue order (the order check-in serves them). */
  async waitingOn(recordIds: string[], today: string): Promise<HoldRow[]> {
    if (!recordIds.length) return [];
    return this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.holds h
       WHERE h.record_id = ANY($1::uuid[]) AND h.queue_position IS NOT NULL
         AND (h.suspended_until IS NULL OR h.suspended_until < $2::date)
       ORDER BY h.record_id, h.queue_position`,
      [recordIds, today],
    );
  }

  /** Active holds of a patron, and those on one record. */
  async standing(
    manager: EntityManager,
    patronId: string,
    recordId: string,
  ): Promise<{ active: number; thisRecord: number }> {
    const [row]: { active: string; this_record: string }[] = await manager.query(
      `SELECT count(*) AS active, count(*) FILTER (WHERE record_id = $2) AS this_record
       FROM circulation.holds WHERE patron_id = $1 AND status IN ('waiting', 'in_transit', 'ready')`,
      [patronId, recordId],
    );
    return { active: Number(row.active), thisRecord: Number(row.this_record) };
  }

  /** The patron's waiting hold on a record, if any (fulfilled when they borrow a copy of it). */
  async waitingOf(manager: EntityManager, patronId: string, recordId: string): Promise<HoldRow | undefined> {
    const [row]: HoldRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM circulation.holds h WHERE h.patron_id = $1 AND h.record_id = $2 AND h.status = 'waiting'`,
      [patronId, recordId],
    );
    return row;
  }

  async trap(
    manager: EntityManager,
    id: string,
    t: { copyId: string; status: 'in_transit' | 'ready'; at: Date; expiresAt: Date | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE circulation.holds SET status = $2::text, trapped_copy_id = $3, trapped_at = $4::timestamptz, ready_at = CASE WHEN $2::text = 'ready' THEN $4::timestamptz END, expires_at = $5, suspended_until = NULL, queue_position = NULL
       WHERE id = $1`,
      [id, t.status, t.copyId, t.at, t.expiresAt],
    );
  }

  async markReady(manager: EntityManager, id: string, at: Date, expiresAt: Date): Promise<void> {
    await manager.query(`UPDATE circulation.holds SET status = 'ready', ready_at = $2, expires_at = $3 WHERE id = $1`, [
      id,
      at,
      expiresAt,
    ]);
  }

  async close(
    manager: EntityManager,
    id: string,
    status: 'fulfilled' | 'cancelled' | 'expired',
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE circulation.holds SET status = $2, closed_at = $3, queue_position = NULL, suspended_until = NULL WHERE id = $1`,
      [id, status, at],
    );
  }

  async setSuspension(manager: EntityManager, id: string, until: string | null): Promise<void> {
    await manager.query(`UPDATE circulation.holds SET suspended_until = $2 WHERE id = $1`, [id, until]);
  }

  /** Ready holds past their pickup deadline (candidates: the caller re-checks each under its queue lock). */
  async expiredReady(manager: EntityManager, now: Date, limit: number): Promise<HoldRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM circulation.holds h WHERE h.status = 'ready' AND h.expires_at < $1 ORDER BY h.expires_at LIMIT $2`,
      [now, limit],
    );
  }

  async list(
    f: { patronId?: string; recordId?: string; pickupInstitutionIds?: string[] | null; statuses?: HoldStatus[] },
    limit: number,
    offset: number,
  ): Promise<{ rows: HoldRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.patronId) where.push(`h.patron_id = ${p(f.patronId)}`);
    if (f.recordId) where.push(`h.record_id = ${p(f.recordId)}`);
    if (f.pickupInstitutionIds) where.push(`h.pickup_institution_id = ANY(${p(f.pickupInstitutionIds)}::uuid[])`);
    if (f.statuses) where.push(`h.status = ANY(${p(f.statuses)}::text[])`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: HoldRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.holds h ${w} ORDER BY h.queue_position NULLS FIRST, h.placed_at DESC, h.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM circulation.holds h ${w}`,
      params.slice(0, params.length - 2),
    );
    return { rows, total: Number(n) };
  }
}
