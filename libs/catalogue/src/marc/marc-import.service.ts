import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isDomainError, type Principal } from '@suotdoi/platform';
import { assertCataloguer, pickInstitution } from '../access.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import type { RecordInput } from '../catalogue.types.js';
import { RecordsRepository } from '../records/records.repository.js';
import { RecordsService } from '../records/records.service.js';
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
 * get; bad records are kept with their reason. `apply` creates, overlays or skips each record in its own
 * transaction, so one failure never stops the rest; applying again is safe (records created by an earlier run
 * are matched, not duplicated).
 */
@Injectable()
export class MarcImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: RecordsRepository,
    private readonly recordsService: RecordsService,
  ) {}

  /** The format an upload is in, from its Content-Type or, for octet-stream, its first bytes. */
  formatOf(contentType: string | undefined, body: Buffer): MarcFormat {
    const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const f = MEDIA[media] ?? (media === 'application/octet-stream' || media === '' ? sniffMarc(body) : undefined);
    if (!f) throw CatalogueErrors.marcFormatUnknown();
    return f;
  }

  async stage(principal: Principal | undefined, input: { institutionId?: string; onMatch: MatchRule; contentType?: string; body: Buffer; fileName?: string }): Promise<ImportReport> {
    const institutionId = pickInstitution(principal, input.institutionId);
    await this.recordsService.assertInstitutionExists(institutionId);
    if (!input.body.length) throw CatalogueErrors.marcUnreadable({ reason: 'the upload is empty' });
    const format = this.formatOf(input.contentType, input.body);
    const read: ReadResult[] = format === 'iso2709' ? readIso2709(input.body) : await readMarcXml(input.body.toString('utf8'));
    if (read.length > MARC_MAX_RECORDS) throw CatalogueErrors.marcTooManyRecords({ max: MARC_MAX_RECORDS });
    if (!read.some((r) => 'record' in r)) {
      const first = read.find((r) => 'error' in r) as { error: string } | undefined;
      throw CatalogueErrors.marcUnreadable({ reason: first?.error ?? (format === 'marcxml' ? 'no <record> element found' : 'no record terminator found') });
    }
    const items = read.map((r) => {
      if ('error' in r) return { position: r.position, data: null, error: { code: 'marc/unreadable_record', message: r.error } };
      try {
        const mapped = fromMarc(r.record);
        if (mapped.invalidIsbns.length) return { position: r.position, data: mapped.input, error: { code: 'catalogue/invalid_isbn', message: `invalid ISBN: ${mapped.invalidIsbns.join(', ')}` } };
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
   * Apply a staged batch: each pending or failed item in its own transaction. Applying again retries only what
   * failed; items already created, overlaid or skipped are left as they are, so a re-run never duplicates.
   */
  async apply(principal: Principal | undefined, id: string): Promise<ImportReport> {
    const batch = await this.batch(principal, id);
    const items: { position: number; data: RecordInput }[] = await this.ds.query(
      `SELECT position, data FROM catalogue.marc_import_items WHERE batch_id = $1 AND outcome IN ('pending', 'failed') ORDER BY position`,
      [id],
    );
    for (const item of items) {
      let outcome: ItemOutcome;
      let recordId: string | null = null;
      let matchedOn: string | null = null;
      let error: { code: string; message: string } | null = null;
      try {
        ({ outcome, recordId, matchedOn } = await this.ds.transaction(async (m) => {
          const byControl = item.data.controlNumber ? await this.records.findByControlNumber(item.data.controlNumber, m) : undefined;
          const byIsbn = !byControl && item.data.isbns.length ? (await this.records.findByIsbns(item.data.isbns, m))[0] : undefined;
          const match = byControl ?? byIsbn;
          const on = byControl ? 'control_number' : byIsbn ? 'isbn' : null;
          if (!match) return { outcome: 'created' as const, recordId: await this.recordsService.insertTrusted(m, batch.institutionId, item.data), matchedOn: null };
          if (batch.onMatch === 'skip') return { outcome: 'skipped' as const, recordId: match.id, matchedOn: on };
          if (match.ownerInstitutionId !== batch.institutionId && !principal?.systemAdmin) {
            throw CatalogueErrors.notYourInstitution({ institutionId: match.ownerInstitutionId });
          }
          await this.recordsService.overlayTrusted(m, match.id, item.data);
          return { outcome: 'overlaid' as const, recordId: match.id, matchedOn: on };
        }));
      } catch (e) {
        outcome = 'failed';
        error = isDomainError(e) ? { code: e.code, message: e.message } : { code: 'marc/apply_failed', message: (e as Error).message };
      }
      await this.ds.query(
        `UPDATE catalogue.marc_import_items SET outcome = $3, record_id = $4, matched_on = $5, error_code = $6, error_message = $7
         WHERE batch_id = $1 AND position = $2`,
        [id, item.position, outcome, recordId, matchedOn, error?.code ?? null, error?.message ?? null],
      );
    }
    await this.ds.query(`UPDATE catalogue.marc_import_batches SET status = 'applied', runs = runs + 1, applied_at = now() WHERE id = $1`, [id]);
    return this.report(principal, id);
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
    ).map(({ errorCode, errorMessage, ...it }: ImportItemReport & { errorCode: string | null; errorMessage: string | null }) => ({ ...it, error: errorCode ? { code: errorCode, message: errorMessage ?? '' } : null }));
    const counts = { pending: 0, invalid: 0, created: 0, overlaid: 0, skipped: 0, failed: 0 } as Record<ItemOutcome, number>;
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
      if (isDomainError(e) && e.code === CatalogueErrors.notYourInstitution.spec.code) throw CatalogueErrors.importNotFound({ id });
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
