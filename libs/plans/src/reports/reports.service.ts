import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  Clock,
  JURISDICTION_DIRECTORY,
  vietnamDate,
  type InstitutionSummary,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { UsageFiguresService, vietnamMidnight, type UsageEventKind } from '@suotdoi/usage';
import { ClubsService, ObligationsService } from '@suotdoi/events';
import { RotationFiguresService } from '@suotdoi/rotation';
import { PlansErrors } from '../plans.errors.js';
import { PlansRepository, type PlanRow } from '../plans/plans.repository.js';
import {
  conditionKey,
  INDICATOR_KINDS,
  isEventsCondition,
  ROTATION_INDICATORS,
  type EvidenceCondition,
  type EventsMeasure,
} from '../plans/plan.types.js';
import {
  computeIndicator,
  covered,
  type EngineInput,
  type FigureTable,
  type TargetRow,
} from '../indicators/indicator-engine.js';
import { calendarPeriods, parsePeriodKey, periodsDue, type ReportPeriod } from './report-periods.js';
import { reportCsv, reportPdf, reportXlsx } from './report-exports.js';
import type { ReportContent } from './report.types.js';

export type ReportFormat = 'xlsx' | 'csv' | 'pdf';

/** Builds, stores and serves plan reports; the worker generates them before each deadline of the plan's calendar. */
@Injectable()
export class ReportsService {
  private readonly log = new Logger('PlanReports');
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansRepository,
    private readonly usage: UsageFiguresService,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
    private readonly rotation: RotationFiguresService,
    private readonly clubs: ClubsService,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  private dir(): JurisdictionDirectory {
    if (!this.directory) throw PlansErrors.directoryUnavailable();
    return this.directory;
  }

  /** Plans visible to a principal: its administered jurisdictions (and the units under them), plus national plans. */
  async visiblePlans(p: Principal): Promise<PlanRow[]> {
    if (p.systemAdmin) return this.plans.list(null);
    const mine = new Set(p.adminUnitIds.length ? await this.dir().unitsUnder(p.adminUnitIds) : []);
    const out: PlanRow[] = [];
    for (const x of await this.plans.list(null)) {
      if (
        x.level === 'national' ||
        (x.jurisdictionUnitId !== null && (await this.administers(mine, x.jurisdictionUnitId)))
      )
        out.push(x);
    }
    return out;
  }

  /**
   * Whether the units `mine` cover a plan's unit: it is under them now, or it was abolished and a unit now carrying
   * its ground (a successor, transitively) is under them.
   */
  private async administers(mine: Set<string>, unitId: string): Promise<boolean> {
    if (mine.has(unitId)) return true;
    const successors = (await this.dir().successorsOf?.(unitId)) ?? [];
    return successors.some((s) => mine.has(s));
  }

  /** A plan the principal administers (404 otherwise, also for other jurisdictions). */
  async planFor(p: Principal, planId: string): Promise<PlanRow> {
    const plan = await this.plans.find(planId);
    if (!plan) throw PlansErrors.planNotFound({ id: planId });
    if (p.systemAdmin) return plan;
    if (
      plan.jurisdictionUnitId &&
      p.adminUnitIds.length &&
      (await this.administers(new Set(await this.dir().unitsUnder(p.adminUnitIds)), plan.jurisdictionUnitId))
    )
      return plan;
    throw PlansErrors.planNotFound({ id: planId });
  }

  /**
   * The unit a plan is evaluated for: one the principal administers. A system administrator asking for a national
   * plan without a unit gets the whole country (null).
   */
  async unitFor(p: Principal, plan: PlanRow, unitId?: string): Promise<string | null> {
    if (p.systemAdmin && !unitId && !plan.jurisdictionUnitId) return null;
    // The plan's own unit (planFor has checked the caller may read it, through successors too).
    if (plan.jurisdictionUnitId && (!unitId || unitId === plan.jurisdictionUnitId)) return plan.jurisdictionUnitId;
    const id = unitId ?? plan.jurisdictionUnitId ?? p.adminUnitIds[0];
    if (!id) throw PlansErrors.unitNotInJurisdiction({ id: '—' });
    if (p.systemAdmin) return id;
    const scope = plan.jurisdictionUnitId ? [plan.jurisdictionUnitId] : p.adminUnitIds;
    const allowed = new Set(await this.dir().unitsUnder(scope));
    const mine = new Set(await this.dir().unitsUnder(p.adminUnitIds));
    if (!allowed.has(id) || !mine.has(id)) throw PlansErrors.unitNotInJurisdiction({ id });
    return id;
  }

