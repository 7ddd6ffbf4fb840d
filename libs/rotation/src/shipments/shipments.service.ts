import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CopiesService } from '@suotdoi/catalogue';
import {
  Clock,
  JURISDICTION_DIRECTORY,
  isUniqueViolation,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { CollectionsRepository } from '../collections/collections.repository.js';
import { CollectionsService } from '../collections/collections.service.js';
import { ItinerariesService } from '../itineraries/itineraries.service.js';
import { RotationErrors } from '../rotation.errors.js';
import {
  ShipmentsRepository,
  type ItemRow,
  type ItemState,
  type ShipmentRow,
  type ShipmentStatus,
} from './shipments.repository.js';

export interface ShipmentView extends ShipmentRow {
  collectionName: string;
  fromName: string | null;
  toName: string | null;
  counts: Record<ItemState, number>;
  items: ItemRow[];
  unexpected: { barcode: string; copyId: string | null; scannedAt: Date }[];
}

export interface ReceiptResult {
  received: string[];
  alreadyReceived: string[];
  /** Copies of the shipment not yet back from a loan: they arrive through circulation (check-in routes them here). */
  toFollow: string[];
  /** Barcodes not in the shipment (kept on the shipment for staff, never lost). */
  unexpected: string[];
  /** Packed copies still to be scanned. */
  outstanding: number;
}

export const SHIPMENT_STATUS_VI: Record<ShipmentStatus, string> = {
  preparing: 'đang chuẩn bị',
  in_transit: 'đang trên đường',
  closed: 'đã đóng',
  cancelled: 'đã hủy',
};
const ACTION_VI = { dispatched: 'gửi đi', received: 'nhận', closed: 'đóng', cancelled: 'hủy' } as const;
const norm = (b: string) => b.normalize('NFC').trim().toUpperCase();
const list = (xs: string[]) => xs.slice(0, 20).join(', ') + (xs.length > 20 ? ` (+${xs.length - 20})` : '');

/**
 * Shipments (đợt luân chuyển) as a state machine: preparing → in_transit (dispatched: copies in transit, their base
 * moved to the host, the manifest frozen) → closed (unreceived copies missing in transit, damage recorded); a shipment
 * still being prepared may be cancelled. Each transition locks the shipment row and acts only from the state it
 * expects, so of two racing dispatches one happens and the other gets rotation/shipment_state (409); a collection has
 * one open shipment (shipments_one_open_per_collection_uq) and a copy one open shipment item
 * (shipment_items_one_open_per_copy_uq). Receipts take a key-share lock on the shipment (closing waits for them) and
 * lock the scanned items in order, so a barcode scanned twice at once is received once.
 */
@Injectable()
export class ShipmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ShipmentsRepository,
    private readonly collectionRows: CollectionsRepository,
    private readonly collections: CollectionsService,
    private readonly itineraries: ItinerariesService,
    private readonly copies: CopiesService,
    private readonly access: RotationAccess,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  /**
   * Prepare the collection's next shipment: to the next stage of its itinerary (home after a one-way itinerary's
   * last stage). Copies present at the sender are packed; copies on loan, on a hold shelf or in transit follow later.
   */
  async prepare(p: Principal, collectionId: string, note?: string | null): Promise<ShipmentView> {
    // A cyclical itinerary starting a new round gets its dates (host calendars) before the transaction.
    const probe = await this.collections.managed(p, collectionId, this.ds.manager);
    const round = await this.itineraries.nextRound(collectionId, probe.ownerInstitutionId);
    const id = await this.ds
      .transaction(async (m) => {
        const c = await this.collections.managed(p, collectionId, m, true);
        if (c.status === 'retired') throw RotationErrors.collectionRetired();
        const next = await this.itineraries.nextStage(m, collectionId, round);
        if (!next || (!next.stage && c.currentInstitutionId === c.ownerInstitutionId))
          throw RotationErrors.noNextStage();
        const to = next.stage
          ? { institutionId: next.stage.hostInstitutionId, servicePointId: next.stage.hostServicePointId }
          : { institutionId: c.ownerInstitutionId, servicePointId: null };
        const members = await this.collectionRows.members(collectionId, m);
        const copies = await this.copies.withRecords({ ids: members.map((x) => x.copyId) }, m);
        const items = copies.flatMap((x) => {
          const state: ItemState | undefined =
            x.status === 'available' && x.locationInstitutionId === c.currentInstitutionId
              ? 'packed'
              : ['on_loan', 'on_hold_shelf', 'in_transit'].includes(x.status)
                ? 'to_follow'
                : undefined;
          return state
            ? [
                {
                  copyId: x.id,
                  recordId: x.recordId,
                  barcode: x.barcode,
                  title: x.title,
                  callNumber: x.callNumber,
                  state,
                },
              ]
            : [];
        });
        if (!items.length) throw RotationErrors.nothingToShip({ from: c.currentInstitutionId });
        const id = await this.repo.insert(m, {
          collectionId,
          stageId: next.stage?.id ?? null,
          from: c.currentInstitutionId,
          to: to.institutionId,
          toServicePointId: to.servicePointId,
          by: p.accountId,
          note: note?.normalize('NFC').trim() || null,
        });
        await this.repo.insertItems(m, id, items);
        return id;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw RotationErrors.shipmentOpen();
        throw e;
      });
    return this.view(id);
  }

  /** Dispatch: packed copies go in transit (a copy lent since it was packed follows later), bases move to the host. */
  async dispatch(p: Principal, id: string): Promise<ShipmentView> {
    const s = await this.visible(p, id);
    const c = await this.collectionRows.find(s.collectionId);
    if (!this.access.manages(p, c!.ownerInstitutionId) && !this.access.manages(p, s.fromInstitutionId))
      throw RotationErrors.roleRequired({ side: 'the sender', sideVi: 'nơi gửi' });
    await this.ds.transaction(async (m) => {
      const locked = (await this.repo.find(id, m, 'update'))!;
      if (locked.status !== 'preparing')
        throw RotationErrors.shipmentState({
          status: locked.status,
          statusVi: SHIPMENT_STATUS_VI[locked.status],
          action: 'dispatched',
          actionVi: ACTION_VI.dispatched,
        });
      const now = this.clock.now();
      const items = await this.repo.items(id, m);
      const packed = items.filter((i) => i.state === 'packed').map((i) => i.copyId);
      const moved = new Set(await this.copies.changeStatusMany(packed, 'in_transit', ['available'], { manager: m }));
      const follow = [
        ...packed.filter((x) => !moved.has(x)),
        ...items.filter((i) => i.state === 'to_follow').map((i) => i.copyId),
      ];
      await this.repo.markToFollow(
        m,
        id,
        packed.filter((x) => !moved.has(x)),
      );
      // Every copy of the shipment now belongs at the host: a loan returned anywhere is routed there.
      await this.copies.moveBase(
        items.map((i) => i.copyId),
        locked.toInstitutionId,
        m,
      );
      await this.repo.setState(m, id, { status: 'in_transit', by: p.accountId, at: now });
      await this.collectionRows.journey(m, [...moved], {
        collectionId: locked.collectionId,
        shipmentId: id,
        event: 'dispatched',
        institutionId: locked.fromInstitutionId,
        by: p.accountId,
      });
      await this.collectionRows.journey(m, follow, {
        collectionId: locked.collectionId,
        shipmentId: id,
        event: 'to_follow',
        institutionId: locked.fromInstitutionId,
        by: p.accountId,
      });
      await this.collectionRows.moveTo(m, locked.collectionId, locked.toInstitutionId, locked.stageId);
      const itinerary = locked.stageId ? (await this.itineraries.stage(locked.stageId, m))!.itineraryId : undefined;
      const open = itinerary ?? (await this.itineraries.openFor(m, locked.collectionId))?.id;
      if (open) await this.itineraries.departed(m, open, locked.stageId, now);
    });
    return this.view(id);
  }

  /** The host scans barcodes (one or a list), idempotently; barcodes not in the shipment are kept as unexpected. */
  async receive(p: Principal, id: string, barcodes: string[]): Promise<ReceiptResult> {
    const s = await this.visible(p, id);
    if (!this.access.manages(p, s.toInstitutionId))
      throw RotationErrors.roleRequired({ side: 'the receiving host', sideVi: 'nơi nhận' });
    const wanted = [...new Set(barcodes.map(norm))];
    return this.ds.transaction(async (m) => {
      const locked = (await this.repo.find(id, m, 'share'))!;
      if (locked.status !== 'in_transit')
        throw RotationErrors.shipmentState({
          status: locked.status,
          statusVi: SHIPMENT_STATUS_VI[locked.status],
          action: 'received',
          actionVi: ACTION_VI.received,
        });
      const now = this.clock.now();
      const got = await this.repo.receive(m, id, wanted, now, p.accountId);
      const ids = got.map((g) => g.copyId);
      await this.copies.changeStatusMany(ids, 'available', ['in_transit'], {
        manager: m,
        location: { institutionId: locked.toInstitutionId, servicePointId: locked.toServicePointId },
      });
      const gotSet = new Set(got.map((g) => g.barcode.toUpperCase()));
      const rest = wanted.filter((b) => !gotSet.has(b));
      const states = rest.length ? await this.repo.statesOf(m, id, rest) : new Map<string, ItemState>();
      const strangers = rest.filter((b) => !states.has(b));
      if (strangers.length) {
        const known = await this.copies.withRecords({ barcodes: strangers }, m);
        const byCode = new Map(known.map((k) => [k.barcode.toUpperCase(), k.id]));
        await this.repo.addUnexpected(
          m,
          id,
          strangers.map((b) => ({ barcode: b.slice(0, 40), copyId: byCode.get(b) ?? null })),
          p.accountId,
        );
        await this.collectionRows.journey(m, [...new Set(known.map((k) => k.id))], {
          collectionId: locked.collectionId,
          shipmentId: id,
          event: 'unexpected',
          institutionId: locked.toInstitutionId,
          by: p.accountId,
        });
      }
      if (ids.length) {
        await this.collectionRows.journey(m, ids, {
          collectionId: locked.collectionId,
          shipmentId: id,
          event: 'received',
          institutionId: locked.toInstitutionId,
          by: p.accountId,
        });
        if (!locked.firstReceivedAt) {
          await this.repo.firstReceived(m, id, now);
          if (locked.stageId) await this.itineraries.arrived(m, locked.stageId, now);
        }
      }
      const outstanding = await this.repo.outstanding(m, id);
      return {
        received: got.map((g) => g.barcode),
        alreadyReceived: rest.filter((b) => states.get(b) === 'received' || states.get(b) === 'damaged'),
        toFollow: rest.filter((b) => states.get(b) === 'to_follow'),
        unexpected: strangers,
        outstanding,
      };
    });
  }

  /**
   * Close a shipment in transit (the host, or the owner): copies never scanned become missing in transit (catalogue
   * status lost; the shipment lists them to follow up), damage on received copies is recorded.
   */
  async close(
    p: Principal,
    id: string,
    input: { damaged?: { barcode: string; note: string }[]; note?: string | null },
  ): Promise<ShipmentView> {
    const s = await this.visible(p, id);
    const c = (await this.collectionRows.find(s.collectionId))!;
    if (!this.access.manages(p, s.toInstitutionId) && !this.access.manages(p, c.ownerInstitutionId))
      throw RotationErrors.roleRequired({ side: 'the host or the owner', sideVi: 'nơi nhận hoặc cơ sở sở hữu' });
    await this.ds.transaction(async (m) => {
      const locked = (await this.repo.find(id, m, 'update'))!;
      if (locked.status !== 'in_transit')
        throw RotationErrors.shipmentState({
          status: locked.status,
          statusVi: SHIPMENT_STATUS_VI[locked.status],
          action: 'closed',
          actionVi: ACTION_VI.closed,
        });
      const now = this.clock.now();
      const damage = (input.damaged ?? []).map((d) => ({
        barcode: norm(d.barcode),
        note: d.note.normalize('NFC').trim(),
      }));
      const damaged = await this.repo.markDamaged(m, id, damage);
      const notReceived = damage
        .filter((d) => !damaged.some((x) => x.barcode.toUpperCase() === d.barcode))
        .map((d) => d.barcode);
      if (notReceived.length) throw RotationErrors.notDamaged({ list: list(notReceived), barcodes: notReceived });
      await this.copies.changeStatusMany(
        damaged.map((d) => d.copyId),
        'damaged',
        ['available', 'on_loan', 'on_hold_shelf'],
        { manager: m },
      );
      for (const d of damaged) {
        await this.collectionRows.journey(m, [d.copyId], {
          collectionId: locked.collectionId,
          shipmentId: id,
          event: 'damaged',
          institutionId: locked.toInstitutionId,
          by: p.accountId,
          note: damage.find((x) => x.barcode === d.barcode.toUpperCase())?.note,
        });
      }
      const missing = await this.repo.closeItems(m, id);
      await this.copies.changeStatusMany(missing, 'lost', ['in_transit'], { manager: m });
      await this.collectionRows.journey(m, missing, {
        collectionId: locked.collectionId,
        shipmentId: id,
        event: 'missing',
        institutionId: locked.fromInstitutionId,
        by: p.accountId,
        note: input.note ?? null,
      });
      await this.repo.setState(m, id, { status: 'closed', by: p.accountId, at: now });
    });
    return this.view(id);
  }

  /** Call off a shipment still being prepared (nothing has moved). */
  async cancel(p: Principal, id: string): Promise<ShipmentView> {
    const s = await this.visible(p, id);
    const c = (await this.collectionRows.find(s.collectionId))!;
    if (!this.access.manages(p, c.ownerInstitutionId) && !this.access.manages(p, s.fromInstitutionId))
      throw RotationErrors.roleRequired({ side: 'the sender', sideVi: 'nơi gửi' });
    await this.ds.transaction(async (m) => {
      const locked = (await this.repo.find(id, m, 'update'))!;
      if (locked.status !== 'preparing')
        throw RotationErrors.shipmentState({
          status: locked.status,
          statusVi: SHIPMENT_STATUS_VI[locked.status],
          action: 'cancelled',
          actionVi: ACTION_VI.cancelled,
        });
      await this.repo.releaseItems(m, id);
      await this.repo.setState(m, id, { status: 'cancelled', by: p.accountId, at: this.clock.now() });
    });
    return this.view(id);
  }

  async get(p: Principal, id: string): Promise<ShipmentView> {
    await this.visible(p, id);
    return this.view(id);
  }

  async list(
    p: Principal,
    f: { institutionId?: string; collectionId?: string; status?: string },
    page: { limit: number; offset: number },
  ): Promise<ShipmentRow[]> {
    if (f.collectionId) await this.collections.visible(p, f.collectionId);
    let ids: string[] | null;
    if (f.institutionId) {
      if (!this.access.staffAt(p, f.institutionId) && !(await this.access.administers(p, f.institutionId)))
        throw RotationErrors.institutionNotServed({ institutionId: f.institutionId });
      ids = [f.institutionId];
    } else if (p.systemAdmin || f.collectionId) ids = null;
    else
      ids = [
        ...new Set([
          ...p.staff.map((s) => s.institutionId),
          ...((await this.access.jurisdictionInstitutions(p)) ?? []),
        ]),
      ];
    return this.repo.list(
      { institutionIds: ids, collectionId: f.collectionId, status: f.status },
      page.limit,
      page.offset,
    );
  }

  /** Staff at either end or of the owner, administrators of any of them; else 404. */
  private async visible(p: Principal, id: string): Promise<ShipmentRow> {
    const s = await this.repo.findWithOwner(id);
    if (!s) throw RotationErrors.shipmentNotFound();
    const ends = [s.fromInstitutionId, s.toInstitutionId, s.ownerInstitutionId];
    if (!this.access.staffAt(p, ...ends) && !(await this.access.administers(p, ...ends)))
      throw RotationErrors.shipmentNotFound();
    return s;
  }

  /** The shipment with its items, with no access check (the worker rendering its documents). */
  async find(id: string): Promise<ShipmentView | undefined> {
    return (await this.repo.find(id)) ? this.view(id) : undefined;
  }

  async view(id: string): Promise<ShipmentView> {
    const s = (await this.repo.find(id))!;
    const [c, counts, items, unexpected, names] = await Promise.all([
      this.collectionRows.find(s.collectionId),
      this.repo.counts(id),
      this.repo.items(id),
      this.repo.unexpected(id),
      this.directory.describeInstitutions([s.fromInstitutionId, s.toInstitutionId]),
    ]);
    const name = (x: string) => names.find((n) => n.id === x)?.name ?? null;
    return {
      ...s,
      collectionName: c!.name,
      fromName: name(s.fromInstitutionId),
      toName: name(s.toInstitutionId),
      counts,
      items,
      unexpected,
    };
  }
}
