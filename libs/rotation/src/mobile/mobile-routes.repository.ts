import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface RouteRow {
  id: string;
  institutionId: string;
  servicePointId: string | null;
  name: string;
  active: boolean;
  createdAt: Date;
}

export interface StopRow {
  id: string;
  routeId: string;
  seq: number;
  place: string;
  unitId: string;
  servicePointId: string | null;
  /** ISO weekday, 1 = Monday … 7 = Sunday; null: dated visits only. */
  weekday: number | null;
  startsAt: string;
  endsAt: string;
  dates: string[];
  visits: number;
  headcount: number;
}

export interface UpcomingRow {
  stopId: string;
  routeId: string;
  routeName: string;
  institutionId: string;
  place: string;
  unitId: string;
  date: string;
  startsAt: string;
  endsAt: string;
}

export interface VisitRow {
  id: string;
  stopId: string;
  visitedOn: string;
  headcount: number;
  note: string | null;
  recordedAt: Date;
}

const ROUTE = `r.id, r.institution_id AS "institutionId", r.service_point_id AS "servicePointId", r.name, r.active, r.created_at AS "createdAt"`;
const VISIT = `v.id, v.stop_id AS "stopId", v.visited_on::text AS "visitedOn", v.headcount, v.note, v.recorded_at AS "recordedAt"`;