  /**
   * A period of the plan's calendar (400 otherwise: 1999, 2031, a half-year the plan does not have). `over` says
   * whether it has ended (Vietnam time); a report is stored only for a period that is over.
   */
  periodOf(plan: PlanRow, key: string): ReportPeriod & { over: boolean; endsOn: string } {
    const parsed = parsePeriodKey(key);
    if (!parsed) throw PlansErrors.badPeriod({ period: key });
    const inCalendar = calendarPeriods(plan.reportingCalendar, plan.baseYear, plan.horizonYear ?? parsed.year).find(
      (p) => p.key === key,
    );
    if (!inCalendar) throw PlansErrors.periodNotInCalendar({ period: key });
    const endsOn = `${inCalendar.year}-${inCalendar.half ? '06-30' : '12-31'}`;
    return { ...inCalendar, endsOn, over: vietnamDate(this.clock.now()) > endsOn };
  }

  /** The period for a stored report: in the calendar and over (409 while it runs: only a preview can be shown). */
  closedPeriodOf(plan: PlanRow, key: string): ReportPeriod {
    const period = this.periodOf(plan, key);
    if (!period.over) throw PlansErrors.periodNotOver({ period: key, end: period.endsOn });
    if (plan.status !== 'adopted') throw PlansErrors.draftHasNoReports({ id: plan.id });
    return period;
  }

