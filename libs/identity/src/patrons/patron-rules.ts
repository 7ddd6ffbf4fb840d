import type { ConsentRecord, PatronCategory } from './patrons.repository.js';

/** Below this age a patron's record needs a parent's or guardian's consent (Decree 13/2023, Art. 20). */
export const CHILD_CONSENT_BELOW_AGE = 16;
/** From this age the child's own consent is needed as well. */
export const CHILD_OWN_CONSENT_FROM_AGE = 7;
/** Categories a person may choose when registering online; the others are given at the desk. */
export const SELF_SERVICE_CATEGORIES: PatronCategory[] = ['child', 'student', 'adult', 'senior'];

/** Full years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whether the consents on record are enough for a patron of this age. */
export function consentSatisfied(
  age: number | null,
  consents: Pick<ConsentRecord, 'party' | 'withdrawnAt'>[],
): boolean {
  if (age === null || age >= CHILD_CONSENT_BELOW_AGE) return true;
  const has = (party: 'child' | 'guardian') => consents.some((c) => c.party === party && !c.withdrawnAt);
  return has('guardian') && (age < CHILD_OWN_CONSENT_FROM_AGE || has('child'));
}

/** Library card number: "SD", eight digits, and a Luhn check digit (printed as a Code 128 barcode). */
export function cardNumber(sequence: number): string {
  const digits = String(sequence).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return `SD${digits}${(10 - (sum % 10)) % 10}`;
}

/** Cards run two years; an organisation's (deposit collections for a school) one year. */
export function cardExpiry(category: PatronCategory, issuedOn: string): string {
  const d = new Date(`${issuedOn}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + (category === 'organisation' ? 1 : 2));
  return d.toISOString().slice(0, 10);
}
