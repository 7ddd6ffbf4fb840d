import type { IndicatorResult, ReportContent } from '@suotdoi/plans';

type Point = [year: number, value: number | null];
const indicator = (
  over: Partial<IndicatorResult> & Pick<IndicatorResult, 'key' | 'indicator' | 'descriptionVi'>,
  series: Point[],
): IndicatorResult => ({
  targetId: `t-${over.key}`,
  targetYear: 2025,
  target: { min: 0.7, max: null },
  value: series.at(-1)![1],
  against: { meetsLower: null, meetsUpper: null },
  coverage: { reported: 2, expected: 3, share: 2 / 3 },
  status: 'on_track',
  projected: { 2025: null, 2030: null },
  series: series.map(([year, value]) => ({ year, value, coverage: value === null ? 0 : 1 })),
  ...over,
});

/**
 * A 2024 report of a provincial plan (base year 2022) with every shape the exports must handle: a growth target with
 * a gap in its series, a range target, a share that never reported (all null, never 0), a participation share whose
 * description is in NFD, and a yearly activity count (one point, no chart).
 */
export function reportFixture(): ReportContent {
  return {
    plan: {
      id: 'p-1',
      code: 'kh-ubnd-quang-ngai-2023',
      title: 'Kế hoạch xây dựng xã hội học tập tỉnh Quảng Ngãi, giai đoạn 2023–2030',
      number: '145/KH-UBND',
      issuer: 'UBND tỉnh Quảng Ngãi',
      baseYear: 2022,
    },
    period: { key: '2024', year: 2024, half: false, dueOn: '2024-12-10' },
    jurisdiction: { unitId: 'u-qng', name: 'Tỉnh Quảng Ngãi' },
    generatedAt: '2024-12-01T01:00:00.000Z',
    indicators: [
      indicator(
        {
          key: 'visits.2025',
          indicator: 'user_visits_growth',
          descriptionVi: 'Lượt người sử dụng thư viện tăng bình quân 10%/năm',
          target: { min: 0.1, max: null },
          value: 0.1,
          growth: {
            baseYear: 2022,
            baseValue: 2000,
            currentValue: 2420,
            yearOnYear: null,
            averageAnnual: 0.1,
            likeForLike: { growth: 0.1, institutions: 2 },
            onTrack: true,
          },
          projected: { 2025: 2662, 2030: null },
        },
        [
          [2022, 2000],
          [2023, null],
          [2024, 2420],
        ],
      ),
      indicator(
        {
          key: 'visits.2030',
          indicator: 'user_visits_growth',
          descriptionVi: 'Lượt người sử dụng tăng bình quân 10–15%/năm đến 2030',
          target: { min: 0.1, max: 0.15 },
          targetYear: 2030,
          value: 0.1,
        },
        [
          [2022, 2000],
          [2023, 2200],
          [2024, 2420],
        ],
      ),
      indicator(
        {
          key: 'lll.Thư viện tỉnh.2025',
          indicator: 'lifelong_learning_share',
          descriptionVi: 'Thư viện tỉnh: 100% đến năm 2025',
          target: { min: 1, max: null },
        },
        [
          [2022, 0.5],
          [2023, null],
          [2024, 1],
        ],
      ),
      indicator(
        {
          key: 'lll.Thư viện công cộng cấp xã.2025',
          indicator: 'lifelong_learning_share',
          descriptionVi: 'Thư viện công cộng cấp xã: 40% đến năm 2025',
          target: { min: 0.4, max: null },
          status: 'no_data',
          coverage: { reported: 0, expected: 1, share: 0 },
        },
        [
          [2022, null],
          [2023, null],
          [2024, null],
        ],
      ),
      indicator(
        {
          key: 'participation.đô thị.2025',
          indicator: 'population_participation_share',
          descriptionVi: 'Tỷ lệ dân số đô thị tham gia hoạt động: 60%'.normalize('NFD'),
          target: { min: 0.6, max: null },
        },
        [
          [2022, 0.45],
          [2023, 0.52],
          [2024, 0.58],
        ],
      ),
      indicator(
        {
          key: 'qn.activity.book_day_21_4.2024',
          indicator: 'activity_count',
          descriptionVi: 'Ngày Sách và Văn hóa đọc Việt Nam (21/4): 1 lần mỗi năm',
          targetYear: 2024,
          target: { min: 1, max: null },
        },
        [[2024, 2]],
      ),
    ],
    drillDown: [
      {
        unitId: 'u-tn',
        name: 'Huyện Tư Nghĩa',
        indicators: [
          { key: 'visits.2025', value: 0.1, coverage: { reported: 1, expected: 2, share: 0.5 }, status: 'on_track' },
        ],
      },
    ],
    restatements: [
      {
        scopeId: 'i-school',
        grain: 'year',
        periodStart: '2023-01-01',
        kind: 'visit',
        oldValue: 1100,
        newValue: 1150,
        restatedAt: '2024-06-01T00:00:00.000Z',
      },
    ],
  };
}