  /**
   * Compute a report's content for a plan, period and unit (live; nothing stored). `unitId` null is the whole
   * country: every root unit (province) as of the end of the period, which are also the drill-down rows.
   */
  async build(plan: PlanRow, period: ReportPeriod, unitId: string | null): Promise<ReportContent> {
    const dir = this.dir();
    const asOf = vietnamMidnight(`${period.year + 1}-01-01`);
    const endOfPeriod = new Date(asOf.getTime() - 1);
    let scope: string[];
    let top: { id: string; name: string | null }[] | null = null;
    if (unitId) scope = [unitId];
    else {
      if (!dir.rootUnits) throw PlansErrors.directoryUnavailable();
      top = (await dir.rootUnits(endOfPeriod)).map((u) => ({ id: u.id, name: u.name }));
      scope = top.map((u) => u.id);
    }
    // Each year counts the institutions open during it and in the jurisdiction then (through reorganisations).
    const memberYears = Array.from({ length: period.year - plan.baseYear + 2 }, (_, i) => plan.baseYear - 1 + i);
    const groundOf = async (): Promise<{ ids: string[]; byYear?: Map<number, Set<string>> }> => {
      if (!unitId && dir.groundMembers && dir.rootUnits) {
        // The whole country, like the others: each year counts the institutions open during it, in every province
        // that existed during it (one absorbed later still counts for its years, under its own ground).
        const roots = new Set<string>(scope);
        for (const y of memberYears)
          for (const u of await dir.rootUnits(new Date(vietnamMidnight(`${y + 1}-01-01`).getTime() - 1)))
            roots.add(u.id);
        const byYear = new Map<number, Set<string>>(memberYears.map((y) => [y, new Set<string>()]));
        await Promise.all(
          [...roots].map(async (r) => {
            for (const [y, ids] of await dir.groundMembers!(r, memberYears))
              for (const id of ids) byYear.get(y)?.add(id);
          }),
        );
        return { ids: [...new Set([...byYear.values()].flatMap((x) => [...x]))], byYear };
      }
      if (!unitId || !dir.groundMembers) return { ids: await dir.institutionsUnder(scope, endOfPeriod) };
      const byYear = await dir.groundMembers(unitId, memberYears);
      return {
        ids: [...new Set([...byYear.values()].flat())],
        byYear: new Map([...byYear].map(([y, ids]) => [y, new Set(ids)])),
      };
    };
    // Independent look-ups run side by side: the report's latency is the slowest of them, not their sum.
    const [ground, all, tree, unitName] = await Promise.all([
      groundOf(),
      this.plans.targets(plan.id),
      unitId ? this.children(unitId, endOfPeriod) : this.subtrees(top!, endOfPeriod),
      !unitId
        ? Promise.resolve(NATIONAL_NAME)
        : dir.describeUnits
          ? dir.describeUnits([unitId]).then((u) => u[0]?.name ?? null)
          : Promise.resolve(null),
    ]);
    const instIds = ground.ids;
    const targets = selectTargets(all, period.year);
    const kinds = new Set<UsageEventKind>();
    const fromEvents = new Map<string, Extract<EvidenceCondition, { kind: EventsMeasure }>>();
    for (const t of targets) {
      for (const k of INDICATOR_KINDS[t.indicator] ?? []) kinds.add(k);
      for (const k of t.usageKinds ?? []) kinds.add(k); // an absolute target's own kinds (usage_total)
      for (const c of [...(t.evidenceRule?.all ?? []), ...(t.evidenceRule?.any ?? [])])
        if (isEventsCondition(c)) fromEvents.set(conditionKey(c), c);
        else kinds.add(c.kind);
    }
    const [institutions, restatements] = await Promise.all([
      dir.describeInstitutions(instIds, endOfPeriod),
      this.usage.restatements([...instIds, ...scope], `${plan.baseYear}-01-01`, `${period.year + 1}-01-01`),
    ]);
    const input: EngineInput = {
      baseYear: plan.baseYear,
      year: period.year,
      institutions,
      figures: new Map(),
      activityCounts: new Map(),
      participation: new Map(),
      membersByYear: ground.byYear,
    };
    const [figures, eventFigures] = await Promise.all([
      this.figureTable(institutions, [...kinds], plan.baseYear - 1, period),
      this.eventsTable(institutions, [...fromEvents.values()], plan.baseYear - 1, period),
      ...targets
        .filter((t) => t.indicator === 'activity_count')
        .map(async (t) =>
          input.activityCounts!.set(
            t.id,
            await this.activityCount(
              t,
              ground.byYear ? institutions.filter((i) => ground.byYear!.get(period.year)?.has(i.id)) : institutions,
              period.year,
            ),
          ),
        ),
    ]);
    input.figures = mergeFigures(figures, eventFigures);
    // Rotation indicators: what rotation reached with the jurisdiction's institutions as hosts.
    if (targets.some((t) => t.indicator in ROTATION_INDICATORS))
      input.rotation = await this.rotation.reach(instIds, plan.baseYear, period.year);
    for (const t of targets) {
      if (t.indicator === 'population_participation_share')
        input.participation!.set(
          t.id,
          await this.participation(t, scope, institutions, figures, plan.baseYear, period.year),
        );
    }
    const indicators = targets.map((t) => computeIndicator(t, input));

    const drillDown: ReportContent['drillDown'] = [];
    // A unit abolished before the end of the period has no children then: its ground is shown by the units its
    // institutions sit in now (the successors).
    if (unitId && !tree.length && dir.describeUnits) {
      const current = [
        ...new Set(
          institutions
            .filter((i) => i.unitId && (!ground.byYear || ground.byYear.get(period.year)?.has(i.id)))
            .map((i) => i.unitId),
        ),
      ];
      const units = current.length ? await dir.describeUnits(current, endOfPeriod) : [];
      if (!(await dir.unitsUnder([unitId], endOfPeriod)).length)
        for (const u of units) tree.push({ id: u.id, name: u.name, under: new Set([u.id]) });
    }
    for (const child of tree) {
      const sub = institutions.filter((i) => child.under.has(i.unitId));
      const subInput = { ...input, institutions: sub, activityCounts: new Map(), participation: new Map() };
      drillDown.push({
        unitId: child.id,
        name: child.name,
        indicators: targets
          .filter(
            (t) =>
              t.indicator !== 'activity_count' &&
              t.indicator !== 'population_participation_share' &&
              !(t.indicator in ROTATION_INDICATORS),
          )
          .map((t) => {
            const r = computeIndicator(t, subInput);
            return { key: r.key, value: r.value, coverage: r.coverage, status: r.status };
          }),
      });
    }
    return {
      plan: {
        id: plan.id,
        code: plan.code,
        title: plan.title,
        number: plan.number,
        issuer: plan.issuer,
        baseYear: plan.baseYear,
        issuedOn: plan.issuedOn,
        version: plan.version,
        source: plan.source,
      },
      period: { key: period.key, year: period.year, half: period.half, dueOn: period.dueOn },
      jurisdiction: { unitId, name: unitName },
      generatedAt: this.clock.now().toISOString(),
      figuresAsOf: (await this.usage.figuresAsOf()).toISOString(),
      provisional: vietnamDate(this.clock.now()) <= `${period.year}-${period.half ? '06-30' : '12-31'}`,
      indicators,
      drillDown,
      restatements,
    };
  }

