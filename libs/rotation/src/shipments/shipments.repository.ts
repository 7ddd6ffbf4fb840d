import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type ShipmentStatus = 'preparing' | 'in_transit' | 'closed' | 'cancelled';
export type ItemState = 'packed' | 'to_follow' | 'received' | 'missing' | 'damaged';

export interface ShipmentRow {
  id: string;
  collectionId: string;
  stageId: string | null;
  fromInstitutionId: string;
  toInstitutionId: string;
  toServicePointId: string | null;
  status: ShipmentStatus;
  preparedAt: Date;
  dispatchedAt: Date | null;
  firstReceivedAt: Date | null;
  closedAt: Date | null;
  note: string | null;
}

export interface ItemRow {
  copyId: string;
  recordId: string;
  barcode: string;
  title: string;
  callNumber: string | null;
  state: ItemState;
  receivedAt: Date | null;
  note: string | null;
}

const COLUMNS = `s.id, s.collection_id AS "collectionId", s.stage_id AS "stageId", s.from_institution_id AS "fromInstitutionId",
  s.to_institution_id AS "toInstitutionId", s.to_service_point_id AS "toServicePointId", s.status, s.prepared_at AS "preparedAt",
  s.dispatched_at AS "dispatchedAt", s.first_received_at AS "firstReceivedAt", s.closed_at AS "closedAt", s.note`;
const ITEM = `i.copy_id AS "copyId", i.record_id AS "recordId", i.barcode, i.title, i.call_number AS "callNumber", i.state, i.received_at AS "receivedAt", i.note`;

