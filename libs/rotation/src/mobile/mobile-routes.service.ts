import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InstitutionsService } from '@suotdoi/network';
import { emitUsage } from '@suotdoi/usage';
import {
  Clock,
  isUniqueViolation,
  JURISDICTION_DIRECTORY,
  OutboxService,
  vietnamDate,
  vietnamMidnight,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { RotationErrors } from '../rotation.errors.js';
import {
  MobileRoutesRepository,
  type RouteRow,
  type StopRow,
  type UpcomingRow,
  type VisitRow,
} from './mobile-routes.repository.js';

export interface StopInput {
  place: string;
  unitId: string;
  servicePointId?: string | null;
  /** ISO weekday (1 = Monday … 7 = Sunday) of the weekly slot; absent: dated visits only. */
  weekday?: number | null;
  /** HH:MM, Vietnam time. */
  startsAt: string;
  endsAt: string;
  /** Dated visits (YYYY-MM-DD), beside or instead of the weekly slot. */
  dates?: string[];
}

export interface RouteView extends RouteRow {
  institutionName: string | null;
  stops: (StopRow & { unitName: string | null })[];
}

export interface UpcomingStop extends UpcomingRow {
  institutionName: string | null;
  unitName: string | null;
}

const clean = (s: string) => s.normalize('NFC').trim();
const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  vietnamDate(new Date(vietnamMidnight(day).getTime() + n * DAY_MS + 12 * 3_600_000));

/**
 * The mobile library (thư viện lưu động): an institution's routes of stops, each at a place in a commune on a weekly
 * slot or on dated visits; the upcoming stops are public (the catalogue shows them beside availability). A stop visit
 * records its headcount once per stop and day (mobile_stop_visits_one_per_day_uq) and counts as visits for the stop's
 * commune, emitted through usage's one emitter in the same transaction.
 */
@Injectable()
export class MobileRoutesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: MobileRoutesRepository,
    private readonly institutions: InstitutionsService,
    private readonly outbox: OutboxService,
    private readonly access: RotationAccess,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  /** A route with its stops, all or nothing (the institution's circulation staff). */
  async create(
    p: Principal,
    input: { institutionId: string; servicePointId?: string | null; name: string; stops: StopInput[] },
  ): Promise<RouteView> {
    if (!this.access.manages(p, input.institutionId))
      throw RotationErrors.institutionNotServed({ institutionId: input.institutionId });
    const [inst] = await this.directory.describeInstitutions([input.institutionId]);
    const points = [input.servicePointId, ...input.stops.map((s) => s.servicePointId)].filter((x): x is string => !!x);
    for (const id of new Set(points)) {
      const sp = await this.institutions.findServicePoint(id);
      if (!sp || sp.institutionId !== input.institutionId)
        throw RotationErrors.servicePointNotFound({ id, name: inst?.name ?? input.institutionId });
    }
    const unitIds = [...new Set(input.stops.map((s) => s.unitId))];
    const known = new Set((await this.directory.describeUnits?.(unitIds))?.map((u) => u.id) ?? unitIds);
    const unknown = unitIds.find((u) => !known.has(u));
    if (unknown) throw RotationErrors.unitNotFound({ id: unknown });
    const stops = input.stops.map((s) => {
      const place = clean(s.place);
      if (!s.weekday && !s.dates?.length) throw RotationErrors.stopUnscheduled({ place });
      if (s.endsAt <= s.startsAt) throw RotationErrors.stopTimes({ place, startsAt: s.startsAt, endsAt: s.endsAt });
      return {
        place,
        unitId: s.unitId,
        servicePointId: s.servicePointId ?? null,
        weekday: s.weekday ?? null,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        dates: s.dates ?? [],
      };
    });
    const name = clean(input.name);
    const id = await this.ds
      .transaction(async (m) => {
        const id = await this.repo.insertRoute(m, {
          institutionId: input.institutionId,
          servicePointId: input.servicePointId ?? null,
          name,
          by: p.accountId,
        });
        await this.repo.insertStops(m, id, stops);
        return id;
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? RotationErrors.routeNameTaken({ name }) : e;
      });
    return this.view((await this.repo.route(id))!);
  }

  /** Staff of the institution and administrators over it; anyone else 404. */
  async get(p: Principal, id: string): Promise<RouteView> {
    return this.view(await this.visible(p, id));
  }

  async list(
    p: Principal,
    institutionId: string | undefined,
    page: { limit: number; offset: number },
  ): Promise<{ items: RouteView[]; total: number }> {
    let ids: string[] | null;
    if (institutionId) {
      if (!this.access.staffAt(p, institutionId) && !(await this.access.administers(p, institutionId)))
        throw RotationErrors.institutionNotServed({ institutionId });
      ids = [institutionId];
    } else if (p.systemAdmin) ids = null;
    else
      ids = [
        ...new Set([
          ...p.staff.map((s) => s.institutionId),
          ...((await this.access.jurisdictionInstitutions(p)) ?? []),
        ]),
      ];
    const { rows, total } = await this.repo.routes(ids, page.limit, page.offset);
    return { items: await Promise.all(rows.map((r) => this.view(r))), total };
  }

  /**
   * Public: the stops of the next `days` days from `from` (default today, Vietnam time), of some institutions or in
   * some communes (a unit and every unit under it).
   */
  async upcoming(
    f: { institutionIds?: string[]; unitId?: string; from?: string; days?: number },
    page: { limit: number; offset: number },
  ): Promise<{ items: UpcomingStop[]; total: number }> {
    const from = f.from ?? vietnamDate(this.clock.now());
    const to = addDays(from, (f.days ?? 14) - 1);
    const unitIds = f.unitId ? await this.directory.unitsUnder([f.unitId]) : null;
    const { rows, total } = await this.repo.upcoming(
      { from, to, institutionIds: f.institutionIds?.length ? f.institutionIds : null, unitIds },
      page.limit,
      page.offset,
    );
    const [insts, units] = await Promise.all([
      this.directory.describeInstitutions([...new Set(rows.map((r) => r.institutionId))]),
      this.directory.describeUnits?.([...new Set(rows.map((r) => r.unitId))]) ?? [],
    ]);
    return {
      items: rows.map((r) => ({
        ...r,
        institutionName: insts.find((i) => i.id === r.institutionId)?.name ?? null,
        unitName: units.find((u) => u.id === r.unitId)?.name ?? null,
      })),
      total,
    };
  }

  /**
   * Record a stop visit's headcount (the institution's circulation staff), once per stop and day: a second record,
   * even at the same moment, gets 409 rotation/visit_recorded. The headcount counts as visits (counted) for the
   * stop's commune, on that day at the stop's starting time.
   */
  async recordVisit(
    p: Principal,
    stopId: string,
    input: { visitedOn: string; headcount: number; note?: string | null },
  ): Promise<VisitRow> {
    const stop = await this.repo.stop(stopId);
    if (
      !stop ||
      (!this.access.staffAt(p, stop.institutionId) && !(await this.access.administers(p, stop.institutionId)))
    )
      throw RotationErrors.stopNotFound();
    if (!this.access.manages(p, stop.institutionId))
      throw RotationErrors.roleRequired({ side: 'the mobile library', sideVi: 'thư viện lưu động' });
    const now = this.clock.now();
    const today = vietnamDate(now);
    if (input.visitedOn > today) throw RotationErrors.visitInFuture({ day: input.visitedOn, today });
    const slot = new Date(`${input.visitedOn}T${stop.startsAt}:00+07:00`);
    return this.ds
      .transaction(async (m) => {
        const visit = await this.repo.insertVisit(m, {
          stopId,
          visitedOn: input.visitedOn,
          headcount: input.headcount,
          note: input.note ? clean(input.note) : null,
          by: p.accountId,
        });
        if (visit.headcount > 0)
          await emitUsage(this.outbox, m, {
            source: 'rotation',
            id: `stop-visit:${visit.id}`,
            kind: 'visit',
            locationId: stop.servicePointId ?? stop.routeServicePointId ?? stop.institutionId,
            at: slot > now ? now : slot,
            quantity: visit.headcount,
            basis: 'counted',
            unitId: stop.unitId,
          });
        return visit;
      })
      .catch(async (e: unknown) => {
        if (!isUniqueViolation(e)) throw e;
        const first = (await this.repo.visit(stopId, input.visitedOn))!;
        throw RotationErrors.visitRecorded({ place: stop.place, day: input.visitedOn, headcount: first.headcount });
      });
  }

  async visits(
    p: Principal,
    routeId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: VisitRow[]; total: number }> {
    await this.visible(p, routeId);
    const { rows, total } = await this.repo.visits(routeId, page.limit, page.offset);
    return { items: rows, total };
  }

  private async visible(p: Principal, id: string): Promise<RouteRow> {
    const r = await this.repo.route(id);
    if (!r || (!this.access.staffAt(p, r.institutionId) && !(await this.access.administers(p, r.institutionId))))
      throw RotationErrors.routeNotFound();
    return r;
  }

  private async view(r: RouteRow): Promise<RouteView> {
    const stops = await this.repo.stops(r.id);
    const [insts, units] = await Promise.all([
      this.directory.describeInstitutions([r.institutionId]),
      this.directory.describeUnits?.([...new Set(stops.map((s) => s.unitId))]) ?? [],
    ]);
    return {
      ...r,
      institutionName: insts[0]?.name ?? null,
      stops: stops.map((s) => ({ ...s, unitName: units.find((u) => u.id === s.unitId)?.name ?? null })),
    };
  }
}
