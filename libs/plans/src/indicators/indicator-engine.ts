import type { InstitutionSummary } from '@suotdoi/platform';
import type { UsageEventKind } from '@suotdoi/usage';
import {
  againstBounds,
  attainment,
  compoundGrowth,
  coverage,
  likeForLike,
  onTrack,
  project,
  requiredValue,
  share,
  yearOnYear,
  type AttainmentStatus,
} from './growth.js';
import {
  conditionKey,
  INDICATOR_KIND,
  INDICATOR_KINDS,
  INDICATOR_NEEDS,
  ROTATION_INDICATORS,
  type EvidenceRule,
  type Indicator,
} from '../plans/plan.types.js';

/**
 * Yearly figures per institution: institutionId → year → usage kind (or events condition key, `conditionKey`) →
 * value. Absent = no data (never zero).
 */
export type FigureTable = Map<string, Map<number, Map<string, number>>>;

export interface TargetRow {
  id: string;
  key: string;
  indicator: Indicator;
  institutionTypes: string[];
  levels: string[];
  unitKind: string | null;
  year: number;
  min: number;
  max: number | null;
  evidenceRule: EvidenceRule | null;
  evidenceRuleCode: string | null;
  activity: { code: string; nameVi: string; window?: { from: string; to: string } } | null;
  /** Usage kinds summed by an absolute (usage_total) or registered target; null: the indicator's own kinds. */
  usageKinds?: UsageEventKind[] | null;
  descriptionVi: string;
}

export interface EvidenceRow {
  institutionId: string;
  name: string;
  reported: boolean;
  satisfied: boolean | null;
  figures: Partial<Record<string, number>>;
}

export interface IndicatorResult {
  targetId: string;
  key: string;
  indicator: Indicator;
  descriptionVi: string;
  targetYear: number;
  target: { min: number; max: number | null };
  /** The figure for the period: a share (0–1), a count, or for growth indicators the average annual growth. */
  value: number | null;
  against: { meetsLower: boolean | null; meetsUpper: boolean | null };
  coverage: { reported: number; expected: number; share: number | null };
  status: AttainmentStatus;
  projected: { 2025: number | null; 2030: number | null };
  growth?: {
    baseYear: number;
    baseValue: number | null;
    currentValue: number | null;
    yearOnYear: number | null;
    averageAnnual: number | null;
    likeForLike: { growth: number | null; institutions: number };
    onTrack: boolean | null;
    /** The value the period's year must reach to be on track: V_base · (1 + target)^(year − base). */
    requiredValue?: number | null;
  };
  /** Expected institutions with no figure for the period ("no report"): counted in the denominator and listed. */
  noReport?: { institutionId: string; name: string }[];
  /** For a share: the value if every institution without a report met the rule (the upper end of what is possible). */
  valueIfAllReported?: number | null;
  /** Why the status is `undetermined`: the missing figures could change the verdict. */
  undeterminedBecause?: { vi: string; en: string };
  /** Yearly values from the base year to the period's year, for charts. */
  series: { year: number; value: number | null; coverage: number | null }[];
  evidence?: EvidenceRow[];
  note?: string;
}

export interface EngineInput {
  baseYear: number;
  year: number;
  institutions: InstitutionSummary[];
  figures: FigureTable;
  /** Activity counts per target id (null when they cannot be counted). */
  activityCounts?: Map<string, number | null>;
  /** Participation: attendance and population per target id and year (null when unknown). */
  participation?: Map<string, Map<number, { attendance: number | null; population: number | null }>>;
  /**
   * The institutions counted in each year (open during it, in the jurisdiction then). Absent: every institution
   * in `institutions` counts every year.
   */
  membersByYear?: Map<number, Set<string>>;
  /** What rotation reached per year over the institutions (copies rotated, communes and schools reached). */
  rotation?: Map<number, { copiesRotated: number; communesReached: number; schoolsReached: number }>;
}

export function covered(
  t: Pick<TargetRow, 'institutionTypes' | 'levels'>,
  list: InstitutionSummary[],
): InstitutionSummary[] {
  return list.filter(
    (i) =>
      (!t.institutionTypes.length || t.institutionTypes.includes(i.type)) &&
      (!t.levels.length || (i.level !== null && t.levels.includes(i.level))),
  );
}

