import { vietnamDate } from '@suotdoi/platform';

/** Rollup grains. */
export type Grain = 'day' | 'month' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'month', 'year'];

/** Vietnam is UTC+7 all year (no daylight saving since 1975). */
const VN_OFFSET_MS = 7 * 3600 * 1000;

/**
 * Vietnam calendar day (YYYY-MM-DD) of an instant, by fixed UTC+7 arithmetic: ~100× cheaper than Intl for hot paths
 * (ingestion of 10,000 events), exact since Vietnam has kept UTC+7 without daylight saving since 1975.
 */
export function vietnamDay(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** First day (YYYY-MM-DD) of the period of `grain` containing the instant, in Vietnam time. */
export function periodStartOf(instant: Date, grain: Grain): string {
  const day = vietnamDate(instant);
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  return `${day.slice(0, 4)}-01-01`;
}

/** Vietnam-time year of an instant. */
export const vietnamYear = (instant: Date): number => Number(vietnamDate(instant).slice(0, 4));

/** The instant a Vietnam calendar day (YYYY-MM-DD) begins. */
export function vietnamMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!) - VN_OFFSET_MS);
}

/** Day after the period that starts on `start` (exclusive end), as YYYY-MM-DD. */
export function periodEnd(start: string, grain: Grain): string {
  const [y, m, d] = start.split('-').map(Number);
  const t =
    grain === 'day' ? Date.UTC(y!, m! - 1, d! + 1) : grain === 'month' ? Date.UTC(y!, m!, 1) : Date.UTC(y! + 1, 0, 1);
  return new Date(t).toISOString().slice(0, 10);
}

/** Whether the period (start, grain) had ended, in Vietnam time, at `instant`. */
export function periodEndedAt(start: string, grain: Grain, instant: Date): boolean {
  return vietnamMidnight(periodEnd(start, grain)).getTime() <= instant.getTime();
}
