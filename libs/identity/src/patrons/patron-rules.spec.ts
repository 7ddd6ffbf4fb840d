import { describe, expect, it } from '@jest/globals';
import { ageOn, cardExpiry, cardNumber, consentSatisfied } from './patron-rules.js';

describe('patron rules', () => {
  it('computes full years of age across birthdays', () => {
    expect(ageOn('2015-07-01', '2025-06-30')).toBe(9);
    expect(ageOn('2015-07-01', '2025-07-01')).toBe(10);
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
  });

  it('needs a guardian below 16 and the child too from 7', () => {
    const guardian = { party: 'guardian' as const, withdrawnAt: null };
    const child = { party: 'child' as const, withdrawnAt: null };
    expect(consentSatisfied(30, [])).toBe(true);
    expect(consentSatisfied(16, [])).toBe(true);
    expect(consentSatisfied(6, [guardian])).toBe(true);
    expect(consentSatisfied(7, [guardian])).toBe(false);
    expect(consentSatisfied(7, [guardian, child])).toBe(true);
    expect(consentSatisfied(12, [child])).toBe(false);
    expect(consentSatisfied(12, [{ ...guardian, withdrawnAt: new Date() }, child])).toBe(false);
  });

  it('makes card numbers with a Luhn check digit', () => {
    const n = cardNumber(100001);
    expect(n).toMatch(/^SD\d{9}$/);
    const digits = n.slice(2);
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    expect(sum % 10).toBe(0);
  });

  it('gives organisations one-year cards and others two', () => {
    expect(cardExpiry('adult', '2026-01-15')).toBe('2028-01-15');
    expect(cardExpiry('organisation', '2026-01-15')).toBe('2027-01-15');
  });
});