/** The only place that queries rotation.shipments, shipment_items and unexpected_scans. */
@Injectable()
export class ShipmentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(
    m: EntityManager,
    s: {
      collectionId: string;
      stageId: string | null;
      from: string;
      to: string;
      toServicePointId: string | null;
      by: string;
      note: string | null;
    },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO rotation.shipments (collection_id, stage_id, from_institution_id, to_institution_id, to_service_point_id, prepared_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [s.collectionId, s.stageId, s.from, s.to, s.toServicePointId, s.by, s.note],
    );
    return row.id;
  }

  async insertItems(
    m: EntityManager,
    shipmentId: string,
    items: {
      copyId: string;
      recordId: string;
      barcode: string;
      title: string;
      callNumber: string | null;
      state: ItemState;
    }[],
  ): Promise<void> {
    if (!items.length) return;
    await m.query(
      `INSERT INTO rotation.shipment_items (shipment_id, copy_id, record_id, barcode, title, call_number, state)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        shipmentId,
        items.map((i) => i.copyId),
        items.map((i) => i.recordId),
        items.map((i) => i.barcode),
        items.map((i) => i.title),
        items.map((i) => i.callNumber),
        items.map((i) => i.state),
      ],
    );
  }

  async find(
    id: string,
    manager?: EntityManager,
    lock: false | 'share' | 'update' = false,
  ): Promise<ShipmentRow | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM rotation.shipments s WHERE s.id = $1${lock === 'share' ? ' FOR KEY SHARE' : lock === 'update' ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async list(
    f: { institutionIds: string[] | null; collectionId?: string; status?: string },
    limit: number,
    offset: number,
  ): Promise<ShipmentRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM rotation.shipments s JOIN rotation.collections c ON c.id = s.collection_id
       WHERE ($1::uuid[] IS NULL OR s.from_institution_id = ANY($1) OR s.to_institution_id = ANY($1) OR c.owner_institution_id = ANY($1))
         AND ($2::uuid IS NULL OR s.collection_id = $2) AND ($3::text IS NULL OR s.status = $3)
       ORDER BY s.prepared_at DESC, s.id LIMIT $4 OFFSET $5`,
      [f.institutionIds, f.collectionId ?? null, f.status ?? null, limit, offset],
    );
  }

  async items(shipmentId: string, manager?: EntityManager): Promise<ItemRow[]> {
    return this.m(manager).query(
      `SELECT ${ITEM} FROM rotation.shipment_items i WHERE i.shipment_id = $1 ORDER BY i.barcode`,
      [shipmentId],
    );
  }

  async counts(shipmentId: string, manager?: EntityManager): Promise<Record<ItemState, number>> {
    const rows: { state: ItemState; n: number }[] = await this.m(manager).query(
      `SELECT state, count(*)::int AS n FROM rotation.shipment_items WHERE shipment_id = $1 GROUP BY state`,
      [shipmentId],
    );
    const out = { packed: 0, to_follow: 0, received: 0, missing: 0, damaged: 0 };
    for (const r of rows) out[r.state] = r.n;
    return out;
  }

  /** Packed copies still to be scanned (shipment_items_packed_idx reads only those). */
  async outstanding(m: EntityManager, shipmentId: string): Promise<number> {
    const [row]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM rotation.shipment_items WHERE shipment_id = $1 AND state = 'packed'`,
      [shipmentId],
    );
    return row!.n;
  }

  /** The shipment with its collection's owner, in one read (the access check of every scan). */
  async findWithOwner(id: string): Promise<(ShipmentRow & { ownerInstitutionId: string }) | undefined> {
    const [row] = await this.ds.query(
      `SELECT ${COLUMNS}, c.owner_institution_id AS "ownerInstitutionId" FROM rotation.shipments s
       JOIN rotation.collections c ON c.id = s.collection_id WHERE s.id = $1`,
      [id],
    );
    return row;
  }

  async unexpected(
    shipmentId: string,
    manager?: EntityManager,
  ): Promise<{ barcode: string; copyId: string | null; scannedAt: Date }[]> {
    return this.m(manager).query(
      `SELECT barcode, copy_id AS "copyId", scanned_at AS "scannedAt" FROM rotation.unexpected_scans WHERE shipment_id = $1 ORDER BY scanned_at, barcode`,
      [shipmentId],
    );
  }

  async setState(
    m: EntityManager,
    id: string,
    patch: { status: ShipmentStatus; by: string | null; at: Date },
  ): Promise<void> {
    const col = patch.status === 'in_transit' ? 'dispatched' : 'closed';
    await m.query(`UPDATE rotation.shipments SET status = $2, ${col}_at = $3, ${col}_by = $4 WHERE id = $1`, [
      id,
      patch.status,
      patch.at,
      patch.by,
    ]);
  }

  async firstReceived(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE rotation.shipments SET first_received_at = $2 WHERE id = $1 AND first_received_at IS NULL`, [
      id,
      at,
    ]);
  }

  /** Packed items whose copy could not leave (lent meanwhile) follow later. */
  async markToFollow(m: EntityManager, shipmentId: string, copyIds: string[]): Promise<void> {
    if (!copyIds.length) return;
    await m.query(
      `UPDATE rotation.shipment_items SET state = 'to_follow' WHERE shipment_id = $1 AND copy_id = ANY($2::uuid[]) AND state = 'packed'`,
      [shipmentId, copyIds],
    );
  }

  /**
   * Receive packed items by barcode: the rows are locked in copy order first (overlapping lists cannot deadlock) and
   * each changes once (a concurrent scan of the same barcode waits, then finds it received). Returns the copies received by this call.
   */
  async receive(
    m: EntityManager,
    shipmentId: string,
    barcodes: string[],
    at: Date,
    by: string,
  ): Promise<{ copyId: string; barcode: string }[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ copyId: string; barcode: string }[], number] = await m.query(
      `WITH l AS (SELECT copy_id FROM rotation.shipment_items WHERE shipment_id = $1 AND upper(barcode) = ANY($2::text[]) AND state = 'packed' ORDER BY copy_id FOR UPDATE)
       UPDATE rotation.shipment_items i SET state = 'received', received_at = $3, received_by = $4
       FROM l WHERE i.shipment_id = $1 AND i.copy_id = l.copy_id AND i.state = 'packed' RETURNING i.copy_id AS "copyId", i.barcode`,
      [shipmentId, barcodes, at, by],
    );
    return rows;
  }

  /** States of the items with these barcodes (upper-cased keys). */
  async statesOf(m: EntityManager, shipmentId: string, barcodes: string[]): Promise<Map<string, ItemState>> {
    const rows: { barcode: string; state: ItemState }[] = await m.query(
      `SELECT upper(barcode) AS barcode, state FROM rotation.shipment_items WHERE shipment_id = $1 AND upper(barcode) = ANY($2::text[])`,
      [shipmentId, barcodes],
    );
    return new Map(rows.map((r) => [r.barcode, r.state]));
  }

  async addUnexpected(
    m: EntityManager,
    shipmentId: string,
    scans: { barcode: string; copyId: string | null }[],
    by: string,
  ): Promise<void> {
    if (!scans.length) return;
    await m.query(
      `INSERT INTO rotation.unexpected_scans (shipment_id, barcode, copy_id, scanned_by) SELECT $1, u.barcode, u.copy_id, $4 FROM unnest($2::text[], $3::uuid[]) AS u(barcode, copy_id)
       ON CONFLICT ON CONSTRAINT unexpected_scans_pkey DO NOTHING`,
      [shipmentId, scans.map((s) => s.barcode), scans.map((s) => s.copyId), by],
    );
  }

  /** Close: packed items become missing; every item leaves the open set. Returns the missing copies. */
  async closeItems(m: EntityManager, shipmentId: string): Promise<string[]> {
    const [rows]: [{ copyId: string }[], number] = await m.query(
      `UPDATE rotation.shipment_items SET state = CASE WHEN state = 'packed' THEN 'missing' ELSE state END, open = false
       WHERE shipment_id = $1 RETURNING CASE WHEN state = 'missing' THEN copy_id END AS "copyId"`,
      [shipmentId],
    );
    return rows.map((r) => r.copyId).filter((x): x is string => !!x);
  }

  async markDamaged(
    m: EntityManager,
    shipmentId: string,
    damaged: { barcode: string; note: string }[],
  ): Promise<{ copyId: string; barcode: string }[]> {
    if (!damaged.length) return [];
    const [rows]: [{ copyId: string; barcode: string }[], number] = await m.query(
      `UPDATE rotation.shipment_items i SET state = 'damaged', note = u.note FROM unnest($2::text[], $3::text[]) AS u(barcode, note)
       WHERE i.shipment_id = $1 AND upper(i.barcode) = u.barcode AND i.state = 'received' RETURNING i.copy_id AS "copyId", i.barcode`,
      [shipmentId, damaged.map((d) => d.barcode), damaged.map((d) => d.note)],
    );
    return rows;
  }

  /** Per collection and stage: shipments received and copies delivered (received or damaged). */
  async deliveredByStage(collectionIds: string[]): Promise<
    {
      collectionId: string;
      stageId: string | null;
      toInstitutionId: string;
      shipments: number;
      copies: number;
      firstReceivedAt: Date | null;
    }[]
  > {
    return this.ds.query(
      `SELECT s.collection_id AS "collectionId", s.stage_id AS "stageId", s.to_institution_id AS "toInstitutionId", count(DISTINCT s.id)::int AS shipments,
              count(i.copy_id) FILTER (WHERE i.state IN ('received', 'damaged'))::int AS copies, min(s.first_received_at) AS "firstReceivedAt"
       FROM rotation.shipments s LEFT JOIN rotation.shipment_items i ON i.shipment_id = s.id
       WHERE s.collection_id = ANY($1::uuid[]) AND s.first_received_at IS NOT NULL GROUP BY 1, 2, 3`,
      [collectionIds],
    );
  }

  /** Per host and year of receipt: collections received and copies delivered, for collections owned by these institutions (null: all). */
  async deliveredByHostYear(
    owners: string[] | null,
    range: { from?: string; to?: string },
  ): Promise<{ institutionId: string; year: number; collections: number; copies: number }[]> {
    return this.ds.query(
      `SELECT s.to_institution_id AS "institutionId", extract(year FROM s.first_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS year,
              count(DISTINCT s.collection_id)::int AS collections, count(i.copy_id) FILTER (WHERE i.state IN ('received', 'damaged'))::int AS copies
       FROM rotation.shipments s JOIN rotation.collections c ON c.id = s.collection_id LEFT JOIN rotation.shipment_items i ON i.shipment_id = s.id
       WHERE s.first_received_at IS NOT NULL AND s.stage_id IS NOT NULL AND ($1::uuid[] IS NULL OR c.owner_institution_id = ANY($1))
         AND ($2::date IS NULL OR (s.first_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= $2) AND ($3::date IS NULL OR (s.first_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= $3)
       GROUP BY 1, 2 ORDER BY 2, 1`,
      [owners, range.from ?? null, range.to ?? null],
    );
  }

  /** Per year and host (among these): the first receipt day and copies delivered, for stages (not returns home). */
  async deliveredToHosts(
    hostIds: string[],
    fromYear: number,
    toYear: number,
  ): Promise<{ year: number; institutionId: string; day: string; copies: number }[]> {
    return this.ds.query(
      `SELECT extract(year FROM s.first_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS year, s.to_institution_id AS "institutionId",
              min((s.first_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)::text AS day,
              count(i.copy_id) FILTER (WHERE i.state IN ('received', 'damaged'))::int AS copies
       FROM rotation.shipments s LEFT JOIN rotation.shipment_items i ON i.shipment_id = s.id
       WHERE s.stage_id IS NOT NULL AND s.first_received_at IS NOT NULL AND s.to_institution_id = ANY($1::uuid[])
         AND extract(year FROM s.first_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') BETWEEN $2 AND $3
       GROUP BY 1, 2`,
      [hostIds, fromYear, toYear],
    );
  }

  async releaseItems(m: EntityManager, shipmentId: string): Promise<void> {
    await m.query(`UPDATE rotation.shipment_items SET open = false WHERE shipment_id = $1`, [shipmentId]);
  }
}
