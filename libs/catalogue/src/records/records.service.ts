import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JURISDICTION_DIRECTORY, OutboxService, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { assertCataloguer, pickInstitution } from '../access.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import type { BibRecord, RecordInput } from '../catalogue.types.js';
import { queueIndexChange } from '../indexing/search-outbox.js';
import { CopiesRepository } from '../copies/copies.repository.js';
import { DigitalResourcesRepository } from '../digital/digital-resources.repository.js';
import { normalizeRecordInput } from './record-normalize.js';
import { RecordsRepository } from './records.repository.js';

export interface HoldingSummary {
  institutionId: string;
  institutionName: string | null;
  copies: number;
  available: number;
  callNumbers: string[];
}

/** Creates, edits and shows bibliographic records. Every change queues a search-index change in the same transaction. */
@Injectable()
export class RecordsService {
  private readonly nameCache = new Map<string, { name: string | null; until: number }>();
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: RecordsRepository,
    private readonly copies: CopiesRepository,
    private readonly digital: DigitalResourcesRepository,
    private readonly outbox: OutboxService,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async get(id: string): Promise<BibRecord> {
    const r = await this.records.find(id);
    if (!r) throw CatalogueErrors.recordNotFound({ id });
    return r;
  }

  /** Record page: the record, which institutions hold it and how many are on the shelf, and its digital resources. */
  async page(id: string) {
    const record = await this.get(id);
    const [holdings, digital] = await Promise.all([this.copies.holdings(id), this.digital.forRecord(id)]);
    const names = await this.names(holdings.map((h) => h.institutionId));
    const summary: HoldingSummary[] = holdings.map((h) => ({
      ...h,
      institutionName: names.get(h.institutionId) ?? null,
    }));
    return { record, holdings: summary, digitalResources: digital };
  }

  /** Institution names for display, cached for a minute (search pages ask for the same few on every request). */
  async names(ids: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => (this.nameCache.get(id)?.until ?? 0) < now);
    if (missing.length && this.directory) {
      if (this.nameCache.size > 20_000) this.nameCache.clear();
      const found = new Map((await this.directory.describeInstitutions(missing)).map((i) => [i.id, i.name]));
      for (const id of missing) this.nameCache.set(id, { name: found.get(id) ?? null, until: now + 60_000 });
    }
    const out = new Map<string, string>();
    for (const id of wanted) {
      const n = this.nameCache.get(id)?.name;
      if (n) out.set(id, n);
    }
    return out;
  }

  async create(
    principal: Principal | undefined,
    institutionId: string | undefined,
    input: RecordInput,
  ): Promise<BibRecord> {
    const owner = pickInstitution(principal, institutionId);
    await this.assertInstitutionExists(owner);
    const data = normalizeRecordInput(input);
    const id = await this.ds.transaction(async (m) => {
      await this.assertUnique(m, data);
      const id = await this.records.insert(m, owner, data);
      await queueIndexChange(this.outbox, m, [id], 'document');
      return id;
    });
    return this.get(id);
  }

  /** Create or replace by a trusted caller (MARC import, demo data) inside its transaction: no role check. */
  async insertTrusted(m: EntityManager, ownerInstitutionId: string, input: RecordInput): Promise<string> {
    const data = normalizeRecordInput(input);
    await this.assertUnique(m, data);
    const id = await this.records.insert(m, ownerInstitutionId, data);
    await queueIndexChange(this.outbox, m, [id], 'document');
    return id;
  }

  async overlayTrusted(m: EntityManager, id: string, input: RecordInput): Promise<void> {
    const data = normalizeRecordInput(input);
    await this.assertUnique(m, data, id);
    await this.records.update(m, id, data);
    await queueIndexChange(this.outbox, m, [id], 'document');
  }

  async update(
    principal: Principal | undefined,
    id: string,
    patch: Partial<RecordInput>,
    expectedVersion?: number,
  ): Promise<BibRecord> {
    const data = normalizeRecordInput(patch);
    await this.ds.transaction(async (m) => {
      const current = await this.records.find(id, m, true);
      if (!current) throw CatalogueErrors.recordNotFound({ id });
      assertCataloguer(principal, current.ownerInstitutionId);
      if (expectedVersion !== undefined && current.version !== expectedVersion)
        throw CatalogueErrors.staleVersion({ what: 'record', current: current.version });
      await this.assertUnique(m, data, id);
      await this.records.update(m, id, data);
      await queueIndexChange(this.outbox, m, [id], 'document');
    });
    return this.get(id);
  }

  async delete(principal: Principal | undefined, id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const current = await this.records.find(id, m, true);
      if (!current) throw CatalogueErrors.recordNotFound({ id });
      assertCataloguer(principal, current.ownerInstitutionId);
      if ((await this.records.holdingsCount(id, m)) > 0) throw CatalogueErrors.recordHasCopies({ id });
      await this.records.delete(m, id);
      await queueIndexChange(this.outbox, m, [id], 'document');
    });
  }

  async assertInstitutionExists(institutionId: string): Promise<void> {
    if (!this.directory) return;
    const loc = await this.directory.resolveLocation(institutionId);
    if (!loc || loc.servicePointId) throw CatalogueErrors.unknownLocation({ id: institutionId });
  }

  private async assertUnique(m: EntityManager, data: Partial<RecordInput>, selfId?: string): Promise<void> {
    if (data.isbns?.length) {
      const clash = (await this.records.findByIsbns(data.isbns, m)).find((r) => r.id !== selfId);
      if (clash)
        throw CatalogueErrors.duplicateIsbn({
          isbn: clash.isbns.find((i) => data.isbns!.includes(i)),
          recordId: clash.id,
        });
    }
    if (data.controlNumber) {
      const clash = await this.records.findByControlNumber(data.controlNumber, m);
      if (clash && clash.id !== selfId)
        throw CatalogueErrors.duplicateControlNumber({ controlNumber: data.controlNumber, recordId: clash.id });
    }
  }
}
