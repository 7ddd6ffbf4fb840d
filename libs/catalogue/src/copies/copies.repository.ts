import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import type { Copy } from '../catalogue.types.js';

const COLUMNS = `c.id, c.record_id AS "recordId", c.barcode, c.home_institution_id AS "homeInstitutionId",
  c.base_institution_id AS "baseInstitutionId", c.location_institution_id AS "locationInstitutionId", c.location_service_point_id AS "locationServicePointId",
  c.shelf_location AS "shelfLocation", c.call_number AS "callNumber", c.item_type AS "itemType", c.status,
  c.status_changed_at AS "statusChangedAt", c.acquired_on::text AS "acquiredOn", c.price_vnd::float8 AS "priceVnd", c.source,
  c.source_note AS "sourceNote", c.version`;

/** The stored fields of a copy (what inserts and updates write). */
export type CopyRow = Omit<Copy, 'id' | 'statusChangedAt' | 'version' | 'baseInstitutionId'>;

const FIELDS: [keyof CopyRow, string][] = [
  ['recordId', 'record_id'],
  ['barcode', 'barcode'],
  ['homeInstitutionId', 'home_institution_id'],
  ['locationInstitutionId', 'location_institution_id'],
  ['locationServicePointId', 'location_service_point_id'],
  ['shelfLocation', 'shelf_location'],
  ['callNumber', 'call_number'],
  ['itemType', 'item_type'],
  ['status', 'status'],
  ['acquiredOn', 'acquired_on'],
  ['priceVnd', 'price_vnd'],
  ['source', 'source'],
  ['sourceNote', 'source_note'],
];

