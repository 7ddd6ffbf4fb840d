import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import type { IsoDate } from '../network.types.js';

export interface HoursRow {
  weekday: number;
  opens: string;
  closes: string;
}

export interface ClosureRow {
  id: string;
  institutionId: string | null;
  startsOn: IsoDate;
  endsOn: IsoDate;
  kind: 'holiday' | 'closure';
  reason: string;
}

const CLOSURE_COLUMNS = `id, institution_id AS "institutionId", starts_on::text AS "startsOn", ends_on::text AS "endsOn", kind, reason`;

/** The only place that queries network.opening_hours and network.closures. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async replaceHours(manager: EntityManager, institutionId: string, hours: HoursRow[]): Promise<void> {
    await manager.query(`DELETE FROM network.opening_hours WHERE institution_id = $1`, [institutionId]);
    if (!hours.length) return;
    await manager.query(
      `INSERT INTO network.opening_hours (institution_id, weekday, opens, closes)
       SELECT $1, h.weekday, h.opens::time, h.closes::time FROM jsonb_to_recordset($2::jsonb) AS h(weekday smallint, opens text, closes text)`,
      [institutionId, JSON.stringify(hours)],
    );
  }

  hours(institutionId: string): Promise<HoursRow[]> {
    return this.ds.query(
      `SELECT weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes FROM network.opening_hours WHERE institution_id = $1 ORDER BY weekday, opens`,
      [institutionId],
    );
  }

  async insertClosure(c: {
    institutionId: string | null;
    startsOn: IsoDate;
    endsOn: IsoDate;
    kind: 'holiday' | 'closure';
    reason: string;
  }): Promise<ClosureRow> {
    const [row]: ClosureRow[] = await this.ds.query(
      `INSERT INTO network.closures (institution_id, starts_on, ends_on, kind, reason) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (starts_on, ends_on, reason) WHERE institution_id IS NULL DO UPDATE SET kind = EXCLUDED.kind
       RETURNING ${CLOSURE_COLUMNS}`,
      [c.institutionId, c.startsOn, c.endsOn, c.kind, c.reason],
    );
    return row;
  }

  async findClosure(id: string): Promise<ClosureRow | undefined> {
    const [row]: ClosureRow[] = await this.ds.query(`SELECT ${CLOSURE_COLUMNS} FROM network.closures WHERE id = $1`, [
      id,
    ]);
    return row;
  }

  async deleteClosure(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM network.closures WHERE id = $1`, [id]);
  }

  /** Closures of the institution and nationwide holidays overlapping [from, to]. */
  closures(institutionId: string | null, from: IsoDate, to: IsoDate): Promise<ClosureRow[]> {
    return this.ds.query(
      `SELECT ${CLOSURE_COLUMNS} FROM network.closures
       WHERE (institution_id IS NULL OR institution_id = $1) AND starts_on <= $3 AND ends_on >= $2 ORDER BY starts_on, id`,
      [institutionId, from, to],
    );
  }

  /** Everything a calendar of [from, to] needs, in one round trip (circulation asks on every checkout). */
  async calendarData(
    institutionId: string,
    from: IsoDate,
    to: IsoDate,
    manager?: EntityManager,
  ): Promise<{ exists: boolean; hours: HoursRow[]; closures: ClosureRow[] }> {
    const [row] = await preparedQuery<{ exists: boolean; hours: HoursRow[]; closures: ClosureRow[] }>(
      manager ?? this.ds,
      `SELECT EXISTS (SELECT 1 FROM network.institutions WHERE id = $1) AS exists,
              coalesce((SELECT json_agg(json_build_object('weekday', weekday, 'opens', to_char(opens, 'HH24:MI'), 'closes', to_char(closes, 'HH24:MI')) ORDER BY weekday, opens)
                          FROM network.opening_hours WHERE institution_id = $1), '[]') AS hours,
              coalesce((SELECT json_agg(json_build_object('id', id, 'institutionId', institution_id, 'startsOn', starts_on::text, 'endsOn', ends_on::text, 'kind', kind, 'reason', reason) ORDER BY starts_on, id)
                          FROM network.closures WHERE (institution_id IS NULL OR institution_id = $1) AND starts_on <= $3 AND ends_on >= $2), '[]') AS closures`,
      [institutionId, from, to],
    );
    return row;
  }
}
