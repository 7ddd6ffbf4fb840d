import { vietnamDate, VIETNAM_TZ } from '../clock/clock.js';

/** How a figure is written: its unit after the number ("12.000 đồng", "3 cuốn") and how many decimals at most. */
export interface UnitSpec {
  /** Written after the number with one space, e.g. `đồng`, `lượt`, `bản`; none for a bare number. */
  unit?: string;
  /** At most this many decimals (default 0 for money, 1 otherwise); trailing zeros are dropped. */
  maxFractionDigits?: number;
}

const formats = new Map<number, Intl.NumberFormat>();
const numberFormat = (digits: number) => {
  let f = formats.get(digits);
  if (!f) formats.set(digits, (f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits })));
  return f;
};

/**
 * A number as Vietnamese write it: dot between thousands, comma before decimals (12.000; 12.000,5), then the unit.
 * `null`/`undefined` → an em dash (a missing figure is never written as 0).
 */
export function formatNumberVi(value: number | null | undefined, spec: UnitSpec = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = numberFormat(spec.maxFractionDigits ?? 1).format(value);
  return spec.unit ? `${text} ${spec.unit}` : text;
}

/** An amount in đồng: "12.000 đồng" (whole đồng). */
export function formatMoneyVi(value: number | null | undefined): string {
  return formatNumberVi(value, { unit: 'đồng', maxFractionDigits: 0 });
}

/** A share or rate (0.125) as a percentage with a decimal comma: "12,5%". */
export function formatPercentVi(value: number | null | undefined, maxFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${numberFormat(maxFractionDigits).format(value * 100)}%`;
}

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TZ,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A calendar day (YYYY-MM-DD) as dd/mm/yyyy. */
export function formatDayVi(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** An instant in Vietnam time: "14:05 ngày 05/01/2026". */
export function formatDateTimeVi(instant: Date | string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return `${VIETNAM_TIME.format(at)} ngày ${formatDayVi(vietnamDate(at))}`;
}

/**
 * The place and date line of an official document, in Vietnam time: "Quảng Trị, ngày 05 tháng 01 năm 2026".
 * Days below 10 and months below 3 take a leading zero, as Decree 30/2020/NĐ-CP on administrative documents asks
 * (so "tháng 01" but "tháng 12", "tháng 3").
 */
export function officialDateLine(place: string, date: Date | string): string {
  const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : vietnamDate(new Date(date));
  const [y, m, d] = day.split('-').map(Number);
  const dd = d! < 10 ? `0${d}` : String(d);
  const mm = m! < 3 ? `0${m}` : String(m);
  return `${place.normalize('NFC')}, ngày ${dd} tháng ${mm} năm ${y}`;
}
