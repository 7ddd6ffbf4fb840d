import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Grain } from '../periods/periods.js';

const VN = `'Asia/Ho_Chi_Minh'`;

/** New rollup rows of one grain for the period starts in pg_temp.rollup_periods, as a SELECT yielding the rollups columns. */
function newRowsSql(grain: Grain): string {
  if (grain === 'day') {
    return `
      SELECT s.scope, s.scope_id, 'day' AS grain, e.period_day AS period_start, e.kind,
             sum(e.quantity) AS value, coalesce(sum(e.quantity) FILTER (WHERE e.basis = 'estimated'), 0) AS estimated_value,
             0 AS manual_value, count(*) AS event_count
      FROM usage.events e
      JOIN pg_temp.rollup_periods p ON p.start = e.period_day
      CROSS JOIN LATERAL (VALUES ('institution', e.institution_id), ('unit', e.unit_id)) AS s(scope, scope_id)
      GROUP BY s.scope, s.scope_id, e.period_day, e.kind`;
  }
  const lower: Grain = grain === 'month' ? 'day' : 'month';
  return `
    SELECT x.scope, x.scope_id, '${grain}' AS grain, date_trunc('${grain}', x.period_start)::date AS period_start, x.kind,
           sum(x.value) AS value, sum(x.estimated_value) AS estimated_value, sum(x.manual_value) AS manual_value,
           sum(x.event_count) AS event_count
    FROM (
      SELECT r.scope, r.scope_id, r.period_start, r.kind, r.value, r.estimated_value, r.manual_value, r.event_count
      FROM pg_temp.rollup_periods p
      JOIN usage.rollups r ON r.grain = '${lower}' AND r.period_start >= p.start AND r.period_start < (p.start + interval '1 ${grain}')::date
      UNION ALL
      SELECT s.scope, s.scope_id, m.period_start, m.kind, m.value,
             CASE WHEN m.basis = 'estimated' THEN m.value ELSE 0 END, m.value, 0
      FROM usage.manual_figures m
      CROSS JOIN LATERAL (VALUES ('institution', m.institution_id), ('unit', m.unit_id)) AS s(scope, scope_id)
      WHERE m.superseded_at IS NULL AND m.grain = '${grain}' AND m.period_start IN (SELECT start FROM pg_temp.rollup_periods)
    ) x
    GROUP BY x.scope, x.scope_id, date_trunc('${grain}', x.period_start)::date, x.kind`;
}

