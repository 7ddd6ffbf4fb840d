import { vietnamDate, vietnamMidnight } from '@suotdoi/platform';

// Re-exported for the modules that read periods through @suotdoi/usage; defined with the platform's Vietnam dates.
export { vietnamMidnight };

/** Rollup grains. */
export type Grain = 'day' | 'month' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'month', 'year'];

/** First day (YYYY-MM-DD) of the period of `grain` containing the instant, in Vietnam time. */
export function periodStartOf(instant: Date, grain: Grain): string {
  const day = vietnamDate(instant);
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  return `${day.slice(0, 4)}-01-01`;
}

/** Vietnam-time year of an instant. */
export const vietnamYear = (instant: Date): number => Number(vietnamDate(instant).slice(0, 4));

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
