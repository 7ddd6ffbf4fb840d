import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  JURISDICTION_DIRECTORY,
  OutboxService,
  type JurisdictionDirectory,
  type Principal,
  isUniqueViolation,
} from '@suotdoi/platform';
import { assertCataloguer } from '../access.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import {
  COPY_STATUS_NAMES_VI,
  type Copy,
  type CopySource,
  type CopyStatus,
  type ItemType,
} from '../catalogue.types.js';
import { queueIndexChange } from '../indexing/search-outbox.js';
import { RecordsRepository } from '../records/records.repository.js';
import { CopiesRepository, type CopyRow } from './copies.repository.js';

export interface CopyInput {
  recordId: string;
  barcode: string;
  homeInstitutionId: string;
  /** Institution or service point where the copy is now (default: its home). */
  locationId?: string;
  shelfLocation?: string | null;
  callNumber?: string | null;
  itemType?: ItemType;
  status?: CopyStatus;
  acquiredOn?: string | null;
  priceVnd?: number | null;
  source?: CopySource;
  sourceNote?: string | null;
}

export type CopyPatch = Partial<Omit<CopyInput, 'recordId' | 'homeInstitutionId'>>;

/** Copies (bản sách): unique barcodes, home and current location, status. Status changes reach the search index. */
@Injectable()
export class CopiesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly copies: CopiesRepository,
    private readonly records: RecordsRepository,
    private readonly outbox: OutboxService,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async get(id: string, manager?: EntityManager): Promise<Copy> {
    const c = await this.copies.find(id, manager);
    if (!c) throw CatalogueErrors.copyNotFound({ id });
    return c;
  }

  async byBarcode(barcode: string, manager?: EntityManager): Promise<Copy> {
    const c = await this.copies.findByBarcode(barcode.trim(), manager);
    if (!c) throw CatalogueErrors.copyNotFound({ id: barcode });
    return c;
  }

  /** Copies by id or barcode with their record's title (what a patron notice names them by), in one query. */
  titles(
    keys: { ids?: string[]; barcodes?: string[] },
    manager?: EntityManager,
  ): Promise<{ id: string; barcode: string; recordId: string; title: string }[]> {
    return this.copies.titles(keys, manager);
  }

  forRecord(recordId: string): Promise<Copy[]> {
    return this.copies.forRecord(recordId);
  }

  /** Copies on the shelf at an institution (available and located there) of the given records, with titles (pull lists). */
  onShelf(institutionId: string, recordIds: string[]): Promise<(Copy & { title: string })[]> {
    return this.copies.onShelf(institutionId, recordIds);
  }

  async create(principal: Principal | undefined, input: CopyInput, manager?: EntityManager): Promise<Copy> {
    assertCataloguer(principal, input.homeInstitutionId);
    const home = await this.resolve(input.homeInstitutionId);
    if (home.servicePointId) throw CatalogueErrors.unknownLocation({ id: input.homeInstitutionId });
    const loc = input.locationId
      ? await this.resolve(input.locationId)
      : { institutionId: input.homeInstitutionId, servicePointId: null };
    const row: CopyRow = {
      recordId: input.recordId,
      barcode: input.barcode.trim(),
      homeInstitutionId: input.homeInstitutionId,
      locationInstitutionId: loc.institutionId,
      locationServicePointId: loc.servicePointId,
      shelfLocation: input.shelfLocation ?? null,
      callNumber: input.callNumber ?? null,
      itemType: input.itemType ?? 'book',
      status: input.status ?? 'available',
      acquiredOn: input.acquiredOn ?? null,
      priceVnd: input.priceVnd ?? null,
      source: input.source ?? 'purchase',
      sourceNote: input.sourceNote ?? null,
    };
    const run = async (m: EntityManager) => {
      if (!(await this.records.find(input.recordId, m))) throw CatalogueErrors.recordNotFound({ id: input.recordId });
      if (await this.copies.findByBarcode(row.barcode, m))
        throw CatalogueErrors.duplicateBarcode({ barcode: row.barcode });
      const id = await this.copies.insert(m, row).catch((e: unknown) => {
        throw isUniqueViolation(e) ? CatalogueErrors.duplicateBarcode({ barcode: row.barcode }) : e;
      });
      await queueIndexChange(this.outbox, m, [input.recordId], 'document');
      return id;
    };
    const id = manager ? await run(manager) : await this.ds.transaction(run);
    return manager ? (await this.copies.find(id, manager))! : this.get(id);
  }

  async update(
    principal: Principal | undefined,
    id: string,
    patch: CopyPatch,
    expectedVersion?: number,
  ): Promise<Copy> {
    await this.ds.transaction(async (m) => {
      const current = await this.copies.find(id, m, true);
      if (!current) throw CatalogueErrors.copyNotFound({ id });
      assertCataloguer(principal, current.homeInstitutionId);
      if (expectedVersion !== undefined && current.version !== expectedVersion)
        throw CatalogueErrors.staleVersion({ what: 'copy', current: current.version });
      if (patch.status && patch.status !== current.status) this.assertTransition(current.status, patch.status);
      const row: Partial<CopyRow> = { ...patch, locationId: undefined } as Partial<CopyRow>;
      delete (row as { locationId?: string }).locationId;
      if (patch.barcode) {
        row.barcode = patch.barcode.trim();
        const other = await this.copies.findByBarcode(row.barcode, m);
        if (other && other.id !== id) throw CatalogueErrors.duplicateBarcode({ barcode: row.barcode });
      }
      if (patch.locationId) {
        const loc = await this.resolve(patch.locationId);
        row.locationInstitutionId = loc.institutionId;
        row.locationServicePointId = loc.servicePointId;
      }
      await this.copies.update(m, id, row).catch((e: unknown) => {
        throw isUniqueViolation(e) ? CatalogueErrors.duplicateBarcode({ barcode: row.barcode }) : e;
      });
      await queueIndexChange(this.outbox, m, [current.recordId], 'document');
    });
    return this.get(id);
  }

  /**
   * Change a copy's status (and optionally where it is) — the entry point for circulation and rotation. Pass the
   * caller's transaction manager so the change and its search-index update commit together. No role check: the
   * caller has authorised the action. `location` (an institution and optionally one of its service points, known to
   * the caller: a desk's institution) is taken as is; `locationId` is looked up in the network directory, a query on
   * another connection, so never pass it inside a transaction.
   */
  async changeStatus(
    copyId: string,
    to: CopyStatus,
    opts: {
      manager?: EntityManager;
      locationId?: string;
      location?: { institutionId: string; servicePointId: string | null };
    } = {},
  ): Promise<Copy> {
    const loc = opts.location ?? (opts.locationId ? await this.resolve(opts.locationId) : undefined);
    const run = async (m: EntityManager) => {
      // One statement updates, locks and returns the copy; only a refusal needs a second look to say why.
      const changed = await this.copies.setStatus(m, copyId, {
        status: to,
        ...(loc && { locationInstitutionId: loc.institutionId, locationServicePointId: loc.servicePointId }),
      });
      if (!changed) {
        const current = await this.copies.find(copyId, m);
        if (!current) throw CatalogueErrors.copyNotFound({ id: copyId });
        this.assertTransition(current.status, to);
        throw new Error(`copy ${copyId}: status update refused from ${current.status} to ${to}`);
      }
      await queueIndexChange(this.outbox, m, [changed.recordId], 'availability');
      return changed;
    };
    return opts.manager ? run(opts.manager) : this.ds.transaction(run);
  }

  /**
   * Move copies' current base (the rotation module, as a collection goes to a host and comes home). Only through here:
   * catalogue owns home, base and status. Copies on loan move too (their return is routed to the new base). Pass the
   * caller's manager; search documents of the records are refreshed in the same transaction.
   */
  async moveBase(copyIds: string[], baseInstitutionId: string, manager: EntityManager): Promise<number> {
    const recordIds = await this.copies.setBase(manager, copyIds, baseInstitutionId);
    if (recordIds.length) await queueIndexChange(this.outbox, manager, recordIds, 'document');
    return recordIds.length;
  }

  /**
   * Change the status of many copies in one statement, only those now in one of `from` (rotation's dispatch and
   * receipt); returns the ids changed. `location` (an institution and optionally one of its service points, known to
   * the caller) moves them too: it is not looked up, so the call makes no query outside the caller's transaction.
   * No role check.
   */
  async changeStatusMany(
    copyIds: string[],
    to: CopyStatus,
    from: CopyStatus[],
    opts: { manager: EntityManager; location?: { institutionId: string; servicePointId: string | null } },
  ): Promise<string[]> {
    const changed = await this.copies.setStatusMany(opts.manager, copyIds, to, from, opts.location);
    if (changed.length)
      await queueIndexChange(
        this.outbox,
        opts.manager,
        changed.map((c) => c.recordId),
        'availability',
      );
    return changed.map((c) => c.id);
  }

  /**
   * Copies by id or barcode (any case) with the record fields rotation counts by (title, subjects, language,
   * audience, DDC); unknown ones are left out. `lock` takes the copies' row locks in the caller's transaction.
   */
  withRecords(
    keys: { ids?: string[]; barcodes?: string[] },
    manager: EntityManager,
    lock = false,
  ): Promise<(Copy & { title: string; subjects: string[]; language: string; audience: string; ddc: string | null })[]> {
    return this.copies.withRecords(manager, keys, lock);
  }

  /** Withdrawn is final (a withdrawn copy is never lent again); every other status may follow any other. */
  private assertTransition(from: CopyStatus, to: CopyStatus): void {
    if (from === 'withdrawn')
      throw CatalogueErrors.copyStatusTransition({
        from,
        to,
        fromVi: COPY_STATUS_NAMES_VI[from],
        toVi: COPY_STATUS_NAMES_VI[to],
      });
  }

  private async resolve(id: string): Promise<{ institutionId: string; servicePointId: string | null }> {
    if (!this.directory) return { institutionId: id, servicePointId: null };
    const loc = await this.directory.resolveLocation(id);
    if (!loc) throw CatalogueErrors.unknownLocation({ id });
    return loc;
  }
}
