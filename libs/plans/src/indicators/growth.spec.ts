import { describe, expect, it } from '@jest/globals';
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
} from './growth.js';

// Every expected figure below was worked out by hand (shown in the comments).
describe('year on year', () => {
  it('is (Vt − Vt−1) / Vt−1', () => {
    expect(yearOnYear(1080, 1000)).toBeCloseTo(0.08, 12); // 80 / 1000
    expect(yearOnYear(900, 1200)).toBeCloseTo(-0.25, 12); // −300 / 1200
  });
  it('is null for a zero or missing base and for a missing value, never zero', () => {
    expect(yearOnYear(50, 0)).toBeNull();
    expect(yearOnYear(50, null)).toBeNull();
    expect(yearOnYear(null, 100)).toBeNull();
    expect(yearOnYear(0, 100)).toBe(-1);
  });
});

describe('average annual growth (compound)', () => {
  it('is (V_end / V_start)^(1/n) − 1', () => {
    // 10,000 → 12,597.12 over 3 years: 1.2597120 = 1.08³ → 8 %.
    expect(compoundGrowth(10_000, 12_597.12, 3)).toBeCloseTo(0.08, 10);
    // 2,000 → 2,420 over 2 years: √1.21 = 1.1 → 10 %.
    expect(compoundGrowth(2000, 2420, 2)).toBeCloseTo(0.1, 12);
    // 1,000 → 810 over 2 years: √0.81 = 0.9 → −10 %.
    expect(compoundGrowth(1000, 810, 2)).toBeCloseTo(-0.1, 12);
  });
  it('is null for a zero or missing start, a missing end or no elapsed years', () => {
    expect(compoundGrowth(0, 500, 2)).toBeNull();
    expect(compoundGrowth(null, 500, 2)).toBeNull();
    expect(compoundGrowth(500, null, 2)).toBeNull();
    expect(compoundGrowth(500, 600, 0)).toBeNull();
  });
});

describe('on track', () => {
  it('tests Vt ≥ V_base · (1 + g)^(t − base)', () => {
    // base 2022: 1,000 visits, 8 %/yr; 2024 needs 1,000 · 1.08² = 1,166.4.
    expect(requiredValue(1000, 0.08, 2022, 2024)).toBeCloseTo(1166.4, 9);
    expect(onTrack(1166.4, 1000, 0.08, 2022, 2024)).toBe(true);
    expect(onTrack(1166.3, 1000, 0.08, 2022, 2024)).toBe(false);
    // 100 · 1.1² = 121 exactly on the line (floating point gives 121.00000000000001).
    expect(onTrack(121, 100, 0.1, 2023, 2025)).toBe(true);
    expect(onTrack(null, 100, 0.1, 2023, 2025)).toBeNull();
    expect(onTrack(121, 0, 0.1, 2023, 2025)).toBeNull();
  });
});

describe('like-for-like growth', () => {
  it('compares only institutions with data in both periods (openings and closures left out)', () => {
    const y2023 = new Map([
      ['A', 1000],
      ['B', 500],
      ['C', 300], // closed in 2024
    ]);
    const y2024 = new Map([
      ['A', 1100],
      ['B', 550],
      ['D', 800], // opened in 2024
    ]);
    // totals: 1,800 → 2,450 = +36.1 %; like-for-like A+B: 1,500 → 1,650 = +10 %.
    expect(yearOnYear(2450, 1800)).toBeCloseTo(0.361111, 5);
    const l = likeForLike(y2023, y2024);
    expect(l).toEqual({ growth: expect.any(Number), institutions: 2, previous: 1500, current: 1650 });
    expect(l.growth).toBeCloseTo(0.1, 12);
  });
  it('is null when no institution is in both periods or the common base is zero', () => {
    expect(likeForLike(new Map([['A', 5]]), new Map([['B', 5]])).growth).toBeNull();
    expect(likeForLike(new Map([['A', 0]]), new Map([['A', 5]])).growth).toBeNull();
  });
});

