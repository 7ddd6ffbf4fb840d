import { describe, expect, it } from '@jest/globals';
import { periodEnd, periodEndedAt, periodStartOf, vietnamMidnight, vietnamYear } from './periods.js';

describe('Vietnam-time periods', () => {
  it('puts 31 Dec 23:59:59 Vietnam time in the old year and 1 Jan 00:00 in the new one', () => {
    const lastSecond = new Date('2024-12-31T23:59:59+07:00'); // = 16:59:59Z
    const firstInstant = new Date('2025-01-01T00:00:00+07:00'); // = 2024-12-31T17:00:00Z, still 2024 in UTC
    expect(vietnamYear(lastSecond)).toBe(2024);
    expect(periodStartOf(lastSecond, 'year')).toBe('2024-01-01');
    expect(periodStartOf(lastSecond, 'month')).toBe('2024-12-01');
    expect(periodStartOf(lastSecond, 'day')).toBe('2024-12-31');
    expect(firstInstant.getUTCFullYear()).toBe(2024);
    expect(vietnamYear(firstInstant)).toBe(2025);
    expect(periodStartOf(firstInstant, 'year')).toBe('2025-01-01');
    expect(periodStartOf(firstInstant, 'day')).toBe('2025-01-01');
  });

  it('computes Vietnam midnights and exclusive period ends', () => {
    expect(vietnamMidnight('2025-01-01').toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(periodEnd('2024-02-28', 'day')).toBe('2024-02-29');
    expect(periodEnd('2024-12-01', 'month')).toBe('2025-01-01');
    expect(periodEnd('2024-01-01', 'year')).toBe('2025-01-01');
  });

  it('knows when a period has closed', () => {
    expect(periodEndedAt('2024-01-01', 'year', new Date('2024-12-31T23:59:59+07:00'))).toBe(false);
    expect(periodEndedAt('2024-01-01', 'year', new Date('2025-01-01T00:00:00+07:00'))).toBe(true);
  });
});
