import { getSolarDate } from '@dqcai/vn-lunar';
import { addDays } from '@suotdoi/platform';
import type { IsoDate } from '../network.types.js';

/** A nationwide public holiday of one year, as the calendar stores it. */
export interface PublicHoliday {
  startsOn: IsoDate;
  endsOn: IsoDate;
  reason: string;
}

const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];

/** The name of a lunar year in the sexagenary cycle (2026: Bính Ngọ). */
export const lunarYearName = (year: number) => `${STEMS[(year + 6) % 10]} ${BRANCHES[(year + 8) % 12]}`;

/** The Gregorian day of a day of the Vietnamese lunar calendar (UTC+7, which is why Tết 2007 is 17 February). */
function fromLunar(day: number, month: number, year: number): IsoDate {
  const d = getSolarDate(day, month, year, false);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Years the lunar tables cover (the library's range; outside it no year is computed). */
export const PUBLIC_HOLIDAY_YEARS = { from: 1900, to: 2199 } as const;

/**
 * The nationwide public holidays of a Gregorian year (Labour Code 2019, Art. 112): New Year's Day; Tết Nguyên đán
 * from the last day of the 12th lunar month through the 5th of the 1st; Hùng Kings' Commemoration Day, 10th of the
 * 3rd lunar month; 30 April and 1 May; National Day, 2 September with the day before. The lunar ones come from the
 * Vietnamese lunar calendar. Days off the government moves or adds in a given year are added as holidays by hand.
 */
export function publicHolidays(year: number): PublicHoliday[] {
  const tet = fromLunar(1, 1, year);
  const name = lunarYearName(year);
  return [
    { startsOn: `${year}-01-01`, endsOn: `${year}-01-01`, reason: `Tết Dương lịch ${year}` },
    { startsOn: addDays(tet, -1), endsOn: addDays(tet, 4), reason: `Tết Nguyên đán ${name}` },
    { startsOn: fromLunar(10, 3, year), endsOn: fromLunar(10, 3, year), reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { startsOn: `${year}-04-30`, endsOn: `${year}-05-01`, reason: 'Ngày Giải phóng miền Nam và Quốc tế Lao động' },
    { startsOn: `${year}-09-01`, endsOn: `${year}-09-02`, reason: 'Quốc khánh' },
  ].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}
