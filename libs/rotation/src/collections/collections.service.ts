import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CopiesService } from '@suotdoi/catalogue';
import { isUniqueViolation, type Page, type Principal } from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { RotationErrors } from '../rotation.errors.js';
import { CollectionsRepository, type CollectionRow, type JourneyRow } from './collections.repository.js';

/** How a collection is made up: copies by subject, language and audience. */
export interface CollectionMakeup {
  bySubject: { key: string; copies: number }[];
  byLanguage: { key: string; copies: number }[];
  byAudience: { key: string; copies: number }[];
}

export interface CollectionCopy {
  copyId: string;
  recordId: string;
  barcode: string;
  title: string;
  callNumber: string | null;
  status: string;
  locationInstitutionId: string;
  baseInstitutionId: string;
}

const list = (xs: string[]) => xs.slice(0, 20).join(', ') + (xs.length > 20 ? ` (+${xs.length - 20})` : '');
const clean = (s: string) => s.normalize('NFC').trim();
const constraintOf = (e: unknown) => (e as { driverError?: { constraint?: string } }).driverError?.constraint;

function tally(keys: string[]): { key: string; copies: number }[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m]
    .map(([key, copies]) => ({ key, copies }))
    .sort((a, b) => b.copies - a.copies || a.key.localeCompare(b.key, 'vi'));
}

/**
 * Rotating collections (bộ sách luân chuyển): a named batch of the owner's copies. Copies are added and removed by
 * barcode lists, all or nothing; the database keeps a copy in at most one active collection
 * (collection_copies_one_active_uq), so of two racing additions one wins and the other gets
 * rotation/copy_in_another_collection.
 */