  /** Units directly under `unitId`, each with the set of units under it (the tree read once). */
  private async children(
    unitId: string,
    asOf: Date,
  ): Promise<{ id: string; name: string | null; under: Set<string> }[]> {
    const dir = this.dir();
    const all = (await dir.unitsUnder([unitId], asOf)).filter((u) => u !== unitId);
    if (!all.length || !dir.describeUnits) return [];
    const units = await dir.describeUnits(all, asOf);
    return this.withDescendants(
      units,
      units.filter((u) => u.parentId === unitId),
    );
  }

  /** The given top units (the provinces of a national report), each with the set of units under it. */
  private async subtrees(
    top: { id: string; name: string | null }[],
    asOf: Date,
  ): Promise<{ id: string; name: string | null; under: Set<string> }[]> {
    const dir = this.dir();
    if (!top.length) return [];
    const all = await dir.unitsUnder(
      top.map((u) => u.id),
      asOf,
    );
    const units = dir.describeUnits ? await dir.describeUnits(all, asOf) : [];
    return this.withDescendants(units, top);
  }

  private withDescendants(
    units: { id: string; parentId: string | null }[],
    top: { id: string; name: string | null }[],
  ): { id: string; name: string | null; under: Set<string> }[] {
    const kids = new Map<string, string[]>();
    for (const u of units) if (u.parentId) kids.set(u.parentId, [...(kids.get(u.parentId) ?? []), u.id]);
    const descendants = (id: string): Set<string> => {
      const out = new Set<string>([id]);
      const stack = [id];
      while (stack.length) {
        for (const k of kids.get(stack.pop()!) ?? []) {
          if (out.has(k)) continue;
          out.add(k);
          stack.push(k);
        }
      }
      return out;
    };
    return top.map((u) => ({ id: u.id, name: u.name, under: descendants(u.id) }));
  }

  private async figureTable(
    institutions: InstitutionSummary[],
    kinds: UsageEventKind[],
    fromYear: number,
    period: ReportPeriod,
  ): Promise<FigureTable> {
    const table: FigureTable = new Map();
    // Half-year reports compare January–June with January–June of earlier years.
    const rows = await this.usage.yearly({
      scope: 'institution',
      ids: institutions.map((i) => i.id),
      kinds,
      fromYear,
      toYear: period.year,
      throughMonth: period.half ? 6 : undefined,
    });
    for (const r of rows) {
      let byYear = table.get(r.scopeId);
      if (!byYear) table.set(r.scopeId, (byYear = new Map()));
      let f = byYear.get(r.year);
      if (!f) byYear.set(r.year, (f = new Map()));
      f.set(r.kind, r.value);
    }
    return table;
  }

  /**
   * A yearly obligation: the programmes of the activity that the jurisdiction's institutions held in the year (in the
   * obligation's window), as the events module records them; null when events knows no such activity.
   */
  private async activityCount(t: TargetRow, institutions: InstitutionSummary[], year: number): Promise<number | null> {
    if (!t.activity) return null;
    const ids = covered(t, institutions).map((i) => i.id);
    return this.obligations.activityCount(t.activity.code, ids, year);
  }

