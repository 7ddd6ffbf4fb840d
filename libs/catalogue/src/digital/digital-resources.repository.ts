import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DigitalAccess, DigitalKind, DigitalResource } from '../catalogue.types.js';

const COLUMNS = `d.id, d.record_id AS "recordId", d.institution_id AS "institutionId", d.kind, d.access, d.label, d.file_name AS "fileName",
  d.media_type AS "mediaType", d.size_bytes::float8 AS "sizeBytes", d.sha256, (d.file_key IS NOT NULL) AS "hasFile", d.created_at AS "createdAt"`;

/** The only place that queries catalogue.digital_resources. */
@Injectable()
export class DigitalResourcesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(
    m: EntityManager,
    r: { recordId: string; institutionId: string; kind: DigitalKind; access: DigitalAccess; label: string | null },
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO catalogue.digital_resources (record_id, institution_id, kind, access, label) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [r.recordId, r.institutionId, r.kind, r.access, r.label],
    );
    return row.id;
  }

  async setFile(
    m: EntityManager,
    id: string,
    f: { key: string; fileName: string | null; mediaType: string; sizeBytes: number; sha256: string },
  ): Promise<void> {
    await m.query(
      `UPDATE catalogue.digital_resources SET file_key = $2, file_name = $3, media_type = $4, size_bytes = $5, sha256 = $6, updated_at = now() WHERE id = $1`,
      [id, f.key, f.fileName, f.mediaType, f.sizeBytes, f.sha256],
    );
  }

  async find(id: string, m?: EntityManager): Promise<(DigitalResource & { fileKey: string | null }) | undefined> {
    const [row] = await (m ?? this.ds.manager).query(
      `SELECT ${COLUMNS}, d.file_key AS "fileKey" FROM catalogue.digital_resources d WHERE d.id = $1`,
      [id],
    );
    return row;
  }

  /** Resources with their record's title, in one query; unknown ids are left out. */
  async titles(ids: string[], m?: EntityManager): Promise<{ id: string; recordId: string; title: string }[]> {
    if (!ids.length) return [];
    return (m ?? this.ds.manager).query(
      `SELECT d.id, d.record_id AS "recordId", r.title FROM catalogue.digital_resources d JOIN catalogue.records r ON r.id = d.record_id WHERE d.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  async forRecord(recordId: string): Promise<DigitalResource[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM catalogue.digital_resources d WHERE d.record_id = $1 ORDER BY d.created_at, d.id`,
      [recordId],
    );
  }

  /** Newest digital resources with a file, for the OPDS "new" feed. */
  async newest(limit: number, offset: number): Promise<DigitalResource[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM catalogue.digital_resources d WHERE d.file_key IS NOT NULL ORDER BY d.created_at DESC, d.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
  }

  async forRecords(recordIds: string[]): Promise<DigitalResource[]> {
    if (!recordIds.length) return [];
    return this.ds.query(
      `SELECT ${COLUMNS} FROM catalogue.digital_resources d WHERE d.record_id = ANY($1::uuid[]) AND d.file_key IS NOT NULL ORDER BY d.created_at, d.id`,
      [recordIds],
    );
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM catalogue.digital_resources WHERE id = $1`, [id]);
  }
}
