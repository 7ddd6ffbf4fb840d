/**
 * Growth and attainment formulas (docs/domain.md, "Growth"). Pure functions; `null` means missing, never zero.
 */

/** Year on year: (Vₜ − Vₜ₋₁) / Vₜ₋₁; null when either is missing or the base is zero. */
export function yearOnYear(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

/** Average annual growth ("tăng bình quân"): (V_end / V_start)^(1/n) − 1 over n years; null when undefined. */
export function compoundGrowth(start: number | null, end: number | null, years: number): number | null {
  if (start === null || end === null || start <= 0 || end < 0 || years <= 0) return null;
  return Math.pow(end / start, 1 / years) - 1;
}

/** The value year `year` must reach to be on track: V_base · (1 + g)^(year − base). */
export function requiredValue(base: number, rate: number, baseYear: number, year: number): number {
  return base * Math.pow(1 + rate, year - baseYear);
}

/** On track in year t: Vₜ ≥ V_base · (1 + g)^(t − base). Null when a value is missing or the base is zero. */
export function onTrack(
  value: number | null,
  base: number | null,
  rate: number,
  baseYear: number,
  year: number,
): boolean | null {
  if (value === null || base === null || base <= 0) return null;
  // Tolerance for binary floating point (e.g. 100·1.1² = 121.00000000000001).
  return value >= requiredValue(base, rate, baseYear, year) - 1e-9 * Math.max(1, base);
}

/**
 * Like-for-like growth: only institutions with data in both periods. Institutions that opened, closed or did not
 * report in one of the periods are left out; `institutions` says how many were compared.
 */
export function likeForLike(
  previous: Map<string, number>,
  current: Map<string, number>,
): { growth: number | null; institutions: number; previous: number; current: number } {
  let prev = 0;
  let curr = 0;
  let n = 0;
  for (const [id, p] of previous) {
    const c = current.get(id);
    if (c === undefined) continue;
    prev += p;
    curr += c;
    n++;
  }
  return { growth: n ? yearOnYear(curr, prev) : null, institutions: n, previous: prev, current: curr };
}

/** Data coverage: how many of the expected institutions (or units) reported. Share null when none expected. */
export function coverage(
  reported: number,
  expected: number,
): { reported: number; expected: number; share: number | null } {
  return { reported, expected, share: expected > 0 ? reported / expected : null };
}

/** A share; null when the denominator is zero or missing. */
export function share(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

/** A target value or range ("8–10%"): a range is met at its lower bound and reported against both. */
export interface TargetBounds {
  min: number;
  max: number | null;
}

export function againstBounds(
  value: number | null,
  t: TargetBounds,
): { meetsLower: boolean | null; meetsUpper: boolean | null } {
  if (value === null) return { meetsLower: null, meetsUpper: null };
  const eps = 1e-9;
  return { meetsLower: value >= t.min - eps, meetsUpper: t.max === null ? null : value >= t.max - eps };
}

/** Projection of a value `years` ahead at a compound rate (null when either is missing). */
export function project(value: number | null, rate: number | null, years: number): number | null {
  if (value === null || rate === null) return null;
  return value * Math.pow(1 + rate, years);
}

/** `undetermined`: institutions that did not report could change the verdict (see the engine). */
export type AttainmentStatus = 'met' | 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'undetermined';

/** Share of the target a projection may fall short by and still be "at risk" rather than "off track". */
export const AT_RISK_MARGIN = 0.1;

/**
 * Attainment of a target in `year` (the year reported on) against a target for `targetYear`.
 * - Growth targets (`kind: 'growth'`): the value is the average annual growth since the base year; met when the
 *   target year has come and the rate ≥ the lower bound; before that, on track when the rate ≥ the lower bound,
 *   at risk within AT_RISK_MARGIN (relative) of it, else off track.
 * - Level targets (shares, counts): compared directly once the target year has come; before, the projection to
 *   the target year decides (≥ lower bound on track, within the margin at risk).
 */
export function attainment(opts: {
  kind: 'growth' | 'level';
  value: number | null;
  projected: number | null;
  bounds: TargetBounds;
  year: number;
  targetYear: number;
}): AttainmentStatus {
  const { value, bounds, year, targetYear } = opts;
  if (value === null) return 'no_data';
  const eps = 1e-9;
  const probe = opts.kind === 'growth' || year >= targetYear ? value : opts.projected;
  if (probe === null) return 'no_data';
  if (probe >= bounds.min - eps) return year >= targetYear ? 'met' : 'on_track';
  if (year >= targetYear) return 'off_track';
  const floor =
    opts.kind === 'growth' ? bounds.min - Math.abs(bounds.min) * AT_RISK_MARGIN : bounds.min * (1 - AT_RISK_MARGIN);
  return probe >= floor - eps ? 'at_risk' : 'off_track';
}