  /**
   * The events conditions of the evidence rules, per institution and year: sessions held of programmes in the
   * categories (January–June for a half-year), club members during the year and club meetings held.
   */
  private async eventsTable(
    institutions: InstitutionSummary[],
    conditions: Extract<EvidenceCondition, { kind: EventsMeasure }>[],
    fromYear: number,
    period: ReportPeriod,
  ): Promise<FigureTable> {
    const table: FigureTable = new Map();
    if (!conditions.length || !institutions.length) return table;
    const ids = institutions.map((i) => i.id);
    const add = (institutionId: string, year: number, key: string, value: number) => {
      if (!value) return;
      let byYear = table.get(institutionId);
      if (!byYear) table.set(institutionId, (byYear = new Map()));
      let f = byYear.get(year);
      if (!f) byYear.set(year, (f = new Map()));
      f.set(key, (f.get(key) ?? 0) + value);
    };
    // Half-year reports compare January–June with January–June of earlier years, as the usage figures do.
    const window = period.half ? { from: '01-01', to: '06-30' } : undefined;
    await Promise.all(
      conditions.map(async (c) => {
        if (c.kind !== 'sessions_held' || !('categories' in c)) return;
        for (const r of await this.obligations.sessionsHeld(ids, c.categories, fromYear, period.year, window))
          add(r.institutionId, r.year, conditionKey(c), r.sessions);
      }),
    );
    // Clubs count by whole years (membership is by year); a club's meetings count only in a year it had members.
    const clubKinds = new Set(conditions.map((c) => c.kind).filter((k) => k !== 'sessions_held'));
    if (clubKinds.size) {
      const clubs = await this.clubs.clubsOf(ids);
      await Promise.all(
        clubs.map(async (club) => {
          for (const m of await this.clubs.membershipByYear(club.id)) {
            if (m.year < fromYear || m.year > period.year || !m.members) continue;
            if (clubKinds.has('club_members')) add(club.institutionId, m.year, 'club_members', m.members);
            if (clubKinds.has('club_meetings')) add(club.institutionId, m.year, 'club_meetings', m.meetingsHeld);
          }
        }),
      );
    }
    return table;
  }

  private async participation(
    t: TargetRow,
    scope: string[],
    institutions: InstitutionSummary[],
    figures: FigureTable,
    baseYear: number,
    year: number,
  ) {
    const dir = this.dir();
    const out = new Map<number, { attendance: number | null; population: number | null }>();
    if (!dir.populationOf) return out;
    let units = scope;
    if (t.unitKind) {
      if (!dir.describeUnits) return out;
      const desc = await dir.describeUnits((await dir.unitsUnder(scope)).filter((u) => !scope.includes(u)));
      const kindIds = new Set(desc.filter((u) => u.kind === t.unitKind).map((u) => u.id));
      units = desc.filter((u) => kindIds.has(u.id) && !(u.parentId && kindIds.has(u.parentId))).map((u) => u.id);
      if (!units.length) return out;
    }
    const under = new Set(await dir.unitsUnder(units));
    const insts = covered(t, institutions).filter((i) => under.has(i.unitId));
    for (let y = baseYear; y <= year; y++) {
      const pop = await dir.populationOf(units, y);
      const popTotal = units.every((u) => pop[u] !== undefined) ? units.reduce((s, u) => s + pop[u]!, 0) : null;
      let att = 0;
      let seen = false;
      for (const i of insts) {
        const v = figures.get(i.id)?.get(y)?.get('programme_attendance');
        if (v !== undefined) {
          att += v;
          seen = true;
        }
      }
      out.set(y, { attendance: seen ? att : null, population: popTotal });
    }
    return out;
  }

  /**
   * Generate and store the first report of (plan, period) unless one exists. The content is computed and the files
   * rendered outside any transaction; storing is one short transaction, and the unique (plan, period, revision)
   * lets only one of several racing workers store it (the others answer `exists`).
   */
  async generate(plan: PlanRow, period: ReportPeriod): Promise<'generated' | 'exists'> {
    if ((await this.plans.latestRevision(plan.id, period.key)) > 0) return 'exists';
    return (await this.storeRevision(plan, period, 1, null)) ? 'generated' : 'exists';
  }

