import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Availability, SearchDocument } from '@suotdoi/platform';
import type { BibRecord, RecordInput } from '../catalogue.types.js';
import type { SubjectHeading } from '../marc/marc-holdings.js';

export const RECORD_COLUMNS = `r.id, r.control_number AS "controlNumber", r.owner_institution_id AS "ownerInstitutionId", r.title, r.subtitle,
  r.responsibility, r.authors, r.publisher, r.place, r.year, r.edition, r.isbns, r.language, r.subjects, r.ddc, r.series, r.summary,
  r.audience, r.accessible_formats AS "accessibleFormats", r.local_content AS "localContent", (r.cover_key IS NOT NULL) AS "hasCover",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.version`;

const INPUT_COLUMNS: [keyof RecordInput, string, string?][] = [
  ['controlNumber', 'control_number'],
  ['title', 'title'],
  ['subtitle', 'subtitle'],
  ['responsibility', 'responsibility'],
  ['authors', 'authors', 'jsonb'],
  ['publisher', 'publisher'],
  ['place', 'place'],
  ['year', 'year'],
  ['edition', 'edition'],
  ['isbns', 'isbns', 'text[]'],
  ['language', 'language'],
  ['subjects', 'subjects', 'text[]'],
  ['ddc', 'ddc'],
  ['series', 'series'],
  ['summary', 'summary'],
  ['audience', 'audience'],
  ['accessibleFormats', 'accessible_formats', 'text[]'],
  ['localContent', 'local_content'],
];

const value = (k: keyof RecordInput, v: unknown) => (k === 'authors' ? JSON.stringify(v) : v);