/** The only place that queries catalogue.copies. */
@Injectable()
export class CopiesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(manager: EntityManager, c: CopyRow): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO catalogue.copies (${FIELDS.map(([, col]) => col).join(', ')}) VALUES (${FIELDS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      FIELDS.map(([k]) => c[k] ?? null),
    );
    return row.id;
  }

  /** Insert unless the barcode is taken (any case): the new id, or undefined when another copy has the barcode. */
  async insertIfNew(manager: EntityManager, c: CopyRow): Promise<string | undefined> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO catalogue.copies (${FIELDS.map(([, col]) => col).join(', ')}) VALUES (${FIELDS.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT ((upper(barcode))) DO NOTHING RETURNING id`,
      FIELDS.map(([k]) => c[k] ?? null),
    );
    return row?.id;
  }

  async update(manager: EntityManager, id: string, patch: Partial<CopyRow>): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [k, col] of FIELDS) {
      if (patch[k] === undefined) continue;
      params.push(patch[k]);
      sets.push(`${col} = $${params.length}`);
    }
    if (patch.status !== undefined) sets.push('status_changed_at = now()');
    await manager.query(
      `UPDATE catalogue.copies SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1`,
      params,
    );
  }

  /**
   * Set a copy's status (and location) in one statement, returning the copy as changed. A withdrawn copy stays
   * withdrawn: then nothing is updated and undefined is returned, as for an unknown id.
   */
  async setStatus(
    manager: EntityManager,
    id: string,
    patch: Pick<CopyRow, 'status'> & Partial<Pick<CopyRow, 'locationInstitutionId' | 'locationServicePointId'>>,
  ): Promise<Copy | undefined> {
    const params: unknown[] = [id, patch.status];
    const sets = ['status = $2', 'status_changed_at = now()', 'updated_at = now()', 'version = c.version + 1'];
    if (patch.locationInstitutionId !== undefined) {
      params.push(patch.locationInstitutionId, patch.locationServicePointId ?? null);
      sets.push(`location_institution_id = $${params.length - 1}`, `location_service_point_id = $${params.length}`);
    }
    // Circulation's hot path: a prepared statement (two texts: with and without a location change).
    const [row] = await preparedQuery<Copy>(
      manager,
      `UPDATE catalogue.copies c SET ${sets.join(', ')} WHERE c.id = $1 AND (c.status <> 'withdrawn' OR $2 = 'withdrawn') RETURNING ${COLUMNS}`,
      params,
    );
    return row;
  }

  /**
   * Move copies' base (rotation sends a collection to its next host, or home). Copies on loan move too: their return
   * is routed to the new base. Returns the record ids of the copies changed.
   */
  async setBase(manager: EntityManager, ids: string[], baseInstitutionId: string): Promise<string[]> {
    if (!ids.length) return [];
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ recordId: string }[], number] = await manager.query(
      `UPDATE catalogue.copies SET base_institution_id = $2, updated_at = now(), version = version + 1
       WHERE id = ANY($1::uuid[]) AND base_institution_id <> $2 RETURNING record_id AS "recordId"`,
      [ids, baseInstitutionId],
    );
    return rows.map((r) => r.recordId);
  }

  /**
   * Set the status (and location) of many copies in one statement, only those whose status is one of `from`; returns
   * the copies changed. Withdrawn copies are never changed.
   */
  async setStatusMany(
    manager: EntityManager,
    ids: string[],
    status: string,
    from: string[],
    location?: { institutionId: string; servicePointId: string | null },
  ): Promise<{ id: string; recordId: string }[]> {
    if (!ids.length) return [];
    const [rows]: [{ id: string; recordId: string }[], number] = await manager.query(
      `UPDATE catalogue.copies SET status = $2, status_changed_at = now(), updated_at = now(), version = version + 1,
              location_institution_id = coalesce($4::uuid, location_institution_id),
              location_service_point_id = CASE WHEN $4::uuid IS NULL THEN location_service_point_id ELSE $5::uuid END
       WHERE id = ANY($1::uuid[]) AND status = ANY($3::text[]) AND status <> 'withdrawn' RETURNING id, record_id AS "recordId"`,
      [ids, status, from, location?.institutionId ?? null, location?.servicePointId ?? null],
    );
    return rows;
  }

  /** Copies by barcode (any case) with their record's title, subjects, language and audience; unknown ones are left out. */
  async withRecords(
    manager: EntityManager,
    keys: { ids?: string[]; barcodes?: string[] },
    lock = false,
  ): Promise<(Copy & { title: string; subjects: string[]; language: string; audience: string; ddc: string | null })[]> {
    const ids = [...new Set(keys.ids ?? [])];
    const barcodes = [...new Set((keys.barcodes ?? []).map((b) => b.trim().toUpperCase()))];
    if (!ids.length && !barcodes.length) return [];
    return manager.query(
      `SELECT ${COLUMNS}, r.title, r.subjects, r.language, r.audience, r.ddc
       FROM catalogue.copies c JOIN catalogue.records r ON r.id = c.record_id
       WHERE c.id = ANY($1::uuid[]) OR upper(c.barcode) = ANY($2::text[])${lock ? ' FOR UPDATE OF c' : ''}`,
      [ids, barcodes],
    );
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<Copy | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM catalogue.copies c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findByBarcode(barcode: string, manager?: EntityManager): Promise<Copy | undefined> {
    const [row] = await preparedQuery<Copy>(
      this.m(manager),
      `SELECT ${COLUMNS} FROM catalogue.copies c WHERE upper(c.barcode) = upper($1)`,
      [barcode],
    );
    return row;
  }

  /** Copies by id or barcode (any case) with their record's title, in one query; unknown ones are left out. */
  async titles(
    keys: { ids?: string[]; barcodes?: string[] },
    manager?: EntityManager,
  ): Promise<{ id: string; barcode: string; recordId: string; title: string }[]> {
    const ids = [...new Set(keys.ids ?? [])];
    const barcodes = [...new Set((keys.barcodes ?? []).map((b) => b.trim().toUpperCase()))];
    if (!ids.length && !barcodes.length) return [];
    return this.m(manager).query(
      `SELECT c.id, c.barcode, c.record_id AS "recordId", r.title
       FROM catalogue.copies c JOIN catalogue.records r ON r.id = c.record_id
       WHERE c.id = ANY($1::uuid[]) OR upper(c.barcode) = ANY($2::text[])`,
      [ids, barcodes],
    );
  }

  async forRecord(recordId: string): Promise<Copy[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM catalogue.copies c WHERE c.record_id = $1 ORDER BY c.home_institution_id, c.barcode`,
      [recordId],
    );
  }

  /** Copies on the shelf at an institution (available, located there) of the given records, with their record's title. */
  async onShelf(institutionId: string, recordIds: string[]): Promise<(Copy & { title: string })[]> {
    if (!recordIds.length) return [];
    return this.ds.query(
      `SELECT ${COLUMNS}, r.title FROM catalogue.copies c JOIN catalogue.records r ON r.id = c.record_id
       WHERE c.location_institution_id = $1 AND c.status = 'available' AND c.record_id = ANY($2::uuid[])
       ORDER BY c.record_id, c.barcode`,
      [institutionId, recordIds],
    );
  }

  /** Per base (where copies belong now: home, or a rotation host): copies (not withdrawn), how many are on the shelf there now, call numbers. */
  async holdings(
    recordId: string,
  ): Promise<{ institutionId: string; copies: number; available: number; callNumbers: string[] }[]> {
    const rows = await this.ds.query(
      `SELECT base_institution_id AS "institutionId", count(*)::int AS copies,
              count(*) FILTER (WHERE status = 'available' AND location_institution_id = base_institution_id)::int AS available,
              coalesce(array_agg(DISTINCT call_number) FILTER (WHERE call_number IS NOT NULL), '{}') AS "callNumbers"
       FROM catalogue.copies WHERE record_id = $1 AND status <> 'withdrawn' GROUP BY base_institution_id ORDER BY base_institution_id`,
      [recordId],
    );
    return rows;
  }
}
