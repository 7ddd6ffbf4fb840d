import { describe, expect, it } from '@jest/globals';
import { addDays, daysBetween, endOfVietnamDay, VIETNAM_TZ, vietnamDate, vietnamMidnight } from './clock.js';

const byTimeZoneDatabase = new Intl.DateTimeFormat('en-CA', {
  timeZone: VIETNAM_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

describe('Vietnam dates', () => {
  it('agrees with the time-zone database on every instant, before and after 1975', () => {
    for (const iso of [
      '2024-12-31T16:59:59Z',
      '2024-12-31T17:00:00Z',
      '1990-06-15T03:00:00Z',
      '2025-06-30T23:59:59+07:00',
      '2030-01-01T00:00:00+07:00',
      '1975-06-12T16:00:00Z',
      '1970-06-15T16:30:00Z',
    ]) {
      expect(vietnamDate(new Date(iso))).toBe(byTimeZoneDatabase.format(new Date(iso)));
    }
    // Saigon kept UTC+8 until 13 June 1975: 16:30 UTC was already the next day there.
    expect(vietnamDate(new Date('1970-06-15T16:30:00Z'))).toBe('1970-06-16');
  });

  it('turns days into instants and counts days across months, leap days and years', () => {
    expect(vietnamMidnight('2025-01-01').toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(endOfVietnamDay('2025-01-01').toISOString()).toBe('2025-01-01T16:59:59.999Z');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2024-12-25', '2025-01-08')).toBe(14);
    expect(daysBetween('2025-01-08', '2024-12-25')).toBe(-14);
  });
});
