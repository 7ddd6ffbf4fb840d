import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isDomainError, TasksService, type Principal, type TaskContext, type TaskView } from '@suotdoi/platform';
import { assertCataloguer, pickInstitution } from '../access.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import type { RecordInput } from '../catalogue.types.js';
import { RecordsRepository } from '../records/records.repository.js';
import { RecordsService } from '../records/records.service.js';
import { MarcApplyTask, type MarcApplyPayload, type MarcApplyResult } from './marc-apply.task.js';
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

export interface ImportItemReport {
  position: number;
  title: string | null;
  controlNumber: string | null;
  isbns: string[];
  outcome: ItemOutcome;
  recordId: string | null;
  matchedOn: 'control_number' | 'isbn' | null;
  error: { code: string; message: string } | null;
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
  items: ImportItemReport[];
}

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
    private readonly tasks: TasksService,
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
    input: { institutionId?: string; onMatch: MatchRule; contentType?: string; body: Buffer; fileName?: string },
  ): Promise<ImportReport> {
    const institutionId = pickInstitution(principal, input.institutionId);
    await this.recordsService.assertInstitutionExists(institutionId);
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
    const items = read.map((r) => {
      if ('error' in r)
        return { position: r.position, data: null, error: { code: 'marc/unreadable_record', message: r.error } };
      try {
        const mapped = fromMarc(r.record);
        if (mapped.invalidIsbns.length)
          return {
            position: r.position,
            data: mapped.input,
            error: { code: 'catalogue/invalid_isbn', message: `invalid ISBN: ${mapped.invalidIsbns.join(', ')}` },
          };
        return { position: r.position, data: mapped.input, error: null };
      } catch (e) {
        const reason = e instanceof MarcMappingError ? e.message : (e as Error).message;
        return { position: r.position, data: null, error: { code: 'marc/unusable_record', message: reason } };
      }
    });
    const id = await this.ds.transaction(async (m) => {
      const [batch]: { id: string }[] = await m.query(
        `INSERT INTO catalogue.marc_import_batches (institution_id, format, on_match, file_name, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [institutionId, format, input.onMatch, input.fileName ?? null, principal?.accountId ?? null],
      );
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        await m.query(
          `INSERT INTO catalogue.marc_import_items (batch_id, position, data, control_number, isbns, title, outcome, error_code, error_message)
           SELECT $1, x.position, x.data, x.control_number, x.isbns, x.title, x.outcome, x.error_code, x.error_message
           FROM jsonb_to_recordset($2::jsonb) AS x(position int, data jsonb, control_number text, isbns text[], title text, outcome text, error_code text, error_message text)`,
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
          const [item]: { data: RecordInput; outcome: ItemOutcome }[] = await m.query(
            `SELECT data, outcome FROM catalogue.marc_import_items WHERE batch_id = $1 AND position = $2 FOR UPDATE`,
            [p.batchId, position],
          );
          if (!item || (item.outcome !== 'pending' && item.outcome !== 'failed')) return;
          const match = await this.records.findMatch(item.data.controlNumber ?? null, item.data.isbns, m);
          let outcome: ItemOutcome;
          let recordId: string;
          if (!match) {
            outcome = 'created';
            recordId = await this.recordsService.insertTrusted(m, batch.institutionId, item.data);
          } else if (batch.onMatch === 'skip') {
            outcome = 'skipped';
            recordId = match.id;
          } else {
            if (match.ownerInstitutionId !== batch.institutionId && !p.systemAdmin)
              throw CatalogueErrors.notYourInstitution({ institutionId: match.ownerInstitutionId });
            await this.recordsService.overlayTrusted(m, match.id, item.data);
            outcome = 'overlaid';
            recordId = match.id;
          }
          await this.setOutcome(m, p.batchId, position, outcome, recordId, match?.matchedOn ?? null, null);
        });
      } catch (e) {
        // The item's transaction rolled back: nothing of it was written. Record why (an unexpected error is retried by the next run).
        const error = isDomainError(e)
          ? { code: e.code, message: e.message }
          : { code: 'marc/apply_failed', message: (e as Error).message };
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
    error: { code: string; message: string } | null,
  ): Promise<void> {
    await m.query(
      `UPDATE catalogue.marc_import_items SET outcome = $3, record_id = $4, matched_on = $5, error_code = $6, error_message = $7
       WHERE batch_id = $1 AND position = $2`,
      [batchId, position, outcome, recordId, matchedOn, error?.code ?? null, error?.message ?? null],
    );
  }

  async report(principal: Principal | undefined, id: string): Promise<ImportReport> {
    const b = await this.batch(principal, id);
    const items: ImportItemReport[] = (
      await this.ds.query(
        `SELECT position, title, control_number AS "controlNumber", isbns, outcome, record_id AS "recordId", matched_on AS "matchedOn",
                error_code AS "errorCode", error_message AS "errorMessage"
         FROM catalogue.marc_import_items WHERE batch_id = $1 ORDER BY position`,
        [id],
      )
    ).map(
      ({
        errorCode,
        errorMessage,
        ...it
      }: ImportItemReport & { errorCode: string | null; errorMessage: string | null }) => ({
        ...it,
        error: errorCode ? { code: errorCode, message: errorMessage ?? '' } : null,
      }),
    );
    const counts = { pending: 0, invalid: 0, created: 0, overlaid: 0, skipped: 0, failed: 0 } as Record<
      ItemOutcome,
      number
    >;
    for (const it of items) counts[it.outcome]++;
    return { ...b, counts, items };
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
