import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Grain } from '../periods/periods.js';
import type { UsageEventKind } from '../events/usage-event.types.js';

/** One rolled-up figure. `value` includes manual figures; `manual` and `estimated` are the parts of it so marked. */
export interface UsageFigure {
  scopeId: string;
  periodStart: string;
  kind: UsageEventKind;
  value: number;
  estimated: number;
  manual: number;
  eventCount: number;
}

export interface UsageRestatement {
  scopeId: string;
  grain: Grain;
  periodStart: string;
  kind: string;
  oldValue: number | null;
  newValue: number | null;
  restatedAt: string;
}

/** Read side of usage for reports (plans): rolled-up figures and restatements, never raw events. */
@Injectable()
export class UsageFiguresService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Figures per institution (or per unit) for periods starting in [from, to). Absent rows mean no data. */
  async figures(q: {
    scope: 'institution' | 'unit';
    ids: string[];
    grain: Grain;
    kinds: UsageEventKind[];
    from: string;
    to: string;
  }): Promise<UsageFigure[]> {
    if (!q.ids.length || !q.kinds.length) return [];
    const rows: Record<string, string>[] = await this.dataSource.query(
      // Ids are hash-joined: `scope_id = ANY(array)` compares each row with every id (1,000 institutions).
      `SELECT r.scope_id, to_char(r.period_start, 'YYYY-MM-DD') AS period_start, r.kind, r.value, r.estimated_value, r.manual_value, r.event_count
       FROM usage.rollups r
       JOIN (SELECT DISTINCT unnest($4::uuid[]) AS id) i ON i.id = r.scope_id
       WHERE r.scope = $1 AND r.grain = $2 AND r.kind = ANY($3::text[])
         AND r.period_start >= $5::date AND r.period_start < $6::date`,
      [q.scope, q.grain, q.kinds, q.ids, q.from, q.to],
    );
    return rows.map((r) => ({
      scopeId: r.scope_id!,
      periodStart: r.period_start!,
      kind: r.kind as UsageEventKind,
      value: Number(r.value),
      estimated: Number(r.estimated_value),
      manual: Number(r.manual_value),
      eventCount: Number(r.event_count),
    }));
  }

  /**
   * Yearly totals per institution (or unit) for the years [fromYear, toYear], summed in the database; with
   * `throughMonth` only January to that month of each year (half-year reports). Absent rows mean no data.
   */
  async yearly(q: {
    scope: 'institution' | 'unit';
    ids: string[];
    kinds: UsageEventKind[];
    fromYear: number;
    toYear: number;
    throughMonth?: number;
  }): Promise<{ scopeId: string; year: number; kind: UsageEventKind; value: number }[]> {
    if (!q.ids.length || !q.kinds.length) return [];
    const monthly = q.throughMonth !== undefined;
    const rows: { s: string; y: number; k: UsageEventKind; v: number }[] = await this.dataSource.query(
      `SELECT r.scope_id AS s, extract(year FROM r.period_start)::int AS y, r.kind AS k, sum(r.value)::float8 AS v
       FROM usage.rollups r
       JOIN (SELECT DISTINCT unnest($3::uuid[]) AS id) i ON i.id = r.scope_id
       WHERE r.scope = $1 AND r.grain = $2 AND r.kind = ANY($4::text[])
         AND r.period_start >= make_date($5, 1, 1) AND r.period_start < make_date($6 + 1, 1, 1)
         AND ($7::int IS NULL OR extract(month FROM r.period_start) <= $7)
       GROUP BY 1, 2, 3`,
      [q.scope, monthly ? 'month' : 'year', q.ids, q.kinds, q.fromYear, q.toYear, q.throughMonth ?? null],
    );
    return rows.map((r) => ({ scopeId: r.s, year: r.y, kind: r.k, value: r.v }));
  }

  /**
   * The instant the rolled-up figures are complete to: every event recorded before it is counted. Days marked dirty
   * wait for the next rollup, so it is the oldest pending mark, or now when nothing waits.
   */
  async figuresAsOf(): Promise<Date> {
    const [row]: { at: Date }[] = await this.dataSource.query(
      `SELECT coalesce(min(marked_at), now()) AS at FROM usage.dirty_days`,
    );
    return new Date(row!.at);
  }

  /** Restatements of closed periods for these institutions or units. */
  async restatements(ids: string[], from: string, to: string): Promise<UsageRestatement[]> {
    if (!ids.length) return [];
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT r.scope_id, r.grain, to_char(r.period_start, 'YYYY-MM-DD') AS period_start, r.kind, r.old_value, r.new_value, r.restated_at
       FROM usage.restatements r JOIN (SELECT DISTINCT unnest($1::uuid[]) AS id) i ON i.id = r.scope_id
       WHERE r.period_start >= $2::date AND r.period_start < $3::date
       ORDER BY r.restated_at, r.id`,
      [ids, from, to],
    );
    return rows.map((r) => ({
      scopeId: r.scope_id!,
      grain: r.grain as Grain,
      periodStart: r.period_start!,
      kind: r.kind!,
      oldValue: r.old_value === null ? null : Number(r.old_value),
      newValue: r.new_value === null ? null : Number(r.new_value),
      restatedAt: new Date(r.restated_at!).toISOString(),
    }));
  }
}
