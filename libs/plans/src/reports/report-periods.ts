import type { ReportingCalendarEntry } from '../plans/plan.types.js';

/** A reporting period: `YYYY` (annual), `YYYY-H1` (January–June) or `YYYY-review` (mid-term / final review). */
export interface ReportPeriod {
  key: string;
  year: number;
  half: boolean;
  /** Deadline (YYYY-MM-DD, Vietnam calendar day). */
  dueOn: string | null;
}

export function parsePeriodKey(key: string): { year: number; half: boolean; review: boolean } | undefined {
  const m = /^(\d{4})(-H1|-review)?$/.exec(key);
  if (!m) return undefined;
  return { year: Number(m[1]), half: m[2] === '-H1', review: m[2] === '-review' };
}

/** Days before a deadline on which the report is generated. */
export const REPORT_LEAD_DAYS = 7;

const minusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);

/** Every period of a plan's calendar from the year after the base year up to `lastYear`, with deadlines. */
export function calendarPeriods(
  calendar: ReportingCalendarEntry[],
  baseYear: number,
  lastYear: number,
): ReportPeriod[] {
  const out: ReportPeriod[] = [];
  for (let y = baseYear + 1; y <= lastYear; y++) {
    for (const e of calendar) {
      if (e.kind === 'annual') out.push({ key: `${y}`, year: y, half: false, dueOn: `${y}-${e.due}` });
      if (e.kind === 'half_year') out.push({ key: `${y}-H1`, year: y, half: true, dueOn: `${y}-${e.due}` });
      if (e.kind === 'review' && e.year === y)
        out.push({ key: `${y}-review`, year: y, half: false, dueOn: `${y}-${e.due}` });
    }
  }
  return out.sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : a.dueOn! > b.dueOn! ? 1 : a.key < b.key ? -1 : 1));
}

/** Periods whose generation day (deadline − lead days) has come by `today` (YYYY-MM-DD): the scheduler's to-do list. */
export function periodsDue(
  calendar: ReportingCalendarEntry[],
  baseYear: number,
  lastYear: number,
  today: string,
): ReportPeriod[] {
  return calendarPeriods(calendar, baseYear, lastYear).filter((p) => minusDays(p.dueOn!, REPORT_LEAD_DAYS) <= today);
}
