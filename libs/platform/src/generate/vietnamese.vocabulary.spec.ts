import { describe, expect, it } from '@jest/globals';
import { SeededRandom } from './random.js';
import { FAMILY_NAMES, PROVINCES, VietnameseVocabulary } from './vietnamese.vocabulary.js';

describe('VietnameseVocabulary', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new VietnameseVocabulary(new SeededRandom(42));
    const b = new VietnameseVocabulary(new SeededRandom(42));
    const c = new VietnameseVocabulary(new SeededRandom(43));
    const take = (v: VietnameseVocabulary) =>
      Array.from({ length: 20 }, () => `${v.person().fullName}|${v.title()}|${v.institution()}`);
    const [x, y, z] = [take(a), take(b), take(c)];
    expect(x).toEqual(y);
    expect(x).not.toEqual(z);
  });

  it('produces NFC Vietnamese with diacritics, never lorem ipsum', () => {
    const v = new VietnameseVocabulary(new SeededRandom(7));
    const text = Array.from({ length: 500 }, () =>
      [v.person().fullName, v.commune(), v.institution(), v.title(), v.publisher()].join(' '),
    ).join(' ');
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toMatch(/[đĐ]/);
    expect(text).toMatch(/[ăâêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
    expect(text.toLowerCase()).not.toMatch(/lorem|ipsum/);
  });

  it('skews family names towards the common ones', () => {
    const rng = new SeededRandom(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const f = rng.pickSkewed(FAMILY_NAMES);
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    expect(counts.get('Nguyễn')!).toBeGreaterThan(counts.get('Quách') ?? 0);
    expect(PROVINCES).toHaveLength(34);
  });

  it('makes valid-looking phone numbers and birth dates', () => {
    const v = new VietnameseVocabulary(new SeededRandom(3));
    for (let i = 0; i < 100; i++) {
      expect(v.phone()).toMatch(/^0[35789]\d{8}$/);
      expect(v.birthDate(new Date('2026-01-01T00:00:00Z'))).toMatch(/^(19[4-9]\d|20[0-2]\d)-\d{2}-\d{2}$/);
    }
  });
});
