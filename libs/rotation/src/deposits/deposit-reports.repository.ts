import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface DepositReportRow {
  id: string;
  collectionId: string;
  stageId: string;
  hostInstitutionId: string;
  /** YYYY-MM. */
  period: string;
  loans: number;
  readers: number;
  basis: 'counted' | 'estimated';
  reportedAt: Date;
}

const COLS = `d.id, d.collection_id AS "collectionId", d.stage_id AS "stageId", d.host_institution_id AS "hostInstitutionId",
  to_char(d.period_start, 'YYYY-MM') AS period, d.loans, d.readers, d.basis, d.reported_at AS "reportedAt"`;

/** The only place that queries rotation.deposit_reports. */
@Injectable()
export class DepositReportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Inserts the month's report, or nothing when it exists (deposit_reports_one_per_period_uq): undefined then. */
  async insert(
    m: EntityManager,
    r: Omit<DepositReportRow, 'id' | 'reportedAt'> & { by: string },
  ): Promise<DepositReportRow | undefined> {
    const [row] = await m.query(
      `INSERT INTO rotation.deposit_reports AS d (collection_id, stage_id, host_institution_id, period_start, loans, readers, basis, reported_by)
       VALUES ($1, $2, $3, ($4 || '-01')::date, $5, $6, $7, $8)
       ON CONFLICT (collection_id, period_start) DO NOTHING RETURNING ${COLS}`,
      [r.collectionId, r.stageId, r.hostInstitutionId, r.period, r.loans, r.readers, r.basis, r.by],
    );
    return row;
  }

  async find(collectionId: string, period: string, m: EntityManager): Promise<DepositReportRow | undefined> {
    const [row] = await m.query(
      `SELECT ${COLS} FROM rotation.deposit_reports d WHERE d.collection_id = $1 AND d.period_start = ($2 || '-01')::date`,
      [collectionId, period],
    );
    return row;
  }

  async list(
    collectionId: string,
    limit: number,
    offset: number,
  ): Promise<{ rows: DepositReportRow[]; total: number }> {
    const rows: (DepositReportRow & { total: number })[] = await this.ds.query(
      `SELECT ${COLS}, count(*) OVER ()::int AS total FROM rotation.deposit_reports d WHERE d.collection_id = $1
       ORDER BY d.period_start DESC LIMIT $2 OFFSET $3`,
      [collectionId, limit, offset],
    );
    return { rows: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 };
  }

  /** Readers and months reported per stage of these collections, within Vietnam days (by the month's first day). */
  async byStage(
    collectionIds: string[],
    range: { from?: string; to?: string } = {},
  ): Promise<{ collectionId: string; stageId: string; readers: number; months: number }[]> {
    return this.ds.query(
      `SELECT collection_id AS "collectionId", stage_id AS "stageId", sum(readers)::int AS readers, count(*)::int AS months
       FROM rotation.deposit_reports WHERE collection_id = ANY($1::uuid[])
         AND ($2::date IS NULL OR period_start >= date_trunc('month', $2::date)) AND ($3::date IS NULL OR period_start <= $3::date)
       GROUP BY 1, 2`,
      [collectionIds, range.from ?? null, range.to ?? null],
    );
  }
}