/** SQL for rollups, restatements and reconciliation. Every method runs on the caller's transaction. */
@Injectable()
export class RollupsRepository {
  /** Take every dirty day (the rows stay locked/deleted until commit; a crash puts them back). */
  async takeDirtyDays(m: EntityManager): Promise<string[]> {
    // TypeORM answers DELETE … RETURNING with [rows, count].
    const [rows]: [{ day: string }[], number] = await m.query(
      `DELETE FROM usage.dirty_days RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
    );
    return rows.map((r) => r.day).sort();
  }

  async markDirty(m: EntityManager, days: string[]): Promise<void> {
    await m.query(
      `INSERT INTO usage.dirty_days (day) SELECT DISTINCT d FROM unnest($1::date[]) AS d ON CONFLICT (day) DO UPDATE SET marked_at = now()`,
      [days],
    );
  }

  /** Mark every day that has events or manual figures dirty (full recompute). */
  async markAllDirty(m: EntityManager): Promise<number> {
    const r: unknown[] = await m.query(
      `INSERT INTO usage.dirty_days (day)
       SELECT DISTINCT period_day FROM usage.events
       UNION SELECT DISTINCT period_start FROM usage.manual_figures
       ON CONFLICT (day) DO UPDATE SET marked_at = now() RETURNING 1`,
    );
    return r.length;
  }

  /**
   * Replace the rollups of one grain for the given period starts. Month and year periods that had already ended
   * when their previous figure was computed are closed: a changed figure there is recorded as a restatement
   * (old and new value both kept). Returns the number of restatements written.
   */
  async replace(m: EntityManager, grain: Grain, starts: string[]): Promise<number> {
    if (!starts.length) return 0;
    // Periods go in a keyed temp table: `= ANY(array)` over thousands of days is a linear search per row.
    await m.query(`DROP TABLE IF EXISTS pg_temp.rollup_periods`);
    await m.query(`CREATE TEMP TABLE rollup_periods (start date PRIMARY KEY) ON COMMIT DROP`);
    await m.query(`INSERT INTO pg_temp.rollup_periods SELECT DISTINCT unnest($1::date[])`, [starts]);
    await m.query(`ANALYZE pg_temp.rollup_periods`);
    await m.query(`DROP TABLE IF EXISTS pg_temp.new_rollups`);
    await m.query(`CREATE TEMP TABLE new_rollups ON COMMIT DROP AS ${newRowsSql(grain)}`);
    let restated = 0;
    if (grain !== 'day') {
      const r: unknown[] = await m.query(
        `INSERT INTO usage.restatements (scope, scope_id, grain, period_start, kind, old_value, new_value)
         SELECT o.scope, o.scope_id, o.grain, o.period_start, o.kind, o.value, n.value
         FROM (SELECT r.* FROM usage.rollups r JOIN pg_temp.rollup_periods p ON p.start = r.period_start WHERE r.grain = $1) o
         LEFT JOIN new_rollups n USING (scope, scope_id, grain, period_start, kind)
         WHERE (o.period_start + CASE WHEN o.grain = 'month' THEN interval '1 month' ELSE interval '1 year' END)::timestamp
                 AT TIME ZONE ${VN} <= o.computed_at
           AND n.value IS DISTINCT FROM o.value
         RETURNING 1`,
        [grain],
      );
      restated = r.length;
    }
    await m.query(
      `DELETE FROM usage.rollups r USING pg_temp.rollup_periods p WHERE r.grain = $1 AND r.period_start = p.start`,
      [grain],
    );
    await m.query(
      `INSERT INTO usage.rollups (scope, scope_id, grain, period_start, kind, value, estimated_value, manual_value, event_count)
       SELECT scope, scope_id, grain, period_start, kind, value, estimated_value, manual_value, event_count FROM new_rollups`,
    );
    return restated;
  }

  /**
   * Recount per institution and year straight from the events and manual figures and compare with the year
   * rollups. Returns the rows that differ (empty when consistent).
   */
  async reconcile(m: EntityManager, years?: number[]): Promise<ReconciliationMismatch[]> {
    const rows: {
      institution_id: string;
      year: number;
      kind: string;
      rolled: string | null;
      recount: string | null;
    }[] = await m.query(
      `WITH recount AS (
         SELECT institution_id, extract(year FROM period_day)::int AS year, kind, sum(quantity) AS v FROM usage.events
         WHERE $1::int[] IS NULL OR extract(year FROM period_day)::int = ANY($1::int[])
         GROUP BY 1, 2, 3
         UNION ALL
         SELECT institution_id, extract(year FROM period_start)::int, kind, sum(value) FROM usage.manual_figures
         WHERE superseded_at IS NULL AND ($1::int[] IS NULL OR extract(year FROM period_start)::int = ANY($1::int[]))
         GROUP BY 1, 2, 3),
       r AS (SELECT institution_id, year, kind, sum(v) AS v FROM recount GROUP BY 1, 2, 3),
       y AS (SELECT scope_id AS institution_id, extract(year FROM period_start)::int AS year, kind, value AS v
             FROM usage.rollups WHERE scope = 'institution' AND grain = 'year'
               AND ($1::int[] IS NULL OR extract(year FROM period_start)::int = ANY($1::int[])))
       SELECT coalesce(r.institution_id, y.institution_id) AS institution_id, coalesce(r.year, y.year) AS year,
              coalesce(r.kind, y.kind) AS kind, y.v AS rolled, r.v AS recount
       FROM r FULL JOIN y USING (institution_id, year, kind)
       WHERE r.v IS DISTINCT FROM y.v
       ORDER BY 2, 1, 3`,
      [years ?? null],
    );
    return rows.map((r) => ({
      institutionId: r.institution_id,
      year: Number(r.year),
      kind: r.kind,
      rolledUp: r.rolled === null ? null : Number(r.rolled),
      recounted: r.recount === null ? null : Number(r.recount),
    }));
  }
}

/** A year figure whose rollup disagrees with a recount of the events. */
export interface ReconciliationMismatch {
  institutionId: string;
  year: number;
  kind: string;
  rolledUp: number | null;
  recounted: number | null;
}
