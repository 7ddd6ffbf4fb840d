import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  isDomainError,
  JURISDICTION_DIRECTORY,
  OutboxService,
  TasksService,
  type DomainError,
  type JurisdictionDirectory,
  type Principal,
  type TaskContext,
  type TaskView,
} from '@suotdoi/platform';
import { assertCataloguer, cataloguingInstitutions, pickInstitution } from '../access.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import type { RecordInput } from '../catalogue.types.js';
import { CopiesRepository } from '../copies/copies.repository.js';
import { queueIndexChange } from '../indexing/search-outbox.js';
import { RecordsRepository } from '../records/records.repository.js';
import { RecordsService } from '../records/records.service.js';
import { MarcApplyTask, type MarcApplyPayload, type MarcApplyResult } from './marc-apply.task.js';
import { readHoldings, readSubjectHeadings, type MarcHolding, type SubjectHeading } from './marc-holdings.js';
import { fromMarc, MarcMappingError } from './marc-mapping.js';
import { readIso2709, readMarcXml, sniffMarc, type MarcFormat, type ReadResult } from './marc-reader.js';

/** A batch holds at most this many records. */
export const MARC_MAX_RECORDS = 10_000;
/** Largest MARC upload, in bytes. */
export const MARC_MAX_BYTES = 50 * 1024 * 1024;

