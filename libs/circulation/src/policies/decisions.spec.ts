import { describe, expect, it } from '@jest/globals';
import { checkoutReasons, holdReasons, renewalReasons, type PatronStanding } from './decisions.js';
import type { CirculationRule } from './rule-matrix.js';

const rule: CirculationRule = {
  id: 'r',
  institutionId: null,
  patronCategory: null,
  itemType: null,
  loanDays: 14,
  maxLoans: 3,
  renewalsAllowed: 2,
  renewalDays: 14,
  holdsAllowed: true,
  maxHolds: 2,
  pickupDays: 3,
  overdueFinePerDayVnd: 0,
  blockThresholdVnd: null,
  note: null,
};
const good: PatronStanding = {
  status: 'active',
  cardExpiresOn: '2030-12-31',
  openLoans: 0,
  overdueLoans: 0,
  owedVnd: 0,
};
const TODAY = '2026-02-16';
const codes = (r: { code: string }[]) => r.map((x) => x.code);

describe('circulation decisions', () => {
  it('allows a checkout when nothing stands in the way', () => {
    expect(checkoutReasons(rule, good, { status: 'available', heldForAnother: false }, TODAY)).toEqual([]);
  });

  it('gives every reason at once, in Vietnamese and English', () => {
    const r = checkoutReasons(
      { ...rule, blockThresholdVnd: 50_000 },
      { status: 'suspended', cardExpiresOn: '2026-01-01', openLoans: 3, overdueLoans: 1, owedVnd: 60_000 },
      { status: 'damaged', heldForAnother: false },
      TODAY,
    );
    expect(codes(r)).toEqual([
      'patron_not_active',
      'card_expired',
      'patron_blocked',
      'max_loans_reached',
      'copy_not_available',
    ]);
    expect(r.find((x) => x.code === 'card_expired')).toEqual({
      code: 'card_expired',
      en: 'The library card expired on 2026-01-01.',
      vi: 'Thẻ bạn đọc đã hết hạn ngày 2026-01-01.',
    });
    expect(r.find((x) => x.code === 'copy_not_available')!.vi).toBe('Bản sách đang ở trạng thái bị hư hỏng.');
  });

  it('never blocks on charges when the rule charges nothing (threshold null or zero)', () => {
    expect(
      checkoutReasons(
        { ...rule, blockThresholdVnd: 0 },
        { ...good, owedVnd: 1_000_000 },
        { status: 'available', heldForAnother: false },
        TODAY,
      ),
    ).toEqual([]);
  });

  it('refuses reference items (loan period 0) and copies held for someone else', () => {
    expect(
      codes(checkoutReasons({ ...rule, loanDays: 0 }, good, { status: 'available', heldForAnother: true }, TODAY)),
    ).toEqual(['not_loanable', 'held_for_another_patron']);
  });

  it('renewal: counts renewals and respects waiting holds', () => {
    expect(renewalReasons(rule, good, { renewals: 1 }, 0, TODAY)).toEqual([]);
    expect(codes(renewalReasons(rule, good, { renewals: 2 }, 1, TODAY))).toEqual([
      'no_renewals_left',
      'on_hold_for_others',
    ]);
    expect(codes(renewalReasons({ ...rule, renewalsAllowed: 0 }, good, { renewals: 0 }, 0, TODAY))).toEqual([
      'not_renewable',
    ]);
  });

  it('holds: allowed flag, maximum, duplicates, already borrowing', () => {
    const standing = { ...good, activeHolds: 0, holdsThisRecord: 0, loansThisRecord: 0 };
    expect(holdReasons(rule, standing, TODAY)).toEqual([]);
    expect(codes(holdReasons({ ...rule, holdsAllowed: false }, standing, TODAY))).toEqual(['holds_not_allowed']);
    expect(
      codes(holdReasons(rule, { ...standing, activeHolds: 2, holdsThisRecord: 1, loansThisRecord: 1 }, TODAY)),
    ).toEqual(['max_holds_reached', 'already_on_hold', 'already_on_loan_to_patron']);
  });
});