/** The only place that queries catalogue.records (and builds search documents from records, copies and files). */
@Injectable()
export class RecordsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(manager: EntityManager, ownerInstitutionId: string, r: RecordInput): Promise<string> {
    const cols = INPUT_COLUMNS.map(([, c]) => c);
    const params = INPUT_COLUMNS.map(([k]) => value(k, r[k] ?? null));
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO catalogue.records (owner_institution_id, ${cols.join(', ')})
       VALUES ($1, ${INPUT_COLUMNS.map(([, , cast], i) => `$${i + 2}${cast ? `::${cast}` : ''}`).join(', ')}) RETURNING id`,
      [
        ownerInstitutionId,
        ...params.map((p, i) =>
          p === null && ['authors', 'isbns', 'subjects', 'accessibleFormats'].includes(INPUT_COLUMNS[i][0])
            ? INPUT_COLUMNS[i][0] === 'authors'
              ? '[]'
              : []
            : p,
        ),
      ],
    );
    return row.id;
  }

  /** Keep the MARC subject headings a record was imported with (what an export writes its subjects back as). */
  async setSubjectHeadings(manager: EntityManager, id: string, headings: SubjectHeading[]): Promise<void> {
    await manager.query(`UPDATE catalogue.records SET subject_headings = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(headings),
    ]);
  }

  /** The MARC subject headings of records, by record id (records imported without any are left out). */
  async subjectHeadings(ids: string[]): Promise<Map<string, SubjectHeading[]>> {
    if (!ids.length) return new Map();
    const rows: { id: string; headings: SubjectHeading[] }[] = await this.ds.query(
      `SELECT id, subject_headings AS headings FROM catalogue.records WHERE id = ANY($1::uuid[]) AND subject_headings <> '[]'`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.headings]));
  }

  /** Apply a patch; returns false when `expectedVersion` no longer matches. */
  async update(
    manager: EntityManager,
    id: string,
    patch: Partial<RecordInput>,
    expectedVersion?: number,
  ): Promise<boolean> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [k, c, cast] of INPUT_COLUMNS) {
      if (patch[k] === undefined) continue;
      params.push(value(k, patch[k]));
      sets.push(`${c} = $${params.length}${cast ? `::${cast}` : ''}`);
    }
    let guard = '';
    if (expectedVersion !== undefined) {
      params.push(expectedVersion);
      guard = ` AND version = $${params.length}`;
    }
    const res: [unknown[], number] = await manager.query(
      `UPDATE catalogue.records SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1${guard}`,
      params,
    );
    return res[1] > 0;
  }

  async setCover(manager: EntityManager, id: string, key: string | null, mediaType: string | null): Promise<void> {
    await manager.query(
      `UPDATE catalogue.records SET cover_key = $2, cover_media_type = $3, updated_at = now(), version = version + 1 WHERE id = $1`,
      [id, key, mediaType],
    );
  }

  async cover(id: string): Promise<{ key: string; mediaType: string } | undefined> {
    const [row] = await this.ds.query(
      `SELECT cover_key AS key, cover_media_type AS "mediaType" FROM catalogue.records WHERE id = $1 AND cover_key IS NOT NULL`,
      [id],
    );
    return row;
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<BibRecord | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT ${RECORD_COLUMNS} FROM catalogue.records r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findMany(ids: string[]): Promise<BibRecord[]> {
    if (!ids.length) return [];
    return this.ds.query(
      `SELECT ${RECORD_COLUMNS} FROM catalogue.records r WHERE r.id = ANY($1::uuid[]) ORDER BY r.created_at, r.id`,
      [ids],
    );
  }

  async findByIsbns(isbns: string[], manager?: EntityManager): Promise<BibRecord[]> {
    if (!isbns.length) return [];
    return this.m(manager).query(
      `SELECT ${RECORD_COLUMNS} FROM catalogue.records r WHERE r.isbns && $1::text[] ORDER BY r.created_at, r.id`,
      [isbns],
    );
  }

  /**
   * The record an imported record matches, in one statement: by control number first, else the oldest sharing an ISBN.
   * Undefined when none does.
   */
  async findMatch(
    controlNumber: string | null,
    isbns: string[],
    manager?: EntityManager,
  ): Promise<(BibRecord & { matchedOn: 'control_number' | 'isbn' }) | undefined> {
    if (!controlNumber && !isbns.length) return undefined;
    const [row] = await this.m(manager).query(
      `SELECT ${RECORD_COLUMNS}, CASE WHEN r.control_number = $1 THEN 'control_number' ELSE 'isbn' END AS "matchedOn"
       FROM catalogue.records r WHERE r.control_number = $1 OR r.isbns && $2::text[]
       ORDER BY r.control_number = $1 DESC NULLS LAST, r.created_at, r.id LIMIT 1`,
      [controlNumber, isbns],
    );
    return row;
  }

  async findByControlNumber(controlNumber: string, manager?: EntityManager): Promise<BibRecord | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT ${RECORD_COLUMNS} FROM catalogue.records r WHERE r.control_number = $1`,
      [controlNumber],
    );
    return row;
  }

  async holdingsCount(id: string, manager: EntityManager): Promise<number> {
    const [row] = await manager.query(
      `SELECT (SELECT count(*) FROM catalogue.copies WHERE record_id = $1 AND status <> 'withdrawn')
            + (SELECT count(*) FROM catalogue.digital_resources WHERE record_id = $1) AS n`,
      [id],
    );
    return Number(row.n);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM catalogue.copies WHERE record_id = $1 AND status = 'withdrawn'`, [id]);
    await manager.query(`DELETE FROM catalogue.records WHERE id = $1`, [id]);
  }

  /** Records in creation order after `after` (keyset), for exports and rebuilds. */
  async idsAfter(after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM catalogue.records WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Search documents of the given records (records that no longer exist are left out). */
  async searchDocuments(ids: string[], manager?: EntityManager): Promise<SearchDocument[]> {
    if (!ids.length) return [];
    const rows: DocRow[] = await this.m(manager).query(
      `SELECT r.id, r.title, r.subtitle, r.authors, r.publisher, r.year, r.isbns, r.language, r.subjects, r.series, r.summary, r.ddc,
              r.local_content AS "localContent", r.accessible_formats AS "accessibleFormats", r.audience,
              (r.cover_key IS NOT NULL) AS "hasCover", r.created_at AS "createdAt",
              coalesce(c.holders, '{}') AS holders, coalesce(c.shelf, '{}') AS shelf, coalesce(c.n, 0)::int AS copies,
              coalesce(d.kinds, '{}') AS kinds, coalesce(d.owners, '{}') AS owners, coalesce(d.online, false) AS online
       FROM catalogue.records r
       LEFT JOIN LATERAL (
         SELECT array_agg(DISTINCT base_institution_id::text) AS holders,
                array_agg(DISTINCT location_institution_id::text) FILTER (WHERE status = 'available') AS shelf, count(*) AS n
         FROM catalogue.copies WHERE record_id = r.id AND status <> 'withdrawn') c ON true
       LEFT JOIN LATERAL (
         SELECT array_agg(DISTINCT kind) AS kinds, array_agg(DISTINCT institution_id::text) AS owners, bool_or(access = 'open') AS online
         FROM catalogue.digital_resources WHERE record_id = r.id AND file_key IS NOT NULL) d ON true
       WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toDocument);
  }
}

interface DocRow {
  id: string;
  title: string;
  subtitle: string | null;
  authors: { name: string }[];
  publisher: string | null;
  year: number | null;
  isbns: string[];
  language: string;
  subjects: string[];
  series: string | null;
  summary: string | null;
  ddc: string | null;
  localContent: boolean;
  accessibleFormats: string[];
  audience: SearchDocument['audience'];
  hasCover: boolean;
  createdAt: Date;
  holders: string[];
  shelf: string[];
  copies: number;
  kinds: string[];
  owners: string[];
  online: boolean;
}

function toDocument(r: DocRow): SearchDocument {
  const availability: Availability[] = [];
  if (r.shelf.length) availability.push('on_shelf');
  if (r.online) availability.push('online');
  if (!availability.length) availability.push('unavailable');
  return {
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    authors: r.authors.map((a) => a.name),
    publisher: r.publisher,
    year: r.year,
    isbns: r.isbns,
    language: r.language,
    formats: [...(r.copies > 0 ? ['print_book'] : []), ...r.kinds, ...r.accessibleFormats],
    audience: r.audience,
    subjects: r.subjects,
    series: r.series,
    summary: r.summary ? r.summary.slice(0, 1000) : null,
    ddc: r.ddc,
    localContent: r.localContent,
    institutionIds: [...new Set([...r.holders, ...r.owners])].sort(),
    availableAt: [...r.shelf].sort(),
    availability,
    hasCover: r.hasCover,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
