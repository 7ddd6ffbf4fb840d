import { describe, expect, it } from '@jest/globals';
import type { InstitutionSummary } from '@suotdoi/platform';
import type { UsageEventKind } from '@suotdoi/usage';
import { computeIndicator, type FigureTable, type TargetRow } from './indicator-engine.js';

const inst = (id: string, type: string, level: string | null): InstitutionSummary => ({
  id,
  code: id,
  name: `Thư viện ${id}`,
  type,
  level,
  unitId: 'u',
  parentInstitutionId: null,
});
const table = (rows: [string, number, Partial<Record<UsageEventKind, number>>][]): FigureTable => {
  const t: FigureTable = new Map();
  for (const [id, y, f] of rows) {
    if (!t.has(id)) t.set(id, new Map());
    t.get(id)!.set(y, new Map(Object.entries(f) as [UsageEventKind, number][]));
  }
  return t;
};
const target = (over: Partial<TargetRow>): TargetRow => ({
  id: 't',
  key: 'k',
  indicator: 'user_visits_growth',
  institutionTypes: ['public_library'],
  levels: [],
  unitKind: null,
  year: 2025,
  min: 0.08,
  max: 0.1,
  evidenceRule: null,
  evidenceRuleCode: null,
  activity: null,
  descriptionVi: 'Lượt người sử dụng tăng bình quân 8–10%/năm',
  ...over,
});

describe('user visits growth over a network with openings and closures', () => {
  // A, B report every year; C closes after 2023; D opens in 2024; M is a museum (not covered); E never reports.
  const institutions = [
    inst('A', 'public_library', 'district'),
    inst('B', 'public_library', 'commune'),
    inst('C', 'public_library', 'commune'),
    inst('D', 'public_library', 'commune'),
    inst('E', 'public_library', 'commune'),
    inst('M', 'museum', null),
  ];
  const figures = table([
    ['A', 2022, { visit: 800, virtual_visit: 200 }], // 1,000
    ['B', 2022, { visit: 500 }],
    ['C', 2022, { visit: 500 }], // 2022 total 2,000
    ['A', 2023, { visit: 1100 }],
    ['B', 2023, { visit: 550 }],
    ['C', 2023, { visit: 300 }], // 2023 total 1,950
    ['A', 2024, { visit: 1210 }],
    ['B', 2024, { visit: 605 }],
    ['D', 2024, { visit: 605 }], // 2024 total 2,420
    ['M', 2024, { visit: 99_999 }],
  ]);
  const r = computeIndicator(target({}), { baseYear: 2022, year: 2024, institutions, figures });

  it('sums the covered institutions per year, with coverage beside each figure', () => {
    expect(r.series).toEqual([
      { year: 2022, value: 2000, coverage: 0.6 }, // 3 of 5 public libraries reported
      { year: 2023, value: 1950, coverage: 0.6 },
      { year: 2024, value: 2420, coverage: 0.6 },
    ]);
    expect(r.coverage).toEqual({ reported: 3, expected: 5, share: 0.6 });
  });

  it('gives YoY, compound growth since the base year and like-for-like growth', () => {
    expect(r.growth!.yearOnYear).toBeCloseTo(470 / 1950, 12); // (2,420 − 1,950) / 1,950 = 24.10 %
    expect(r.growth!.averageAnnual).toBeCloseTo(0.1, 12); // √(2,420 / 2,000) − 1 = 10 %
    expect(r.value).toBeCloseTo(0.1, 12);
    // like-for-like 2023→2024 over A and B only: 1,650 → 1,815 = +10 %
    expect(r.growth!.likeForLike.institutions).toBe(2);
    expect(r.growth!.likeForLike.growth).toBeCloseTo(0.1, 12);
    // 2,000 · 1.08² = 2,332.8 ≤ 2,420
    expect(r.growth!.onTrack).toBe(true);
    expect(r.against).toEqual({ meetsLower: true, meetsUpper: true });
    // On track on the figures reported, but 2 of 5 libraries never reported in the base year: their figures could
    // raise the base and the verdict with it, so it is not given.
    expect(r.status).toBe('undetermined');
    expect(r.undeterminedBecause!.en).toContain('did not report');
    // 2,420 · 1.1 = 2,662; 2,420 · 1.1⁶ = 4,287.18…
    expect(r.projected[2025]).toBeCloseTo(2662, 6);
    expect(r.projected[2030]).toBeCloseTo(4287.2, 0);
  });

  it('is null, not zero, when nothing was reported', () => {
    const none = computeIndicator(target({ institutionTypes: ['school_library'] }), {
      baseYear: 2022,
      year: 2024,
      institutions,
      figures,
    });
    expect(none.value).toBeNull();
    expect(none.coverage).toEqual({ reported: 0, expected: 0, share: null });
    expect(none.status).toBe('no_data');
    expect(none.series.every((s) => s.value === null)).toBe(true);
  });
});

describe('share of institutions providing lifelong-learning services (evidence rule as data)', () => {
  const institutions = ['P1', 'P2', 'P3', 'P4', 'P5'].map((id) => inst(id, 'public_library', 'commune'));
  const rule = { all: [{ kind: 'programme_session' as const, min: 4 }] };
  const figures = table([
    ['P1', 2022, { programme_session: 4 }],
    ['P2', 2022, { programme_session: 1 }],
    ['P1', 2024, { programme_session: 6 }],
    ['P2', 2024, { programme_session: 4 }],
    ['P3', 2024, { programme_session: 3, visit: 20 }],
    ['P4', 2024, { visit: 10 }],
  ]);
  const r = computeIndicator(
    target({ indicator: 'lifelong_learning_share', levels: ['commune'], min: 0.4, max: null, evidenceRule: rule }),
    { baseYear: 2022, year: 2024, institutions, figures },
  );

  it('keeps institutions without a report in the denominator, lists the evidence, and shows coverage', () => {
    expect(r.value).toBe(0.4); // P1, P2 of P1–P5 (P5: no report, counted as not meeting the rule)
    expect(r.valueIfAllReported).toBe(0.6); // had P5 met it
    expect(r.noReport).toEqual([{ institutionId: 'P5', name: 'Thư viện P5' }]);
    expect(r.coverage).toEqual({ reported: 4, expected: 5, share: 0.8 });
    expect(r.evidence!.map((e) => [e.institutionId, e.reported, e.satisfied])).toEqual([
      ['P1', true, true],
      ['P2', true, true],
      ['P3', true, false],
      ['P4', true, false],
      ['P5', false, null],
    ]);
    // 2022: 1 of 5 = 0.2; 2024: 0.4 → √2 − 1 a year → 2025: 0.4·√2 = 0.566 ≥ 0.4 → on track, and also with P5 meeting it
    expect(r.series.map((s) => s.value)).toEqual([0.2, null, 0.4]);
    expect(r.projected[2025]).toBeCloseTo(0.4 * Math.SQRT2, 12);
    expect(r.status).toBe('on_track');
  });
});