export type MatchRule = 'overlay' | 'skip';
/** What happened (or will happen) to one record of a batch. */
export const ITEM_OUTCOMES = ['pending', 'invalid', 'created', 'overlaid', 'skipped', 'failed'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** Why something of a batch was refused, in English and Vietnamese. */
export interface ImportError {
  code: string;
  message: string;
  messageVi: string;
}

/** What happened (or will happen) to one holding (852/952) of a record: a copy created, already there, or refused. */
export const HOLDING_OUTCOMES = ['pending', 'created', 'exists', 'refused'] as const;
export type HoldingOutcome = (typeof HOLDING_OUTCOMES)[number];

/** One holding of a staged record, with the institutions its library codes stand for and its outcome. */
export interface ImportHoldingReport extends Omit<MarcHolding, 'problem'> {
  institutionId: string | null;
  locationInstitutionId: string | null;
  outcome: HoldingOutcome;
  copyId: string | null;
  error: ImportError | null;
}

export interface ImportItemReport {
  position: number;
  title: string | null;
  controlNumber: string | null;
  isbns: string[];
  outcome: ItemOutcome;
  recordId: string | null;
  matchedOn: 'control_number' | 'isbn' | null;
  error: ImportError | null;
  holdings: ImportHoldingReport[];
}

export interface ImportReport {
  id: string;
  institutionId: string;
  format: MarcFormat;
  onMatch: MatchRule;
  status: 'staged' | 'applied';
  runs: number;
  createdAt: Date;
  appliedAt: Date | null;
  counts: Record<ItemOutcome, number>;
  holdingCounts: Record<HoldingOutcome, number>;
  items: ImportItemReport[];
}

const asImportError = (e: DomainError): ImportError => ({ code: e.code, message: e.message, messageVi: e.messageVi });

const MEDIA: Record<string, MarcFormat> = {
  'application/marc': 'iso2709',
  'application/marc21': 'iso2709',
  'application/marcxml+xml': 'marcxml',
  'application/xml': 'marcxml',
  'text/xml': 'marcxml',
};

/**
 * MARC 21 import in two steps. `stage` reads the file, maps each record and stores it with the match it would
 * get (the preview); bad records are kept with their reason. Applying is a task (`startApply`, run by
 * MarcApplyHandler): it creates, overlays or skips each record in its own transaction with its outcome, so one
 * failure never stops the rest; applying again is safe (records created by an earlier run are matched, not duplicated).
 */
@Injectable()
export class MarcImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: RecordsRepository,
    private readonly recordsService: RecordsService,
    private readonly copies: CopiesRepository,
    private readonly outbox: OutboxService,
    private readonly tasks: TasksService,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  /** The format an upload is in, from its Content-Type or, for octet-stream, its first bytes. */
  formatOf(contentType: string | undefined, body: Buffer): MarcFormat {
    const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const f = MEDIA[media] ?? (media === 'application/octet-stream' || media === '' ? sniffMarc(body) : undefined);
    if (!f) throw CatalogueErrors.marcFormatUnknown();
    return f;
  }

  async stage(
    principal: Principal | undefined,
    input: {
      institutionId?: string;
      onMatch: MatchRule;
      contentType?: string;
      body: Buffer;
      fileName?: string;
      /** Library codes of the file's holdings (852 $a, 952 $a/$b) → institution ids. */
      libraryCodes?: Record<string, string>;
    },
  ): Promise<ImportReport> {
    const institutionId = pickInstitution(principal, input.institutionId);
    await this.recordsService.assertInstitutionExists(institutionId);
    const libraries = await this.codeTable(input.libraryCodes ?? {});
    if (!input.body.length) throw CatalogueErrors.marcUnreadable({ reason: 'the upload is empty' });
    const format = this.formatOf(input.contentType, input.body);
    const read: ReadResult[] =
      format === 'iso2709' ? readIso2709(input.body) : await readMarcXml(input.body.toString('utf8'));
    if (read.length > MARC_MAX_RECORDS) throw CatalogueErrors.marcTooManyRecords({ max: MARC_MAX_RECORDS });
    if (!read.some((r) => 'record' in r)) {
      const first = read.find((r) => 'error' in r) as { error: string } | undefined;
      throw CatalogueErrors.marcUnreadable({
        reason: first?.error ?? (format === 'marcxml' ? 'no <record> element found' : 'no record terminator found'),
      });
    }
    const mine = cataloguingInstitutions(principal);
    const firstSeen = new Map<string, number>();
    const items = read.map((r) => {
      const item = this.stageItem(r);
      const holdings =
        item.data && !item.error ? this.stageHoldings(item.holdings, r.position, libraries, mine, firstSeen) : [];
      return { ...item, holdings };
    });
    const id = await this.ds.transaction(async (m) => {
      const [batch]: { id: string }[] = await m.query(
        `INSERT INTO catalogue.marc_import_batches (institution_id, format, on_match, file_name, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [institutionId, format, input.onMatch, input.fileName ?? null, principal?.accountId ?? null],
      );
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        await m.query(
          `INSERT INTO catalogue.marc_import_items (batch_id, position, data, control_number, isbns, title, outcome, error_code, error_message,
                                                    error_message_vi, holdings, subject_headings)
           SELECT $1, x.position, x.data, x.control_number, x.isbns, x.title, x.outcome, x.error_code, x.error_message,
                  x.error_message_vi, x.holdings, x.subject_headings
           FROM jsonb_to_recordset($2::jsonb) AS x(position int, data jsonb, control_number text, isbns text[], title text, outcome text,
                                                  error_code text, error_message text, error_message_vi text, holdings jsonb, subject_headings jsonb)`,
          [
            batch.id,
            JSON.stringify(
              chunk.map((it) => ({
                position: it.position,
                data: it.data,
                control_number: it.data?.controlNumber ?? null,
                isbns: it.data?.isbns ?? [],
                title: it.data?.title ?? null,
                outcome: it.error ? 'invalid' : 'pending',
                error_code: it.error?.code ?? null,
                error_message: it.error?.message ?? null,
                error_message_vi: it.error?.messageVi ?? null,
                holdings: it.holdings,
                subject_headings: it.subjectHeadings,
              })),
            ),
          ],
        );
      }
      return batch.id;
    });
    await this.previewMatches(id);
    return this.report(principal, id);
  }

  /** Map one read record: its data, holdings and subject headings, or why it cannot be used. */
  private stageItem(r: ReadResult): {
    position: number;
    data: RecordInput | null;
    error: ImportError | null;
    holdings: MarcHolding[];
    subjectHeadings: SubjectHeading[];
  } {
    const none = { holdings: [], subjectHeadings: [] };
    if ('error' in r)
      return {
        position: r.position,
        data: null,
        error: asImportError(CatalogueErrors.marcUnreadableRecord({ position: r.position, reason: r.error })),
        ...none,
      };
    try {
      const mapped = fromMarc(r.record);
      const rest = { holdings: readHoldings(r.record), subjectHeadings: readSubjectHeadings(r.record) };
      if (mapped.invalidIsbns.length)
        return {
          position: r.position,
          data: mapped.input,
          error: asImportError(CatalogueErrors.marcInvalidIsbns({ isbns: mapped.invalidIsbns.join(', ') })),
          ...rest,
        };
      return { position: r.position, data: mapped.input, error: null, ...rest };
    } catch (e) {
      const missingTitle = e instanceof MarcMappingError && e.reason === 'missing_title';
      const error = CatalogueErrors.marcUnusableRecord({
        position: r.position,
        reason: (e as Error).message,
        reasonVi: missingTitle ? 'thiếu nhan đề (trường 245 $a)' : 'dữ liệu không theo chuẩn MARC 21',
      });
      return { position: r.position, data: null, error: asImportError(error), ...none };
    }
  }

  /**
   * Resolve a record's holdings against the code table and decide now what can be refused without the database: a
   * holding without a usable barcode, price or date, an unknown library code, a library the importer does not
   * catalogue for, a barcode already met earlier in the file. Barcodes already in the catalogue are found on apply.
   */
  private stageHoldings(
    holdings: MarcHolding[],
    position: number,
    libraries: Map<string, { id: string; name: string }>,
    mine: string[] | undefined,
    firstSeen: Map<string, number>,
  ): ImportHoldingReport[] {
    return holdings.map(({ problem, ...h }) => {
      const home = h.libraryCode ? libraries.get(h.libraryCode.toUpperCase()) : undefined;
      const at = h.locationCode ? libraries.get(h.locationCode.toUpperCase()) : undefined;
      let error: DomainError | null = problem ? CatalogueErrors[problem.error](problem.details) : null;
      if (!error && !home) error = CatalogueErrors.marcUnknownLibraryCode({ code: h.libraryCode, barcode: h.barcode });
      else if (!error && h.locationCode && !at)
        error = CatalogueErrors.marcUnknownLibraryCode({ code: h.locationCode, barcode: h.barcode });
      else if (!error && mine && !mine.includes(home!.id))
        error = CatalogueErrors.marcLibraryNotYours({ barcode: h.barcode, name: home!.name });
      if (!error) {
        const key = h.barcode!.toUpperCase();
        const first = firstSeen.get(key);
        if (first !== undefined) error = CatalogueErrors.marcDuplicateBarcodeInFile({ barcode: h.barcode, first });
        else firstSeen.set(key, position);
      }
      return {
        ...h,
        institutionId: home?.id ?? null,
        locationInstitutionId: at?.id ?? home?.id ?? null,
        outcome: error ? 'refused' : 'pending',
        copyId: null,
        error: error ? asImportError(error) : null,
      };
    });
  }

  /** The importer's code table, checked: every institution it names exists (with its name, for messages). */
  private async codeTable(table: Record<string, string>): Promise<Map<string, { id: string; name: string }>> {
    const ids = [...new Set(Object.values(table))];
    const names = new Map(
      ids.length && this.directory ? (await this.directory.describeInstitutions(ids)).map((i) => [i.id, i.name]) : [],
    );
    const out = new Map<string, { id: string; name: string }>();
    for (const [code, id] of Object.entries(table)) {
      if (this.directory && !names.has(id)) throw CatalogueErrors.marcUnknownCodeTableInstitution({ code, id });
      out.set(code.trim().toUpperCase(), { id, name: names.get(id) ?? id });
    }
    return out;
  }

  /**
   * Create the copies of an applied record's pending holdings, inside the item's transaction. A barcode already on a
   * copy of this record is reported as there (a re-import); on another record's copy, refused. The insert itself
   * decides (ON CONFLICT on the unique barcode index), so concurrent imports never create one barcode twice.
   */
  private async applyHoldings(
    m: EntityManager,
    recordId: string,
    holdings: ImportHoldingReport[],
  ): Promise<ImportHoldingReport[]> {
    let created = 0;
    const out: ImportHoldingReport[] = [];
    for (const h of holdings) {
      if (h.outcome !== 'pending') {
        out.push(h);
        continue;
      }
      const copyId = await this.copies.insertIfNew(m, {
        recordId,
        barcode: h.barcode!,
        homeInstitutionId: h.institutionId!,
        locationInstitutionId: h.locationInstitutionId ?? h.institutionId!,
        locationServicePointId: null,
        shelfLocation: h.shelfLocation,
        callNumber: h.callNumber,
        itemType: 'book',
        status: 'available',
        acquiredOn: h.acquiredOn,
        priceVnd: h.priceVnd,
        source: 'purchase',
        sourceNote: null,
      });
      if (copyId) {
        created++;
        out.push({ ...h, outcome: 'created', copyId });
        continue;
      }
      const existing = await this.copies.findByBarcode(h.barcode!, m);
      if (existing?.recordId === recordId) {
        out.push({ ...h, outcome: 'exists', copyId: existing.id });
        continue;
      }
      const other = existing ? await this.records.find(existing.recordId, m) : undefined;
      const error = CatalogueErrors.marcBarcodeOnOtherRecord({ barcode: h.barcode, title: other?.title ?? '' });
      out.push({ ...h, outcome: 'refused', error: asImportError(error) });
    }
    if (created) await queueIndexChange(this.outbox, m, [recordId], 'document');
    return out;
  }

  /**
   * Start applying a staged batch as a task (202: poll `GET /tasks/{id}`). Access is checked now; the task is readable
   * by the person who started it and by cataloguers of the batch's institution.
   */
  async startApply(principal: Principal | undefined, id: string): Promise<TaskView> {
    const batch = await this.batch(principal, id);
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM catalogue.marc_import_items WHERE batch_id = $1 AND outcome IN ('pending', 'failed')`,
      [id],
    );
    return this.tasks.start(
      MarcApplyTask,
      { batchId: id, systemAdmin: !!principal?.systemAdmin },
      { owner: principal!, scope: { institutionId: batch.institutionId, role: 'cataloguing' }, total: n },
    );
  }

  /**
   * Apply a staged batch (the task's work): each pending or failed item in its own transaction, which also writes the
   * item's outcome — a record is never created without its outcome, nor an outcome without its record. The item row is
   * locked and re-read first, so a retried or concurrent run never applies an item twice; applying again retries only
   * what failed. One statement finds the match (control number, else ISBN).
   */
  async applyBatch(p: MarcApplyPayload, ctx: Pick<TaskContext, 'progress'>): Promise<MarcApplyResult> {
    const [batch]: { institutionId: string; onMatch: MatchRule }[] = await this.ds.query(
      `SELECT institution_id AS "institutionId", on_match AS "onMatch" FROM catalogue.marc_import_batches WHERE id = $1`,
      [p.batchId],
    );
    if (!batch) throw CatalogueErrors.importNotFound({ id: p.batchId });
    const positions: { position: number }[] = await this.ds.query(
      `SELECT position FROM catalogue.marc_import_items WHERE batch_id = $1 AND outcome IN ('pending', 'failed') ORDER BY position`,
      [p.batchId],
    );
    let done = 0;
    for (const { position } of positions) {
      try {
        await this.ds.transaction(async (m) => {
          const [item]: {
            data: RecordInput;
            outcome: ItemOutcome;
            holdings: ImportHoldingReport[];
            subjectHeadings: SubjectHeading[];
          }[] = await m.query(
            `SELECT data, outcome, holdings, subject_headings AS "subjectHeadings"
             FROM catalogue.marc_import_items WHERE batch_id = $1 AND position = $2 FOR UPDATE`,
            [p.batchId, position],
          );
          if (!item || (item.outcome !== 'pending' && item.outcome !== 'failed')) return;
          const match = await this.records.findMatch(item.data.controlNumber ?? null, item.data.isbns, m);
          let outcome: ItemOutcome;
          let recordId: string;
          if (!match) {
            outcome = 'created';
            recordId = await this.recordsService.insertTrusted(m, batch.institutionId, item.data);
            await this.records.setSubjectHeadings(m, recordId, item.subjectHeadings);
          } else if (batch.onMatch === 'skip') {
            outcome = 'skipped';
            recordId = match.id;
          } else {
            if (match.ownerInstitutionId !== batch.institutionId && !p.systemAdmin)
              throw CatalogueErrors.notYourInstitution({ institutionId: match.ownerInstitutionId });
            await this.recordsService.overlayTrusted(m, match.id, item.data);
            await this.records.setSubjectHeadings(m, match.id, item.subjectHeadings);
            outcome = 'overlaid';
            recordId = match.id;
          }
          const holdings = await this.applyHoldings(m, recordId, item.holdings);
          await this.setOutcome(m, p.batchId, position, outcome, recordId, match?.matchedOn ?? null, null, holdings);
        });
      } catch (e) {
        // The item's transaction rolled back: nothing of it was written. Record why (an unexpected error is retried by the next run).
        const error = asImportError(
          isDomainError(e) ? e : CatalogueErrors.marcApplyFailed({ reason: (e as Error).message }),
        );
        await this.setOutcome(this.ds.manager, p.batchId, position, 'failed', null, null, error);
      }
      await ctx.progress(++done, positions.length);
    }
    await this.ds.query(
      `UPDATE catalogue.marc_import_batches SET status = 'applied', runs = runs + 1, applied_at = now() WHERE id = $1`,
      [p.batchId],
    );
    const counts = Object.fromEntries(ITEM_OUTCOMES.map((o) => [o, 0])) as Record<ItemOutcome, number>;
    for (const r of (await this.ds.query(
      `SELECT outcome, count(*)::int AS n FROM catalogue.marc_import_items WHERE batch_id = $1 GROUP BY outcome`,
      [p.batchId],
    )) as { outcome: ItemOutcome; n: number }[])
      counts[r.outcome] = r.n;
    return { batchId: p.batchId, report: `/catalogue/marc/imports/${p.batchId}`, counts };
  }

  private async setOutcome(
    m: EntityManager,
    batchId: string,
    position: number,
    outcome: ItemOutcome,
    recordId: string | null,
    matchedOn: string | null,
    error: ImportError | null,
    holdings?: ImportHoldingReport[],
  ): Promise<void> {
    await m.query(
      `UPDATE catalogue.marc_import_items SET outcome = $3, record_id = $4, matched_on = $5, error_code = $6, error_message = $7,
              error_message_vi = $8, holdings = coalesce($9::jsonb, holdings)
       WHERE batch_id = $1 AND position = $2`,
      [
        batchId,
        position,
        outcome,
        recordId,
        matchedOn,
        error?.code ?? null,
        error?.message ?? null,
        error?.messageVi ?? null,
        holdings ? JSON.stringify(holdings) : null,
      ],
    );
  }

  async report(principal: Principal | undefined, id: string): Promise<ImportReport> {
    const b = await this.batch(principal, id);
    const items: ImportItemReport[] = (
      await this.ds.query(
        `SELECT position, title, control_number AS "controlNumber", isbns, outcome, record_id AS "recordId", matched_on AS "matchedOn",
                error_code AS "errorCode", error_message AS "errorMessage", error_message_vi AS "errorMessageVi", holdings
         FROM catalogue.marc_import_items WHERE batch_id = $1 ORDER BY position`,
        [id],
      )
    ).map(
      ({
        errorCode,
        errorMessage,
        errorMessageVi,
        ...it
      }: ImportItemReport & {
        errorCode: string | null;
        errorMessage: string | null;
        errorMessageVi: string | null;
      }) => ({
        ...it,
        error: errorCode
          ? { code: errorCode, message: errorMessage ?? '', messageVi: errorMessageVi ?? errorMessage ?? '' }
          : null,
      }),
    );
    const counts = { pending: 0, invalid: 0, created: 0, overlaid: 0, skipped: 0, failed: 0 } as Record<
      ItemOutcome,
      number
    >;
    for (const it of items) counts[it.outcome]++;
    const holdingCounts = Object.fromEntries(HOLDING_OUTCOMES.map((o) => [o, 0])) as Record<HoldingOutcome, number>;
    for (const it of items) for (const h of it.holdings) holdingCounts[h.outcome]++;
    return { ...b, counts, holdingCounts, items };
  }

  private async batch(principal: Principal | undefined, id: string) {
    const [b] = await this.ds.query(
      `SELECT id, institution_id AS "institutionId", format, on_match AS "onMatch", status, runs, created_at AS "createdAt", applied_at AS "appliedAt"
       FROM catalogue.marc_import_batches WHERE id = $1`,
      [id],
    );
    if (!b) throw CatalogueErrors.importNotFound({ id });
    try {
      assertCataloguer(principal, b.institutionId);
    } catch (e) {
      if (isDomainError(e) && e.code === CatalogueErrors.notYourInstitution.spec.code)
        throw CatalogueErrors.importNotFound({ id });
      throw e;
    }
    return b as Omit<ImportReport, 'counts' | 'items'>;
  }

  /** Stage-time preview: which existing record each item would match. */
  private async previewMatches(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE catalogue.marc_import_items i SET matched_on = CASE
          WHEN EXISTS (SELECT 1 FROM catalogue.records r WHERE r.control_number = i.control_number) THEN 'control_number'
          WHEN EXISTS (SELECT 1 FROM catalogue.records r WHERE r.isbns && i.isbns) THEN 'isbn' END
       WHERE i.batch_id = $1 AND i.outcome = 'pending'`,
      [id],
    );
  }
}