/** The only place that queries rotation.mobile_routes, mobile_stops, mobile_stop_dates and mobile_stop_visits. */
@Injectable()
export class MobileRoutesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insertRoute(
    m: EntityManager,
    r: { institutionId: string; servicePointId: string | null; name: string; by: string },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO rotation.mobile_routes (institution_id, service_point_id, name, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [r.institutionId, r.servicePointId, r.name, r.by],
    );
    return row.id;
  }

  async insertStops(
    m: EntityManager,
    routeId: string,
    stops: {
      place: string;
      unitId: string;
      servicePointId: string | null;
      weekday: number | null;
      startsAt: string;
      endsAt: string;
      dates: string[];
    }[],
  ): Promise<void> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO rotation.mobile_stops (route_id, seq, place, unit_id, service_point_id, weekday, starts_at, ends_at)
       SELECT $1, u.seq, u.place, u.unit_id, u.service_point_id, u.weekday, u.starts_at, u.ends_at
       FROM unnest($2::int[], $3::text[], $4::uuid[], $5::uuid[], $6::smallint[], $7::time[], $8::time[])
         AS u(seq, place, unit_id, service_point_id, weekday, starts_at, ends_at)
       ORDER BY u.seq RETURNING id`,
      [
        routeId,
        stops.map((_, n) => n + 1),
        stops.map((s) => s.place),
        stops.map((s) => s.unitId),
        stops.map((s) => s.servicePointId),
        stops.map((s) => s.weekday),
        stops.map((s) => s.startsAt),
        stops.map((s) => s.endsAt),
      ],
    );
    const dates = stops.flatMap((s, n) => [...new Set(s.dates)].map((d) => ({ stopId: rows[n]!.id, on: d })));
    if (dates.length)
      await m.query(
        `INSERT INTO rotation.mobile_stop_dates (stop_id, on_date) SELECT * FROM unnest($1::uuid[], $2::date[])`,
        [dates.map((d) => d.stopId), dates.map((d) => d.on)],
      );
  }

  async route(id: string, manager?: EntityManager): Promise<RouteRow | undefined> {
    const [row] = await this.m(manager).query(`SELECT ${ROUTE} FROM rotation.mobile_routes r WHERE r.id = $1`, [id]);
    return row;
  }

  async routes(
    institutionIds: string[] | null,
    limit: number,
    offset: number,
  ): Promise<{ rows: RouteRow[]; total: number }> {
    const rows: (RouteRow & { total: number })[] = await this.ds.query(
      `SELECT ${ROUTE}, count(*) OVER ()::int AS total FROM rotation.mobile_routes r
       WHERE r.active AND ($1::uuid[] IS NULL OR r.institution_id = ANY($1)) ORDER BY r.name, r.id LIMIT $2 OFFSET $3`,
      [institutionIds, limit, offset],
    );
    return { rows: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 };
  }

  /** A route's stops in order, with their dated visits and the visits recorded so far. */
  async stops(routeId: string, manager?: EntityManager): Promise<StopRow[]> {
    return this.m(manager).query(
      `SELECT s.id, s.route_id AS "routeId", s.seq, s.place, s.unit_id AS "unitId", s.service_point_id AS "servicePointId", s.weekday,
              to_char(s.starts_at, 'HH24:MI') AS "startsAt", to_char(s.ends_at, 'HH24:MI') AS "endsAt",
              coalesce((SELECT array_agg(d.on_date::text ORDER BY d.on_date) FROM rotation.mobile_stop_dates d WHERE d.stop_id = s.id), '{}') AS dates,
              (SELECT count(*)::int FROM rotation.mobile_stop_visits v WHERE v.stop_id = s.id) AS visits,
              (SELECT coalesce(sum(v.headcount), 0)::int FROM rotation.mobile_stop_visits v WHERE v.stop_id = s.id) AS headcount
       FROM rotation.mobile_stops s WHERE s.route_id = $1 AND s.active ORDER BY s.seq`,
      [routeId],
    );
  }

  async stop(
    id: string,
    manager?: EntityManager,
  ): Promise<(StopRow & { institutionId: string; routeServicePointId: string | null }) | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT s.id, s.route_id AS "routeId", s.seq, s.place, s.unit_id AS "unitId", s.service_point_id AS "servicePointId", s.weekday,
              to_char(s.starts_at, 'HH24:MI') AS "startsAt", to_char(s.ends_at, 'HH24:MI') AS "endsAt", '{}'::text[] AS dates, 0 AS visits, 0 AS headcount,
              r.institution_id AS "institutionId", r.service_point_id AS "routeServicePointId"
       FROM rotation.mobile_stops s JOIN rotation.mobile_routes r ON r.id = s.route_id WHERE s.id = $1`,
      [id],
    );
    return row;
  }

  /**
   * Stops visited between two Vietnam days (inclusive): a weekly slot on its weekday, a dated visit on its date. Only
   * active routes and stops.
   */
  async upcoming(
    f: { from: string; to: string; institutionIds: string[] | null; unitIds: string[] | null },
    limit: number,
    offset: number,
  ): Promise<{ rows: UpcomingRow[]; total: number }> {
    const rows: (UpcomingRow & { total: number })[] = await this.ds.query(
      `SELECT s.id AS "stopId", r.id AS "routeId", r.name AS "routeName", r.institution_id AS "institutionId", s.place, s.unit_id AS "unitId",
              d.day::date::text AS date, to_char(s.starts_at, 'HH24:MI') AS "startsAt", to_char(s.ends_at, 'HH24:MI') AS "endsAt",
              count(*) OVER ()::int AS total
       FROM generate_series($1::date, $2::date, interval '1 day') AS d(day)
       JOIN rotation.mobile_stops s ON s.active AND (s.weekday = extract(isodow FROM d.day)
         OR EXISTS (SELECT 1 FROM rotation.mobile_stop_dates x WHERE x.stop_id = s.id AND x.on_date = d.day::date))
       JOIN rotation.mobile_routes r ON r.id = s.route_id AND r.active
       WHERE ($3::uuid[] IS NULL OR r.institution_id = ANY($3)) AND ($4::uuid[] IS NULL OR s.unit_id = ANY($4))
       ORDER BY d.day, s.starts_at, s.place, s.id LIMIT $5 OFFSET $6`,
      [f.from, f.to, f.institutionIds, f.unitIds, limit, offset],
    );
    return { rows: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 };
  }

  /** Records a visit; a second one for the same stop and day violates mobile_stop_visits_one_per_day_uq. */
  async insertVisit(
    m: EntityManager,
    v: { stopId: string; visitedOn: string; headcount: number; note: string | null; by: string },
  ): Promise<VisitRow> {
    const [row] = await m.query(
      `INSERT INTO rotation.mobile_stop_visits AS v (stop_id, visited_on, headcount, note, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${VISIT}`,
      [v.stopId, v.visitedOn, v.headcount, v.note, v.by],
    );
    return row;
  }

  async visit(stopId: string, visitedOn: string): Promise<VisitRow | undefined> {
    const [row] = await this.ds.query(
      `SELECT ${VISIT} FROM rotation.mobile_stop_visits v WHERE v.stop_id = $1 AND v.visited_on = $2`,
      [stopId, visitedOn],
    );
    return row;
  }

  /** Per year, the units (communes) whose stops the mobile libraries of these institutions visited (headcount > 0). */
  async unitsVisited(
    institutionIds: string[],
    fromYear: number,
    toYear: number,
  ): Promise<{ year: number; unitId: string }[]> {
    return this.ds.query(
      `SELECT DISTINCT extract(year FROM v.visited_on)::int AS year, s.unit_id AS "unitId"
       FROM rotation.mobile_stop_visits v JOIN rotation.mobile_stops s ON s.id = v.stop_id JOIN rotation.mobile_routes r ON r.id = s.route_id
       WHERE r.institution_id = ANY($1::uuid[]) AND v.headcount > 0 AND extract(year FROM v.visited_on) BETWEEN $2 AND $3`,
      [institutionIds, fromYear, toYear],
    );
  }

  async visits(routeId: string, limit: number, offset: number): Promise<{ rows: VisitRow[]; total: number }> {
    const rows: (VisitRow & { total: number })[] = await this.ds.query(
      `SELECT ${VISIT}, count(*) OVER ()::int AS total FROM rotation.mobile_stop_visits v JOIN rotation.mobile_stops s ON s.id = v.stop_id
       WHERE s.route_id = $1 ORDER BY v.visited_on DESC, s.seq LIMIT $2 OFFSET $3`,
      [routeId, limit, offset],
    );
    return { rows: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 };
  }
}