/** Whether yearly figures satisfy an evidence rule. */
export function satisfies(rule: EvidenceRule, f: Map<string, number> | undefined): boolean {
  const v = (c: Parameters<typeof conditionKey>[0]) => f?.get(conditionKey(c)) ?? 0;
  const all = (rule.all ?? []).every((c) => v(c) >= c.min);
  const any = !rule.any?.length || rule.any.some((c) => v(c) >= c.min);
  return all && any;
}

const sumKinds = (f: Map<string, number> | undefined, kinds: UsageEventKind[]): number | null => {
  if (!f) return null;
  let s = 0;
  let seen = false;
  for (const k of kinds) {
    const x = f.get(k);
    if (x !== undefined) {
      s += x;
      seen = true;
    }
  }
  return seen ? s : null;
};

const years = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const cap = (v: number | null, kind: 'share' | 'other') => (v === null || kind === 'other' ? v : Math.min(1, v));

/** Compute one target's indicator for the period year over the given institutions. */
export function computeIndicator(t: TargetRow, input: EngineInput): IndicatorResult {
  const { baseYear, year, figures } = input;
  const all = covered(t, input.institutions);
  const inYear = (y: number) => (input.membersByYear ? all.filter((i) => input.membersByYear!.get(y)?.has(i.id)) : all);
  const insts = inYear(year);
  const reportedIn = (y: number) => inYear(y).filter((i) => figures.get(i.id)?.has(y));
  const noReport = insts
    .filter((i) => !figures.get(i.id)?.has(year))
    .map((i) => ({ institutionId: i.id, name: i.name }));
  const base: Omit<IndicatorResult, 'value' | 'against' | 'coverage' | 'status' | 'projected' | 'series'> & {
    noReport: IndicatorResult['noReport'];
  } = {
    targetId: t.id,
    key: t.key,
    indicator: t.indicator,
    descriptionVi: t.descriptionVi,
    targetYear: t.year,
    target: { min: t.min, max: t.max },
    noReport,
  };
  const kind = INDICATOR_KIND[t.indicator];
  const finish = (
    value: number | null,
    cov: IndicatorResult['coverage'],
    series: IndicatorResult['series'],
    projected: IndicatorResult['projected'],
    extra: Partial<IndicatorResult> = {},
  ): IndicatorResult => {
    const probe = t.year === 2030 ? projected[2030] : t.year === 2025 ? projected[2025] : value === null ? null : value;
    const statusValue = kind === 'growth' ? (extra.growth?.averageAnnual ?? null) : value;
    return {
      ...base,
      value,
      against: againstBounds(kind === 'growth' ? (extra.growth?.averageAnnual ?? null) : value, {
        min: t.min,
        max: t.max,
      }),
      coverage: cov,
      status: attainment({
        kind,
        value: statusValue,
        projected: probe,
        bounds: { min: t.min, max: t.max },
        year,
        targetYear: t.year,
      }),
      projected,
      series,
      ...extra,
    };
  };
  /** A verdict that the missing figures could overturn is not given: `undetermined`, saying why. */
  const unsure = (r: IndicatorResult, holds: (s: AttainmentStatus) => boolean): IndicatorResult => {
    if (!r.noReport?.length || r.status === 'no_data' || holds(r.status)) return r;
    const n = r.noReport!.length;
    return {
      ...r,
      status: 'undetermined',
      undeterminedBecause: {
        vi: `${n} cơ sở chưa báo cáo; số liệu của ${n === 1 ? 'cơ sở này' : 'các cơ sở này'} có thể làm thay đổi kết quả đánh giá (nếu có đầy đủ: ${STATUS_WORD_VI[r.status]})`,
        en: `${n} institution${n === 1 ? '' : 's'} did not report; their figures could change the verdict (${r.status} on the figures reported)`,
      },
    };
  };
  const POSITIVE = (s: AttainmentStatus) => s === 'met' || s === 'on_track';

  if (t.indicator === 'activity_count') {
    const count = input.activityCounts?.get(t.id) ?? null;
    const rep = reportedIn(year).length;
    return finish(
      count,
      coverage(rep, insts.length),
      [{ year, value: count, coverage: coverage(rep, insts.length).share }],
      { 2025: null, 2030: null },
      count === null ? { note: 'Không đếm được tự động: cần số liệu hoạt động (no countable source yet)' } : {},
    );
  }

  if (t.indicator in ROTATION_INDICATORS) {
    // Counted by rotation from its shipments and stop visits: every year has a value (none rotated is 0).
    const measure = ROTATION_INDICATORS[t.indicator as keyof typeof ROTATION_INDICATORS];
    const series = years(baseYear, year).map((y) => ({
      year: y,
      value: input.rotation?.get(y)?.[measure] ?? null,
      coverage: null,
    }));
    const value = series.at(-1)?.value ?? null;
    const rate = compoundGrowth(series[0]?.value ?? null, value, year - baseYear);
    return finish(
      value,
      coverage(insts.length, insts.length),
      series,
      { 2025: year <= 2025 ? project(value, rate, 2025 - year) : null, 2030: project(value, rate, 2030 - year) },
      { noReport: [] },
    );
  }

  if (t.indicator === 'population_participation_share') {
    const per = input.participation?.get(t.id);
    const series = years(baseYear, year).map((y) => {
      const p = per?.get(y);
      return { year: y, value: p ? share(p.attendance, p.population) : null, coverage: null };
    });
    const value = series.at(-1)?.value ?? null;
    const rate = compoundGrowth(series[0]?.value ?? null, value, year - baseYear);
    const rep = reportedIn(year).length;
    return finish(
      value,
      coverage(rep, insts.length),
      series,
      { 2025: cap(project(value, rate, 2025 - year), 'share'), 2030: cap(project(value, rate, 2030 - year), 'share') },
      {
        note: 'Lượt tham gia / dân số (participations per inhabitant; a person taking part twice counts twice)',
      },
    );
  }

  if (kind === 'growth') {
    const kinds = t.usageKinds?.length ? t.usageKinds : (INDICATOR_KINDS[t.indicator] ?? []);
    const totalIn = (y: number): { total: number | null; reported: number } => {
      let total = 0;
      let reported = 0;
      // An institution that reported anything this year reported its count of these kinds (absent kind: none).
      for (const i of inYear(y)) {
        const f = figures.get(i.id)?.get(y);
        if (!f) continue;
        total += sumKinds(f, kinds) ?? 0;
        reported++;
      }
      return { total: reported ? total : null, reported };
    };
    const series = years(baseYear, year).map((y) => {
      const r = totalIn(y);
      return { year: y, value: r.total, coverage: coverage(r.reported, inYear(y).length).share };
    });
    const baseValue = series[0]?.value ?? null;
    const current = totalIn(year);
    const prev = year - 1 >= baseYear ? (series.at(-2)?.value ?? null) : totalIn(year - 1).total;
    const perInst = (y: number) =>
      new Map(
        inYear(y).flatMap((i) => {
          const v = sumKinds(figures.get(i.id)?.get(y), kinds);
          return v === null ? [] : [[i.id, v] as [string, number]];
        }),
      );
    const lfl = likeForLike(perInst(year - 1), perInst(year));
    const avg = compoundGrowth(baseValue, current.total, year - baseYear);
    const baseMissing = inYear(baseYear).length - totalIn(baseYear).reported;
    const r = finish(
      avg,
      coverage(current.reported, insts.length),
      series,
      {
        2025: year <= 2025 ? project(current.total, avg, 2025 - year) : null,
        2030: project(current.total, avg, 2030 - year),
      },
      {
        growth: {
          requiredValue: baseValue === null ? null : requiredValue(baseValue, t.min, baseYear, year),
          baseYear,
          baseValue,
          currentValue: current.total,
          yearOnYear: yearOnYear(current.total, prev),
          averageAnnual: avg,
          likeForLike: { growth: lfl.growth, institutions: lfl.institutions },
          onTrack: onTrack(current.total, baseValue, t.min, baseYear, year),
        },
      },
    );
    // Missing figures this year can only raise the total (a good verdict holds); missing in the base year can raise
    // the base (then nothing holds for sure).
    const withBase =
      baseMissing > 0 && !r.noReport?.length
        ? {
            ...r,
            noReport: inYear(baseYear)
              .filter((i) => !figures.get(i.id)?.has(baseYear))
              .map((i) => ({ institutionId: i.id, name: i.name })),
          }
        : r;
    return unsure(withBase, baseMissing > 0 ? () => false : POSITIVE);
  }

  if (t.indicator === 'usage_total' || (INDICATOR_NEEDS[t.indicator]?.usageKinds && kind === 'level')) {
    const kinds = t.usageKinds ?? INDICATOR_KINDS[t.indicator] ?? [];
    const totalIn = (y: number) => {
      let total = 0;
      let reported = 0;
      // An institution that reported anything this year reported its count of these kinds (absent kind: none).
      for (const i of inYear(y)) {
        const f = figures.get(i.id)?.get(y);
        if (!f) continue;
        total += sumKinds(f, kinds) ?? 0;
        reported++;
      }
      return { total: reported ? total : null, reported };
    };
    const series = years(baseYear, year).map((y) => {
      const r = totalIn(y);
      return { year: y, value: r.total, coverage: coverage(r.reported, inYear(y).length).share };
    });
    const now = totalIn(year);
    const rate = compoundGrowth(series[0]?.value ?? null, now.total, year - baseYear);
    const r = finish(now.total, coverage(now.reported, insts.length), series, {
      2025: year <= 2025 ? project(now.total, rate, 2025 - year) : null,
      2030: project(now.total, rate, 2030 - year),
    });
    return unsure(r, POSITIVE);
  }

  // Share of covered institutions whose figures satisfy the evidence rule, among those that reported.
  // Institutions without a report stay in the denominator: the value counts them as not meeting the rule, and
  // valueIfAllReported as meeting it; when the two verdicts differ the status is undetermined.
  const rule = t.evidenceRule ?? {};
  const shareIn = (y: number) => {
    const rep = reportedIn(y);
    const expected = inYear(y).length;
    const ok = rep.filter((i) => satisfies(rule, figures.get(i.id)?.get(y))).length;
    return {
      value: rep.length ? share(ok, expected) : null,
      upper: rep.length ? share(ok + expected - rep.length, expected) : null,
      cov: coverage(rep.length, expected),
    };
  };
  const series = years(baseYear, year).map((y) => {
    const s = shareIn(y);
    return { year: y, value: s.value, coverage: s.cov.share };
  });
  const now = shareIn(year);
  const rate = compoundGrowth(series[0]?.value ?? null, now.value, year - baseYear);
  // Without a usable base the share is projected flat (no trend can be drawn from one point).
  const proj = (to: number) =>
    now.value === null ? null : cap(rate === null ? now.value : project(now.value, rate, to - year), 'share');
  const evidence: EvidenceRow[] = insts.map((i) => {
    const f = figures.get(i.id)?.get(year);
    return {
      institutionId: i.id,
      name: i.name,
      reported: !!f,
      satisfied: f ? satisfies(rule, f) : null,
      figures: f ? Object.fromEntries(f) : {},
    };
  });
  const low = finish(
    now.value,
    now.cov,
    series,
    { 2025: year <= 2025 ? proj(2025) : null, 2030: proj(2030) },
    { evidence, valueIfAllReported: now.upper },
  );
  if (!low.noReport?.length || now.upper === null) return low;
  const rateHigh = compoundGrowth(series[0]?.value ?? null, now.upper, year - baseYear);
  const projHigh = (to: number) =>
    cap(rateHigh === null ? now.upper : project(now.upper, rateHigh, to - year), 'share');
  const high = finish(now.upper, now.cov, series, { 2025: year <= 2025 ? projHigh(2025) : null, 2030: projHigh(2030) });
  return unsure(low, (s) => s === high.status);
}

const STATUS_WORD_VI: Record<string, string> = {
  met: 'đạt',
  on_track: 'đúng tiến độ',
  at_risk: 'có nguy cơ',
  off_track: 'chậm tiến độ',
  no_data: 'chưa có số liệu',
  undetermined: 'chưa xác định',
};