  /** Generate the period's report again as a new revision, keeping the earlier ones. */
  async regenerate(plan: PlanRow, period: ReportPeriod, reason: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const revision = (await this.plans.latestRevision(plan.id, period.key)) + 1;
      if (await this.storeRevision(plan, period, revision, revision === 1 ? null : reason.normalize('NFC').trim()))
        return revision;
    }
    throw PlansErrors.versionConflict({ id: plan.id, version: await this.plans.latestRevision(plan.id, period.key) });
  }

  /** Store exactly revision `revision` (idempotent: `exists` when it is stored already). */
  async storeAs(
    plan: PlanRow,
    period: ReportPeriod,
    revision: number,
    reason: string | null,
  ): Promise<'generated' | 'exists'> {
    if ((await this.plans.report(plan.id, period.key, revision)) !== undefined) return 'exists';
    return (await this.storeRevision(
      plan,
      period,
      revision,
      revision === 1 ? null : reason?.normalize('NFC').trim() || null,
    ))
      ? 'generated'
      : 'exists';
  }

  private async storeRevision(
    plan: PlanRow,
    period: ReportPeriod,
    revision: number,
    reason: string | null,
  ): Promise<boolean> {
    const content = { ...(await this.build(plan, period, plan.jurisdictionUnitId)), revision, provisional: false };
    const files = [
      { format: 'csv', bytes: reportCsv(content) },
      { format: 'xlsx', bytes: await reportXlsx(content) },
      { format: 'pdf', bytes: await reportPdf(content) },
    ];
    return this.dataSource.transaction(async (m) => {
      const id = await this.plans.insertReport(m, {
        planId: plan.id,
        periodKey: period.key,
        unitId: plan.jurisdictionUnitId,
        dueOn: period.dueOn,
        revision,
        reason,
        planVersion: plan.version,
        content,
      });
      if (!id) return false;
      await this.plans.storeFiles(m, id, files);
      return true;
    });
  }

  /** Generate every report whose generation day has come and that does not exist yet (missed runs are caught up). */
  async generateDue(): Promise<{ generated: string[] }> {
    const today = vietnamDate(this.clock.now());
    const generated: string[] = [];
    for (const plan of await this.plans.list(null)) {
      if (plan.status !== 'adopted') continue;
      const targets = await this.plans.targets(plan.id);
      const lastYear = plan.horizonYear ?? Math.max(plan.baseYear + 1, ...targets.map((t) => t.year));
      const existing = new Set((await this.plans.reportKeys(plan.id)).map((r) => r.periodKey));
      for (const period of periodsDue(plan.reportingCalendar, plan.baseYear, lastYear, today)) {
        // Only periods that are over (a deadline inside the period, e.g. 10 December, waits for its end).
        if (existing.has(period.key) || today <= `${period.year}-${period.half ? '06-30' : '12-31'}`) continue;
        if ((await this.generate(plan, period)) === 'generated') generated.push(`${plan.code}:${period.key}`);
      }
    }
    if (generated.length) this.log.log(`generated ${generated.length} reports: ${generated.join(', ')}`);
    return { generated };
  }

  async stored(
    plan: PlanRow,
    periodKey: string,
    revision?: number,
  ): Promise<{ content: ReportContent; generatedAt: string }> {
    const r = await this.plans.report(plan.id, periodKey, revision);
    if (!r) throw PlansErrors.reportNotFound({ id: plan.id, period: periodKey });
    return { content: { ...(r.content as ReportContent), revision: r.revision }, generatedAt: r.generatedAt };
  }

  async file(plan: PlanRow, periodKey: string, format: ReportFormat, revision?: number): Promise<Buffer> {
    const f = await this.plans.reportFile(plan.id, periodKey, format, revision);
    if (!f) throw PlansErrors.reportNotFound({ id: plan.id, period: periodKey });
    return f;
  }

  list(plan: PlanRow) {
    return this.plans.reportKeys(plan.id);
  }
}

/** Name of the jurisdiction of a national report. */
export const NATIONAL_NAME = 'Toàn quốc';

/**
 * Usage figures with the events conditions beside them. An institution with events records in a year but no usage
 * figure has reported that year (what events recorded is a report).
 */
function mergeFigures(usage: FigureTable, events: FigureTable): FigureTable {
  for (const [id, years] of events) {
    let byYear = usage.get(id);
    if (!byYear) usage.set(id, (byYear = new Map()));
    for (const [y, f] of years) {
      const into = byYear.get(y);
      if (!into) byYear.set(y, new Map(f));
      else for (const [k, v] of f) into.set(k, v);
    }
  }
  return usage;
}

/**
 * Targets to report for a year: per indicator and coverage, the nearest target year at or after it (else the
 * latest); yearly activity targets only for that year.
 */
export function selectTargets(all: TargetRow[], year: number): TargetRow[] {
  const groups = new Map<string, TargetRow[]>();
  for (const t of all) {
    if (t.indicator === 'activity_count') continue;
    const g = `${t.indicator}|${[...t.institutionTypes].sort()}|${[...t.levels].sort()}|${t.unitKind ?? ''}`;
    groups.set(g, [...(groups.get(g) ?? []), t]);
  }
  const out: TargetRow[] = [];
  for (const list of groups.values()) {
    const ahead = list.filter((t) => t.year >= year).sort((a, b) => a.year - b.year);
    const pick = ahead[0] ?? [...list].sort((a, b) => b.year - a.year)[0]!;
    out.push(pick);
  }
  out.push(...all.filter((t) => t.indicator === 'activity_count' && t.year === year));
  return out;
}