@Injectable()
export class CollectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: CollectionsRepository,
    private readonly copies: CopiesService,
    private readonly access: RotationAccess,
  ) {}

  async create(
    p: Principal,
    input: {
      ownerInstitutionId: string;
      name: string;
      notes?: string | null;
      themes?: string[];
      kind?: 'rotating' | 'deposit';
    },
  ): Promise<CollectionRow> {
    if (!this.access.manages(p, input.ownerInstitutionId))
      throw RotationErrors.institutionNotServed({ institutionId: input.ownerInstitutionId });
    const name = clean(input.name);
    const id = await this.ds
      .transaction((m) =>
        this.repo.insert(m, {
          ownerInstitutionId: input.ownerInstitutionId,
          name,
          notes: input.notes ? clean(input.notes) : null,
          themes: (input.themes ?? []).map(clean),
          kind: input.kind ?? 'rotating',
          by: p.accountId,
        }),
      )
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? RotationErrors.collectionNameTaken({ name }) : e;
      });
    return (await this.repo.find(id))!;
  }

  /** A collection the caller may read: owner's or host's staff, network administrators of either; else 404. */
  async visible(p: Principal, id: string, manager?: EntityManager): Promise<CollectionRow> {
    const c = await this.repo.find(id, manager);
    if (
      !c ||
      !(
        this.access.staffAt(p, c.ownerInstitutionId, c.currentInstitutionId) ||
        (await this.access.administers(p, c.ownerInstitutionId, c.currentInstitutionId))
      )
    ) {
      throw RotationErrors.collectionNotFound();
    }
    return c;
  }

  /** A collection the caller manages (owner's circulation staff); others who may see it get 403, the rest 404. */
  async managed(p: Principal, id: string, m: EntityManager, lock = false): Promise<CollectionRow> {
    const c = await this.repo.find(id, m, lock);
    if (!c) throw RotationErrors.collectionNotFound();
    if (!this.access.manages(p, c.ownerInstitutionId)) {
      // Staff who may see it learn they lack the role (no directory query: this may run inside a transaction).
      if (this.access.staffAt(p, c.ownerInstitutionId, c.currentInstitutionId)) {
        throw RotationErrors.roleRequired({ side: 'the owning institution', sideVi: 'cơ sở sở hữu' });
      }
      throw RotationErrors.collectionNotFound();
    }
    return c;
  }

  async list(
    p: Principal,
    f: { institutionId?: string; status?: string },
    page: { limit: number; offset: number },
  ): Promise<Page<CollectionRow>> {
    let ids: string[] | null;
    if (f.institutionId) {
      if (!this.access.staffAt(p, f.institutionId) && !(await this.access.administers(p, f.institutionId)))
        throw RotationErrors.institutionNotServed({ institutionId: f.institutionId });
      ids = [f.institutionId];
    } else if (p.systemAdmin) ids = null;
    else
      ids = [
        ...new Set([
          ...p.staff.map((s) => s.institutionId),
          ...((await this.access.jurisdictionInstitutions(p)) ?? []),
        ]),
      ];
    const { rows, total } = await this.repo.list({ institutionIds: ids, status: f.status }, page.limit, page.offset);
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  async update(
    p: Principal,
    id: string,
    patch: { name?: string; notes?: string | null; themes?: string[] },
  ): Promise<CollectionRow> {
    const name = patch.name !== undefined ? clean(patch.name) : undefined;
    await this.ds
      .transaction(async (m) => {
        const c = await this.managed(p, id, m, true);
        if (c.status === 'retired') throw RotationErrors.collectionRetired();
        await this.repo.update(m, id, {
          name,
          notes: patch.notes === undefined ? undefined : patch.notes && clean(patch.notes),
          themes: patch.themes?.map(clean),
        });
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? RotationErrors.collectionNameTaken({ name }) : e;
      });
    return (await this.repo.find(id))!;
  }

  /** Retire a collection that is home and not travelling: its copies leave it (and may join another). */
  async retire(p: Principal, id: string): Promise<CollectionRow> {
    await this.ds.transaction(async (m) => {
      const c = await this.managed(p, id, m, true);
      if (c.status === 'retired') return;
      const members = await this.repo.members(id, m);
      if (
        c.currentInstitutionId !== c.ownerInstitutionId ||
        (
          await this.repo.travelling(
            m,
            members.map((x) => x.copyId),
          )
        ).length
      )
        throw RotationErrors.collectionAway();
      await this.repo.remove(
        m,
        id,
        members.map((x) => x.copyId),
        p.accountId,
        c.ownerInstitutionId,
      );
      await this.repo.update(m, id, { status: 'retired' });
    });
    return (await this.repo.find(id))!;
  }

  /**
   * Add copies by barcode, all or nothing: unknown barcodes (422 rotation/unknown_barcodes), copies of another owner
   * (422), copies already in an active collection (409) refuse the whole list. Copies already in this one are skipped.
   */
  async addCopies(p: Principal, id: string, barcodes: string[]): Promise<{ added: string[]; alreadyIn: string[] }> {
    return this.ds
      .transaction(async (m) => {
        const c = await this.managed(p, id, m, true);
        if (c.status === 'retired') throw RotationErrors.collectionRetired();
        const wanted = [...new Set(barcodes.map((b) => clean(b).toUpperCase()))];
        const found = await this.copies.withRecords({ barcodes: wanted }, m);
        const byBarcode = new Map(found.map((x) => [x.barcode.toUpperCase(), x]));
        const unknown = wanted.filter((b) => !byBarcode.has(b));
        if (unknown.length) throw RotationErrors.unknownBarcodes({ list: list(unknown), barcodes: unknown });
        const foreign = found.filter((x) => x.homeInstitutionId !== c.ownerInstitutionId).map((x) => x.barcode);
        if (foreign.length) throw RotationErrors.notOwnersCopies({ list: list(foreign), barcodes: foreign });
        const active = await this.repo.activeFor(
          m,
          found.map((x) => x.id),
        );
        const elsewhere = active.filter((a) => a.collectionId !== id).map((a) => a.barcode);
        if (elsewhere.length)
          throw RotationErrors.copiesInAnotherCollection({ list: list(elsewhere), barcodes: elsewhere });
        const here = new Set(active.map((a) => a.copyId));
        const fresh = found.filter((x) => !here.has(x.id));
        await this.repo.add(
          m,
          id,
          fresh.map((x) => ({ id: x.id, recordId: x.recordId, barcode: x.barcode })),
          p.accountId,
          c.currentInstitutionId,
        );
        return {
          added: fresh.map((x) => x.barcode),
          alreadyIn: found.filter((x) => here.has(x.id)).map((x) => x.barcode),
        };
      })
      .catch((e: unknown) => {
        // The loser of a race with another collection's addition.
        if (isUniqueViolation(e) && constraintOf(e) === 'collection_copies_one_active_uq')
          throw RotationErrors.copiesInAnotherCollection({ list: list(barcodes), barcodes });
        throw e;
      });
  }

  /** Remove copies by barcode (all or nothing); copies in a shipment still open cannot leave. */
  async removeCopies(p: Principal, id: string, barcodes: string[]): Promise<{ removed: string[] }> {
    return this.ds.transaction(async (m) => {
      const c = await this.managed(p, id, m, true);
      const wanted = [...new Set(barcodes.map((b) => clean(b).toUpperCase()))];
      const found = await this.copies.withRecords({ barcodes: wanted }, m);
      const unknown = wanted.filter((b) => !found.some((x) => x.barcode.toUpperCase() === b));
      if (unknown.length) throw RotationErrors.unknownBarcodes({ list: list(unknown), barcodes: unknown });
      const active = new Set(
        (
          await this.repo.activeFor(
            m,
            found.map((x) => x.id),
          )
        )
          .filter((a) => a.collectionId === id)
          .map((a) => a.copyId),
      );
      const outside = found.filter((x) => !active.has(x.id)).map((x) => x.barcode);
      if (outside.length) throw RotationErrors.copiesNotInCollection({ list: list(outside), barcodes: outside });
      const travelling = await this.repo.travelling(
        m,
        found.map((x) => x.id),
      );
      if (travelling.length) throw RotationErrors.copiesTravelling({ list: list(travelling), barcodes: travelling });
      await this.repo.remove(
        m,
        id,
        found.map((x) => x.id),
        p.accountId,
        c.currentInstitutionId,
      );
      // A copy that leaves a collection away from home belongs at home again.
      await this.copies.moveBase(
        found.map((x) => x.id),
        c.ownerInstitutionId,
        m,
      );
      return { removed: found.map((x) => x.barcode) };
    });
  }

  /** The copies of a collection with title, call number, status and where they are. */
  async copiesOf(
    p: Principal,
    id: string,
  ): Promise<{ collection: CollectionRow; copies: CollectionCopy[]; makeup: CollectionMakeup }> {
    const collection = await this.visible(p, id);
    const members = await this.repo.members(id);
    const rows = await this.copies.withRecords({ ids: members.map((x) => x.copyId) }, this.ds.manager);
    rows.sort((a, b) => a.barcode.localeCompare(b.barcode));
    return {
      collection,
      copies: rows.map((r) => ({
        copyId: r.id,
        recordId: r.recordId,
        barcode: r.barcode,
        title: r.title,
        callNumber: r.callNumber,
        status: r.status,
        locationInstitutionId: r.locationInstitutionId,
        baseInstitutionId: r.baseInstitutionId,
      })),
      makeup: {
        bySubject: tally(rows.flatMap((r) => (r.subjects.length ? r.subjects : ['—']))),
        byLanguage: tally(rows.map((r) => r.language)),
        byAudience: tally(rows.map((r) => r.audience)),
      },
    };
  }

  /** Ids of the collections owned by these institutions (null: all). */
  idsOwnedBy(owners: string[] | null): Promise<string[]> {
    return this.repo.idsOwnedBy(owners);
  }

  /** Every step of a copy's travels with this collection (the copy's journey). */
  async journey(p: Principal, id: string, barcode: string): Promise<JourneyRow[]> {
    await this.visible(p, id);
    const [copy] = await this.copies.withRecords({ barcodes: [barcode] }, this.ds.manager);
    if (!copy) throw RotationErrors.unknownBarcodes({ list: barcode, barcodes: [barcode] });
    return this.repo.journeyOf(copy.id, [id]);
  }
}
