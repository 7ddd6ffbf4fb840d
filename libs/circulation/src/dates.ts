import { vietnamDate } from '@suotdoi/platform';

const DAY = 86_400_000;

/** YYYY-MM-DD plus n calendar days. */
export const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The last instant of a Vietnam calendar day: items are due by closing time of their due day. */
export const endOfVietnamDay = (date: string): Date => new Date(`${date}T23:59:59.999+07:00`);

/** Whole days from Vietnam day `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

export const today = (now: Date): string => vietnamDate(now);
