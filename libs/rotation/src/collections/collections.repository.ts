import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface CollectionRow {
  id: string;
  ownerInstitutionId: string;
  name: string;
  notes: string | null;
  themes: string[];
  kind: 'rotating' | 'deposit';
  status: 'active' | 'retired';
  currentInstitutionId: string;
  currentStageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  copies: number;
}

export interface MemberRow {
  copyId: string;
  recordId: string;
  barcode: string;
  addedAt: Date;
}

export interface JourneyRow {
  id: string;
  copyId: string;
  collectionId: string;
  shipmentId: string | null;
  event: string;
  institutionId: string;
  at: Date;
  by: string | null;
  note: string | null;
}

const COLUMNS = `c.id, c.owner_institution_id AS "ownerInstitutionId", c.name, c.notes, c.themes, c.kind, c.status,
  c.current_institution_id AS "currentInstitutionId", c.current_stage_id AS "currentStageId", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM rotation.collection_copies cc WHERE cc.collection_id = c.id AND cc.removed_at IS NULL) AS copies`;

/** The only place that queries rotation.collections, collection_copies and copy_journeys. */
@Injectable()
export class CollectionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(
    m: EntityManager,
    c: { ownerInstitutionId: string; name: string; notes: string | null; themes: string[]; kind: string; by: string },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO rotation.collections (owner_institution_id, name, notes, themes, kind, current_institution_id, created_by) VALUES ($1, $2, $3, $4, $5, $1, $6) RETURNING id`,
      [c.ownerInstitutionId, c.name, c.notes, c.themes, c.kind, c.by],
    );
    return row.id;
  }

  async update(
    m: EntityManager,
    id: string,
    patch: { name?: string; notes?: string | null; themes?: string[]; status?: string },
  ): Promise<void> {
    await m.query(
      `UPDATE rotation.collections SET name = coalesce($2, name), notes = CASE WHEN $3::boolean THEN $4 ELSE notes END, themes = coalesce($5, themes),
              status = coalesce($6, status), updated_at = now() WHERE id = $1`,
      [
        id,
        patch.name ?? null,
        patch.notes !== undefined,
        patch.notes ?? null,
        patch.themes ?? null,
        patch.status ?? null,
      ],
    );
  }

  async moveTo(m: EntityManager, id: string, institutionId: string, stageId: string | null): Promise<void> {
    await m.query(
      `UPDATE rotation.collections SET current_institution_id = $2, current_stage_id = $3, updated_at = now() WHERE id = $1`,
      [id, institutionId, stageId],
    );
  }

  async setCurrentStage(m: EntityManager, id: string, stageId: string | null): Promise<void> {
    await m.query(`UPDATE rotation.collections SET current_stage_id = $2, updated_at = now() WHERE id = $1`, [
      id,
      stageId,
    ]);
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<CollectionRow | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM rotation.collections c WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return row;
  }

  /** Collections owned by or now at these institutions (null: all). */
  async list(
    f: { institutionIds: string[] | null; status?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: CollectionRow[]; total: number }> {
    const where = `($1::uuid[] IS NULL OR c.owner_institution_id = ANY($1) OR c.current_institution_id = ANY($1)) AND ($2::text IS NULL OR c.status = $2)`;
    const params = [f.institutionIds, f.status ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.ds.query(
        `SELECT ${COLUMNS} FROM rotation.collections c WHERE ${where} ORDER BY c.created_at DESC, c.id LIMIT $3 OFFSET $4`,
        [...params, limit, offset],
      ),
      this.ds.query(`SELECT count(*)::int AS total FROM rotation.collections c WHERE ${where}`, params),
    ]);
    return { rows, total };
  }

  async members(collectionId: string, manager?: EntityManager): Promise<MemberRow[]> {
    return this.m(manager).query(
      `SELECT copy_id AS "copyId", record_id AS "recordId", barcode, added_at AS "addedAt" FROM rotation.collection_copies
       WHERE collection_id = $1 AND removed_at IS NULL ORDER BY barcode`,
      [collectionId],
    );
  }

  /** Active memberships of these copies in any collection. */
  async activeFor(
    m: EntityManager,
    copyIds: string[],
  ): Promise<{ copyId: string; collectionId: string; barcode: string }[]> {
    return m.query(
      `SELECT copy_id AS "copyId", collection_id AS "collectionId", barcode FROM rotation.collection_copies WHERE copy_id = ANY($1::uuid[]) AND removed_at IS NULL`,
      [copyIds],
    );
  }

  /** Add copies (the partial unique index collection_copies_one_active_uq refuses a copy active elsewhere). */
  async add(
    m: EntityManager,
    collectionId: string,
    copies: { id: string; recordId: string; barcode: string }[],
    by: string,
    institutionId: string,
  ): Promise<void> {
    if (!copies.length) return;
    await m.query(
      `INSERT INTO rotation.collection_copies (collection_id, copy_id, record_id, barcode, added_by)
       SELECT $1, u.copy_id, u.record_id, u.barcode, $5 FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS u(copy_id, record_id, barcode)`,
      [collectionId, copies.map((c) => c.id), copies.map((c) => c.recordId), copies.map((c) => c.barcode), by],
    );
    await this.journey(
      m,
      copies.map((c) => c.id),
      { collectionId, event: 'added', institutionId, by },
    );
  }

  async remove(
    m: EntityManager,
    collectionId: string,
    copyIds: string[],
    by: string,
    institutionId: string,
  ): Promise<string[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ copyId: string }[], number] = await m.query(
      `UPDATE rotation.collection_copies SET removed_at = now(), removed_by = $3 WHERE collection_id = $1 AND copy_id = ANY($2::uuid[]) AND removed_at IS NULL RETURNING copy_id AS "copyId"`,
      [collectionId, copyIds, by],
    );
    await this.journey(
      m,
      rows.map((r) => r.copyId),
      { collectionId, event: 'removed', institutionId, by },
    );
    return rows.map((r) => r.copyId);
  }

  /** One journey row per copy. */
  async journey(
    m: EntityManager,
    copyIds: string[],
    e: {
      collectionId: string;
      shipmentId?: string | null;
      event: string;
      institutionId: string;
      by: string | null;
      note?: string | null;
    },
  ): Promise<void> {
    if (!copyIds.length) return;
    await m.query(
      `INSERT INTO rotation.copy_journeys (copy_id, collection_id, shipment_id, event, institution_id, by, note) SELECT u, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) u`,
      [copyIds, e.collectionId, e.shipmentId ?? null, e.event, e.institutionId, e.by, e.note ?? null],
    );
  }

  async journeyOf(copyId: string, collectionIds: string[] | null): Promise<JourneyRow[]> {
    return this.ds.query(
      `SELECT j.id::text AS id, j.copy_id AS "copyId", j.collection_id AS "collectionId", j.shipment_id AS "shipmentId", j.event, j.institution_id AS "institutionId", j.at, j.by, j.note
       FROM rotation.copy_journeys j WHERE j.copy_id = $1 AND ($2::uuid[] IS NULL OR j.collection_id = ANY($2)) ORDER BY j.id`,
      [copyId, collectionIds],
    );
  }

  async idsOwnedBy(owners: string[] | null): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM rotation.collections WHERE $1::uuid[] IS NULL OR owner_institution_id = ANY($1)`,
      [owners],
    );
    return rows.map((r) => r.id);
  }

  /** The active collection of each copy and the stage it is on (usage stamps its events with them). */
  /**
   * For each (copy, instant), numbered from 1 in order: the collection the copy was in then (its membership not
   * removed by that instant, the one begun by then first) and the stage of that collection's last shipment dispatched by then (null: at home).
   * Events of copies in no collection are left out.
   */
  async contextAt(
    events: { copyId: string; at: Date }[],
    manager?: EntityManager,
  ): Promise<{ n: number; collectionId: string; stageId: string | null }[]> {
    return this.m(manager).query(
      `SELECT u.n::int AS n, cc.collection_id AS "collectionId",
              (SELECT s.stage_id FROM rotation.shipments s WHERE s.collection_id = cc.collection_id AND s.dispatched_at <= u.at
               ORDER BY s.dispatched_at DESC LIMIT 1) AS "stageId"
       FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS u(copy_id, at, n)
       JOIN LATERAL (SELECT c.collection_id FROM rotation.collection_copies c
                     WHERE c.copy_id = u.copy_id AND (c.removed_at IS NULL OR c.removed_at > u.at)
                     ORDER BY c.added_at <= u.at DESC, c.added_at DESC LIMIT 1) cc ON true`,
      [events.map((e) => e.copyId), events.map((e) => e.at)],
    );
  }

  /** Copies of a collection in an open shipment (they cannot be removed until it closes). */
  async travelling(m: EntityManager, copyIds: string[]): Promise<string[]> {
    const rows: { barcode: string }[] = await m.query(
      `SELECT barcode FROM rotation.shipment_items WHERE copy_id = ANY($1::uuid[]) AND open`,
      [copyIds],
    );
    return rows.map((r) => r.barcode);
  }
}
