import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Usage of one rotating collection on one stage (stage null: at home). */
export interface CollectionStageUsage {
  collectionId: string;
  stageId: string | null;
  loans: number;
  renewals: number;
  returns: number;
  /** Distinct borrowers (pseudonymous keys) of the collection's loans on the stage. */
  borrowers: number;
  /** Distinct copies lent. */
  copiesLent: number;
}

/** Loans of rotating collections per host institution, its unit (as stamped) and year. */
export interface HostYearUsage {
  institutionId: string;
  unitId: string;
  year: number;
  collectionId: string;
  loans: number;
  borrowers: number;
}

/**
 * Usage figures of rotating collections, read from the events (which carry the collection and stage, stamped at
 * ingestion through USAGE_CONTEXT). Rotation asks; the SQL stays here, with the events.
 */
@Injectable()
export class CollectionUsageService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byStage(collectionIds: string[], range: { from?: string; to?: string } = {}): Promise<CollectionStageUsage[]> {
    if (!collectionIds.length) return [];
    const rows: (Omit<CollectionStageUsage, 'loans' | 'renewals' | 'returns'> & {
      loans: string;
      renewals: string;
      returns: string;
    })[] = await this.ds.query(
      `SELECT collection_id AS "collectionId", stage_id AS "stageId",
              coalesce(sum(quantity) FILTER (WHERE kind = 'loan'), 0)::text AS loans,
              coalesce(sum(quantity) FILTER (WHERE kind = 'renewal'), 0)::text AS renewals,
              coalesce(sum(quantity) FILTER (WHERE kind = 'return'), 0)::text AS returns,
              count(DISTINCT patron_key) FILTER (WHERE kind = 'loan')::int AS borrowers,
              count(DISTINCT copy_id) FILTER (WHERE kind = 'loan')::int AS "copiesLent"
       FROM usage.events
       WHERE collection_id = ANY($1::uuid[]) AND ($2::date IS NULL OR period_day >= $2) AND ($3::date IS NULL OR period_day <= $3)
       GROUP BY collection_id, stage_id`,
      [collectionIds, range.from ?? null, range.to ?? null],
    );
    return rows.map((r) => ({
      ...r,
      loans: Number(r.loans),
      renewals: Number(r.renewals),
      returns: Number(r.returns),
    }));
  }

  async byHostYear(collectionIds: string[], range: { from?: string; to?: string } = {}): Promise<HostYearUsage[]> {
    if (!collectionIds.length) return [];
    const rows: (Omit<HostYearUsage, 'loans'> & { loans: string })[] = await this.ds.query(
      `SELECT institution_id AS "institutionId", unit_id AS "unitId", extract(year FROM period_day)::int AS year, collection_id AS "collectionId",
              coalesce(sum(quantity), 0)::text AS loans, count(DISTINCT patron_key)::int AS borrowers
       FROM usage.events
       WHERE collection_id = ANY($1::uuid[]) AND kind = 'loan' AND ($2::date IS NULL OR period_day >= $2) AND ($3::date IS NULL OR period_day <= $3)
       GROUP BY 1, 2, 3, 4 ORDER BY 3, 1`,
      [collectionIds, range.from ?? null, range.to ?? null],
    );
    return rows.map((r) => ({ ...r, loans: Number(r.loans) }));
  }
}
