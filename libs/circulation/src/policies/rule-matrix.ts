/**
 * The circulation rule matrix. A rule is keyed by institution × patron category × item type (or digital format);
 * each part may be `null`, meaning "any". For a given situation the most specific rule wins, through this fixed
 * fallback order (institution weighs most, then patron category, then item type — as in Koha):
 *
 *   1. institution + category + item type      5. any institution + category + item type
 *   2. institution + category + any type       6. any institution + category + any type
 *   3. institution + any category + item type  7. any institution + any category + item type
 *   4. institution + any category + any type   8. any + any + any (the catch-all, always present)
 */
export interface RuleKey {
  institutionId: string | null;
  patronCategory: string | null;
  itemType: string | null;
}

export interface CirculationRule extends RuleKey {
  id: string;
  /** Loan period in days (due dates then move past closed days). */
  loanDays: number;
  maxLoans: number;
  renewalsAllowed: number;
  renewalDays: number;
  holdsAllowed: boolean;
  maxHolds: number;
  /** Days a trapped hold waits on the hold shelf (or an online reservation is kept aside). */
  pickupDays: number;
  /** Overdue charge per day in VND; most Vietnamese public libraries charge nothing. */
  overdueFinePerDayVnd: number;
  /** Outstanding charges (VND) from which the patron may not borrow; null = never blocks. */
  blockThresholdVnd: number | null;
  note: string | null;
}

/** The situation a decision is made for (every part known). */
export interface Situation {
  institutionId: string;
  patronCategory: string;
  itemType: string;
}

/** The eight steps of the fallback order, most specific first; `true` = the rule must name that part. */
export const FALLBACK_ORDER: readonly { institution: boolean; category: boolean; itemType: boolean; label: string }[] =
  [
    { institution: true, category: true, itemType: true, label: 'institution+category+item_type' },
    { institution: true, category: true, itemType: false, label: 'institution+category' },
    { institution: true, category: false, itemType: true, label: 'institution+item_type' },
    { institution: true, category: false, itemType: false, label: 'institution' },
    { institution: false, category: true, itemType: true, label: 'category+item_type' },
    { institution: false, category: true, itemType: false, label: 'category' },
    { institution: false, category: false, itemType: true, label: 'item_type' },
    { institution: false, category: false, itemType: false, label: 'default' },
  ];

/** Step (0-based) of the fallback order a rule sits at, or -1 when the rule does not apply to the situation. */
export function stepOf(rule: RuleKey, s: Situation): number {
  if (rule.institutionId !== null && rule.institutionId !== s.institutionId) return -1;
  if (rule.patronCategory !== null && rule.patronCategory !== s.patronCategory) return -1;
  if (rule.itemType !== null && rule.itemType !== s.itemType) return -1;
  return FALLBACK_ORDER.findIndex(
    (f) =>
      f.institution === (rule.institutionId !== null) &&
      f.category === (rule.patronCategory !== null) &&
      f.itemType === (rule.itemType !== null),
  );
}

export interface Match<R extends RuleKey> {
  rule: R;
  /** Which step of the fallback order matched, e.g. `institution+item_type`. */
  matchedBy: string;
}

/** The most specific applicable rule, or undefined when none applies (never, once the catch-all exists). */
export function pickRule<R extends RuleKey>(rules: readonly R[], s: Situation): Match<R> | undefined {
  let best: { rule: R; step: number } | undefined;
  for (const rule of rules) {
    const step = stepOf(rule, s);
    if (step >= 0 && (!best || step < best.step)) best = { rule, step };
  }
  return best && { rule: best.rule, matchedBy: FALLBACK_ORDER[best.step].label };
}
