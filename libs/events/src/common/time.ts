import rrule from 'rrule';
import { EventsErrors } from '../events.errors.js';

const { RRule } = rrule;

/** Vietnam has kept UTC+7 without daylight saving since 1975: wall time there is UTC plus seven hours. */
const VN_OFFSET_MS = 7 * 3600_000;
/** The most sessions one recurrence rule may create (two years of weekly meetings). */
export const MAX_OCCURRENCES = 104;

const HAS_OFFSET = /(Z|[+-]\d\d:?\d\d)$/i;

/** An instant from an ISO 8601 string; a date-time without an offset is Vietnam wall time (Asia/Ho_Chi_Minh). */
export function vietnamInstant(input: string): Date {
  const text = HAS_OFFSET.test(input) ? input : `${input.length === 10 ? `${input}T00:00:00` : input}+07:00`;
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw EventsErrors.recurrenceInvalid({ reason: `not a date: ${input}`, reasonVi: `không phải ngày giờ: ${input}` });
  return d;
}

/** "21/04/2026 08:00" in Vietnam time, for messages. */
export function vietnamDisplay(d: Date): string {
  const w = new Date(d.getTime() + VN_OFFSET_MS).toISOString();
  return `${w.slice(8, 10)}/${w.slice(5, 7)}/${w.slice(0, 4)} ${w.slice(11, 16)}`;
}

/** Whole years of age on a day (YYYY-MM-DD), from a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The sessions of a schedule: the first one, and with an RFC 5545 rule (e.g. `FREQ=WEEKLY;BYDAY=SA;COUNT=8`) every
 * repetition of it in Vietnam wall time (a Saturday 08:00 meeting stays at 08:00). The rule needs COUNT or UNTIL.
 */
export function occurrences(first: Occurrence, rule?: string): Occurrence[] {
  if (first.endsAt.getTime() <= first.startsAt.getTime()) throw EventsErrors.endsBeforeStart();
  if (!rule) return [first];
  const duration = first.endsAt.getTime() - first.startsAt.getTime();
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rule.replace(/^RRULE:/i, ''));
  } catch (e) {
    throw EventsErrors.recurrenceInvalid({ reason: (e as Error).message, reasonVi: (e as Error).message });
  }
  if (options.freq === undefined)
    throw EventsErrors.recurrenceInvalid({ reason: 'FREQ is missing', reasonVi: 'thiếu FREQ' });
  if (!options.count && !options.until)
    throw EventsErrors.recurrenceInvalid({ reason: 'give COUNT or UNTIL', reasonVi: 'cần COUNT hoặc UNTIL' });
  // rrule computes in "floating" time: give it Vietnam wall time as if it were UTC, then shift back.
  const dtstart = new Date(first.startsAt.getTime() + VN_OFFSET_MS);
  // An UNTIL in UTC (ending in Z) moves to wall time too; a floating UNTIL already is wall time.
  const until = options.until
    ? new Date(options.until.getTime() + (/UNTIL=\d{8}T\d{6}Z/i.test(rule) ? VN_OFFSET_MS : 0))
    : undefined;
  const dates = new RRule({ ...options, dtstart, until, tzid: undefined }).all((_, i) => i <= MAX_OCCURRENCES);
  if (dates.length > MAX_OCCURRENCES) throw EventsErrors.tooManyOccurrences({ max: MAX_OCCURRENCES });
  if (dates.length === 0)
    throw EventsErrors.recurrenceInvalid({
      reason: 'the rule gives no session',
      reasonVi: 'quy tắc không tạo ra buổi nào',
    });
  return dates.map((d) => {
    const startsAt = new Date(d.getTime() - VN_OFFSET_MS);
    return { startsAt, endsAt: new Date(startsAt.getTime() + duration) };
  });
}
