import { describe, expect, it } from '@jest/globals';
import { FALLBACK_ORDER, pickRule, stepOf, type RuleKey } from './rule-matrix.js';

const HA_TINH = 'inst-ha-tinh';
const DONG_HA = 'inst-dong-ha';
const rule = (id: string, institutionId: string | null, patronCategory: string | null, itemType: string | null) => ({
  id,
  institutionId,
  patronCategory,
  itemType,
});
const situation = { institutionId: HA_TINH, patronCategory: 'student', itemType: 'book' };

describe('circulation rule matrix: fallback order', () => {
  // Every combination of the three key parts, in a shuffled order, so the winner never depends on list order.
  const all = [
    rule('any-any-type', null, null, 'book'),
    rule('inst-any-any', HA_TINH, null, null),
    rule('any-cat-type', null, 'student', 'book'),
    rule('any-any-any', null, null, null),
    rule('inst-cat-any', HA_TINH, 'student', null),
    rule('any-cat-any', null, 'student', null),
    rule('inst-any-type', HA_TINH, null, 'book'),
    rule('inst-cat-type', HA_TINH, 'student', 'book'),
  ];
  const expected = [
    'inst-cat-type',
    'inst-cat-any',
    'inst-any-type',
    'inst-any-any',
    'any-cat-type',
    'any-cat-any',
    'any-any-type',
    'any-any-any',
  ];

  it('walks the documented order: removing the winner each time yields the next step', () => {
    let rules: RuleKey[] = [...all];
    const seen: string[] = [];
    const labels: string[] = [];
    while (rules.length) {
      const m = pickRule(rules as (RuleKey & { id: string })[], situation)!;
      seen.push((m.rule as { id: string }).id);
      labels.push(m.matchedBy);
      rules = rules.filter((r) => r !== m.rule);
    }
    expect(seen).toEqual(expected);
    expect(labels).toEqual(FALLBACK_ORDER.map((f) => f.label));
  });

  it('is independent of the order rules are listed in', () => {
    for (let i = 0; i < 20; i++) {
      const shuffled = [...all].sort(() => Math.random() - 0.5);
      expect(pickRule(shuffled, situation)!.rule.id).toBe('inst-cat-type');
    }
  });

  it('ignores rules of another institution, category or item type', () => {
    const rules = [
      rule('other-inst', DONG_HA, 'student', 'book'),
      rule('other-cat', HA_TINH, 'adult', 'book'),
      rule('other-type', HA_TINH, 'student', 'reference'),
      rule('default', null, null, null),
    ];
    expect(pickRule(rules, situation)).toEqual({ rule: rules[3], matchedBy: 'default' });
    expect(stepOf(rules[0], situation)).toBe(-1);
  });

  it('prefers the institution over the category, and the category over the item type', () => {
    const byInstitution = rule('a', HA_TINH, null, null);
    const byCategoryAndType = rule('b', null, 'student', 'book');
    expect(pickRule([byCategoryAndType, byInstitution], situation)!.rule.id).toBe('a');
    const byCategory = rule('c', null, 'student', null);
    const byType = rule('d', null, null, 'book');
    expect(pickRule([byType, byCategory], situation)!.rule.id).toBe('c');
  });

  it('finds nothing without a catch-all when no rule applies', () => {
    expect(pickRule([rule('x', DONG_HA, null, null)], situation)).toBeUndefined();
  });

  it('matches digital formats like item types', () => {
    const ebook = rule('ebook', null, null, 'ebook');
    expect(pickRule([rule('d', null, null, null), ebook], { ...situation, itemType: 'ebook' })!.matchedBy).toBe(
      'item_type',
    );
  });
});
