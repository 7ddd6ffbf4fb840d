import { describe, expect, it } from '@jest/globals';
import { lunarYearName, publicHolidays } from './public-holidays.js';

describe('public holidays', () => {
  it('computes a year’s holidays, Tết and Hùng Kings’ day from the Vietnamese lunar calendar', () => {
    expect(publicHolidays(2026)).toEqual([
      { startsOn: '2026-01-01', endsOn: '2026-01-01', reason: 'Tết Dương lịch 2026' },
      { startsOn: '2026-02-16', endsOn: '2026-02-21', reason: 'Tết Nguyên đán Bính Ngọ' },
      { startsOn: '2026-04-26', endsOn: '2026-04-26', reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { startsOn: '2026-04-30', endsOn: '2026-05-01', reason: 'Ngày Giải phóng miền Nam và Quốc tế Lao động' },
      { startsOn: '2026-09-01', endsOn: '2026-09-02', reason: 'Quốc khánh' },
    ]);
  });

  it('follows Vietnam’s lunar calendar (UTC+7) where it differs from China’s, for any year', () => {
    const tet = (y: number) => publicHolidays(y).find((h) => h.reason.startsWith('Tết Nguyên đán'))!;
    // First day of Tết: 1985-01-21 and 2007-02-17 in Vietnam (2-20 and 2-18 in China); 2030-02-02 (China 2-03).
    expect([1985, 2007, 2025, 2030, 2045].map((y) => [tet(y).startsOn, tet(y).endsOn, tet(y).reason])).toEqual([
      ['1985-01-20', '1985-01-25', 'Tết Nguyên đán Ất Sửu'],
      ['2007-02-16', '2007-02-21', 'Tết Nguyên đán Đinh Hợi'],
      ['2025-01-28', '2025-02-02', 'Tết Nguyên đán Ất Tỵ'],
      ['2030-02-01', '2030-02-06', 'Tết Nguyên đán Canh Tuất'],
      ['2045-02-16', '2045-02-21', 'Tết Nguyên đán Ất Sửu'],
    ]);
    expect(publicHolidays(2025).find((h) => h.reason.startsWith('Giỗ Tổ'))!.startsOn).toBe('2025-04-07');
    expect([1900, 2024, 2026, 2199].map(lunarYearName)).toEqual(['Canh Tý', 'Giáp Thìn', 'Bính Ngọ', 'Kỷ Hợi']);
  });
});