describe('coverage and shares', () => {
  it('says how many expected institutions reported', () => {
    expect(coverage(17, 20)).toEqual({ reported: 17, expected: 20, share: 0.85 });
    expect(coverage(0, 0)).toEqual({ reported: 0, expected: 0, share: null });
    expect(share(7, 10)).toBeCloseTo(0.7, 12);
    expect(share(0, 10)).toBe(0);
    expect(share(3, 0)).toBeNull();
    expect(share(null, 10)).toBeNull();
  });
});

describe('ranges and attainment', () => {
  it('meets a range at its lower bound and reports both bounds', () => {
    // "tăng bình quân 8–10 % mỗi năm"
    expect(againstBounds(0.085, { min: 0.08, max: 0.1 })).toEqual({ meetsLower: true, meetsUpper: false });
    expect(againstBounds(0.08, { min: 0.08, max: 0.1 })).toEqual({ meetsLower: true, meetsUpper: false });
    expect(againstBounds(0.1, { min: 0.08, max: 0.1 })).toEqual({ meetsLower: true, meetsUpper: true });
    expect(againstBounds(0.079, { min: 0.08, max: 0.1 })).toEqual({ meetsLower: false, meetsUpper: false });
    expect(againstBounds(null, { min: 0.08, max: 0.1 })).toEqual({ meetsLower: null, meetsUpper: null });
  });

  it('grades a growth target: met, on track, at risk (within 10 % of the rate), off track', () => {
    const g = (value: number | null, year: number) =>
      attainment({ kind: 'growth', value, projected: null, bounds: { min: 0.08, max: 0.1 }, year, targetYear: 2025 });
    expect(g(0.081, 2025)).toBe('met');
    expect(g(0.079, 2025)).toBe('off_track');
    expect(g(0.08, 2024)).toBe('on_track');
    expect(g(0.073, 2024)).toBe('at_risk'); // ≥ 0.072 = 0.08 − 10 %
    expect(g(0.071, 2024)).toBe('off_track');
    expect(g(null, 2024)).toBe('no_data');
  });

  it('grades a share target by its projection to the target year', () => {
    // 2023 share 0.60 growing 5 %/yr → 2025: 0.60 · 1.05² = 0.6615; target 70 %: 0.6615 ≥ 0.63 → at risk.
    const projected = project(0.6, 0.05, 2);
    expect(projected).toBeCloseTo(0.6615, 10);
    expect(
      attainment({
        kind: 'level',
        value: 0.6,
        projected,
        bounds: { min: 0.7, max: null },
        year: 2023,
        targetYear: 2025,
      }),
    ).toBe('at_risk');
    expect(
      attainment({
        kind: 'level',
        value: 0.6,
        projected: 0.72,
        bounds: { min: 0.7, max: null },
        year: 2023,
        targetYear: 2025,
      }),
    ).toBe('on_track');
    expect(
      attainment({
        kind: 'level',
        value: 0.6,
        projected: 0.62,
        bounds: { min: 0.7, max: null },
        year: 2023,
        targetYear: 2025,
      }),
    ).toBe('off_track');
    expect(
      attainment({
        kind: 'level',
        value: 0.7,
        projected: null,
        bounds: { min: 0.7, max: null },
        year: 2025,
        targetYear: 2025,
      }),
    ).toBe('met');
    expect(
      attainment({
        kind: 'level',
        value: 0.69,
        projected: null,
        bounds: { min: 0.7, max: null },
        year: 2025,
        targetYear: 2025,
      }),
    ).toBe('off_track');
  });

  it('projects 2025 and 2030 values at the compound rate', () => {
    // 1,166.4 in 2024 at 8 %: 2025 → 1,259.712; 2030 → 1,166.4 · 1.08⁶ = 1,850.9302…
    expect(project(1166.4, 0.08, 1)).toBeCloseTo(1259.712, 9);
    expect(project(1166.4, 0.08, 6)).toBeCloseTo(1850.9302, 3);
    expect(project(null, 0.08, 1)).toBeNull();
    expect(project(100, null, 1)).toBeNull();
  });
});
