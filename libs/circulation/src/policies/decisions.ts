import { formatMoneyVi } from '@suotdoi/platform';
import { COPY_STATUS_VI, PATRON_STATUS_VI, reason, type Reason } from './decision.js';
import type { CirculationRule } from './rule-matrix.js';

/** What the rules look at about a patron (at decision time). */
export interface PatronStanding {
  status: string;
  cardExpiresOn: string | null;
  openLoans: number;
  overdueLoans: number;
  /** Unsettled overdue charges, VND. */
  owedVnd: number;
}

function standingReasons(rule: CirculationRule, p: PatronStanding, today: string): Reason[] {
  const out: Reason[] = [];
  if (p.status !== 'active')
    out.push(reason('patronNotActive', { status: p.status, statusVi: PATRON_STATUS_VI[p.status] ?? p.status }));
  if (p.cardExpiresOn !== null && p.cardExpiresOn < today) out.push(reason('cardExpired', { date: p.cardExpiresOn }));
  if (rule.blockThresholdVnd !== null && rule.blockThresholdVnd > 0 && p.owedVnd >= rule.blockThresholdVnd) {
    out.push(
      reason('blocked', {
        owed: p.owedVnd,
        threshold: rule.blockThresholdVnd,
        owedVi: formatMoneyVi(p.owedVnd),
        thresholdVi: formatMoneyVi(rule.blockThresholdVnd),
      }),
    );
  }
  return out;
}

/** Why a checkout would be refused (empty: allowed). */
export function checkoutReasons(
  rule: CirculationRule,
  p: PatronStanding,
  copy: { status: string; heldForAnother: boolean; wantedByHolds?: number },
  today: string,
): Reason[] {
  const out = standingReasons(rule, p, today);
  if (rule.loanDays === 0) out.push(reason('notLoanable'));
  if (p.openLoans >= rule.maxLoans) out.push(reason('maxLoans', { count: p.openLoans, max: rule.maxLoans }));
  if (copy.heldForAnother) out.push(reason('heldForAnother'));
  else {
    if (!['available', 'on_hold_shelf', 'in_transit'].includes(copy.status))
      out.push(
        reason('copyNotAvailable', { status: copy.status, statusVi: COPY_STATUS_VI[copy.status] ?? copy.status }),
      );
    // Not yet trapped, but a hold of someone else waits for it (it may be on another library's pull list).
    if (copy.wantedByHolds) out.push(reason('wantedByHold', { count: copy.wantedByHolds }));
  }
  return out;
}

/** Why a renewal would be refused. `othersWaiting`: holds another patron placed that this copy could fill. */
export function renewalReasons(
  rule: CirculationRule,
  p: PatronStanding,
  loan: { renewals: number },
  othersWaiting: number,
  today: string,
): Reason[] {
  const out = standingReasons(rule, p, today);
  if (rule.renewalsAllowed === 0) out.push(reason('notRenewable'));
  else if (loan.renewals >= rule.renewalsAllowed)
    out.push(reason('noRenewalsLeft', { count: loan.renewals, max: rule.renewalsAllowed }));
  if (othersWaiting > 0) out.push(reason('onHoldForOthers'));
  return out;
}

/** Why a hold would be refused. */
export function holdReasons(
  rule: CirculationRule,
  p: PatronStanding & { activeHolds: number; holdsThisRecord: number; loansThisRecord: number },
  today: string,
): Reason[] {
  const out = standingReasons(rule, p, today);
  if (!rule.holdsAllowed) out.push(reason('holdsNotAllowed'));
  else if (p.activeHolds >= rule.maxHolds) out.push(reason('maxHolds', { count: p.activeHolds, max: rule.maxHolds }));
  if (p.holdsThisRecord > 0) out.push(reason('alreadyHolding'));
  if (p.loansThisRecord > 0) out.push(reason('alreadyBorrowing'));
  return out;
}
