import { describe, expect, it } from '@jest/globals';
import { calendarPeriods, parsePeriodKey, periodsDue } from './report-periods.js';

describe('report periods from a reporting calendar', () => {
  // Cần Thơ (file 003): half-year before 10 June, annual before 30 November.
  const calendar = [
    { kind: 'half_year' as const, due: '06-10' },
    { kind: 'annual' as const, due: '11-30' },
    { kind: 'review' as const, year: 2025, due: '12-31' },
  ];
  it('lists every period with its deadline', () => {
    expect(calendarPeriods(calendar, 2023, 2025).map((p) => `${p.key}@${p.dueOn}`)).toEqual([
      '2024-H1@2024-06-10',
      '2024@2024-11-30',
      '2025-H1@2025-06-10',
      '2025@2025-11-30',
      '2025-review@2025-12-31',
    ]);
  });
  it('is due seven days before the deadline, and missed periods stay due (caught up)', () => {
    expect(periodsDue(calendar, 2023, 2025, '2024-06-02').map((p) => p.key)).toEqual([]);
    expect(periodsDue(calendar, 2023, 2025, '2024-06-03').map((p) => p.key)).toEqual(['2024-H1']);
    expect(periodsDue(calendar, 2023, 2025, '2025-07-01').map((p) => p.key)).toEqual(['2024-H1', '2024', '2025-H1']);
  });
  it('parses period keys', () => {
    expect(parsePeriodKey('2025')).toEqual({ year: 2025, half: false, review: false });
    expect(parsePeriodKey('2025-H1')).toEqual({ year: 2025, half: true, review: false });
    expect(parsePeriodKey('2025-review')).toEqual({ year: 2025, half: false, review: true });
    expect(parsePeriodKey('2025-H2')).toBeUndefined();
  });
});
