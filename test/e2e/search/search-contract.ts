import { describe, expect, it } from '@jest/globals';
import { isbn10Of, type SearchIndex } from '@suotdoi/platform';
import { CORPUS, INST_A, INST_B, ISBN_KIEU } from './search-fixtures.js';

const title = (id: string) => CORPUS.find((d) => d.id === id)!.title;

/**
 * The behaviour every search adapter must have. `make` returns an adapter loaded with CORPUS (and waits until it
 * is searchable). Each adapter's e2e file calls this once.
 */
export function searchContract(name: string, getIndex: () => SearchIndex): void {
  const titles = async (q: string, extra: Parameters<SearchIndex['search']>[0] = {}) =>
    (await getIndex().search({ q, ...extra })).hits.map((h) => title(h.id));

  describe(`search contract: ${name}`, () => {
    it.each(['truyen kieu', 'Truyện Kiều'.normalize('NFD'), 'TRUYỆN KIỀU', 'truyện kiều'])(
      'finds "Truyện Kiều" from %p',
      async (q) => {
        expect((await titles(q))[0]).toBe('Truyện Kiều');
      },
    );

    it('folds đ/Đ both ways', async () => {
      expect(await titles('duong kach menh')).toContain('Đường Kách mệnh');
      expect(await titles('ĐƯỜNG')).toContain('Đường Kách mệnh');
    });

    it('ranks exact diacritics first: sách above sạch, sạch above sách', async () => {
      const sach = await titles('sách');
      expect(sach.indexOf('Sách hay cho nông thôn')).toBeGreaterThanOrEqual(0);
      expect(sach.indexOf('Sách hay cho nông thôn')).toBeLessThan(sach.indexOf('Sạch đẹp nông thôn'));
      const sach2 = await titles('sạch');
      expect(sach2.indexOf('Sạch đẹp nông thôn')).toBeLessThan(sach2.indexOf('Sách hay cho nông thôn'));
      // Without diacritics both match.
      expect(await titles('sach')).toEqual(expect.arrayContaining(['Sách hay cho nông thôn', 'Sạch đẹp nông thôn']));
    });

    it('matches prefixes as you type', async () => {
      expect(await titles('truyen ki')).toContain('Truyện Kiều');
      expect(await titles('dế mè')).toContain('Dế Mèn phiêu lưu ký');
      expect(await titles('huong ho')).toContain('Kỹ thuật trồng cà phê chè ở Hướng Hóa');
    });

    // Meilisearch drops the last words of a query that matches nothing (matchingStrategy "last"), so the assertions
    // of an empty result below are single words.
    it('matches the last word whole once a space (or punctuation) follows it', async () => {
      // "ho" is a word (Hồ Chí Minh) and begins others: Hướng Hóa, Tô Hoài, Văn học.
      expect(await titles('ho')).toEqual(
        expect.arrayContaining(['Đường Kách mệnh', 'Kỹ thuật trồng cà phê chè ở Hướng Hóa', 'Dế Mèn phiêu lưu ký']),
      );
      for (const q of [
        'hồ ',
        'HỒ  ',
        'Hồ '.normalize('NFD'),
        'ho ',
        'hồ\t',
        'Hồ\u00a0',
        'hồ,',
        'Đường hồ ',
        'ĐƯỜNG HỒ '.normalize('NFD'),
      ]) {
        expect([q, await titles(q)]).toEqual([q, ['Đường Kách mệnh']]);
      }
      expect(await titles('hoa')).toEqual(
        expect.arrayContaining(['Kỹ thuật trồng cà phê chè ở Hướng Hóa', 'Dế Mèn phiêu lưu ký']),
      );
      for (const q of ['hoa ', 'Hóa '.normalize('NFD'), 'hướng hóa '])
        expect([q, await titles(q)]).toEqual([q, ['Kỹ thuật trồng cà phê chè ở Hướng Hóa']]);
      // Spaces before the query change nothing: the last word is still being typed.
      expect(await titles('  hoa')).toEqual(
        expect.arrayContaining(['Kỹ thuật trồng cà phê chè ở Hướng Hóa', 'Dế Mèn phiêu lưu ký']),
      );
      expect(await titles('kie')).toContain('Truyện Kiều');
      for (const q of ['kie ', 'Kiề '.normalize('NFD')]) expect([q, await titles(q)]).toEqual([q, []]);
    });

    it('completes a number being typed into the ISBNs it begins (ISBN-13 and ISBN-10 forms)', async () => {
      const isbn10 = isbn10Of(ISBN_KIEU)!;
      for (const q of [
        '978',
        '9786',
        '97860',
        '978604',
        ISBN_KIEU.slice(0, 9),
        ISBN_KIEU.slice(0, 12),
        '604',
        '6040',
        '60400',
        isbn10.slice(0, 9),
      ]) {
        expect([q, await titles(q)]).toEqual([q, ['Truyện Kiều']]);
      }
      // Typed with hyphens, as printed on the book.
      for (const q of ['978-', '978-604-', '978-604-0-000', 'ISBN 978-604-0-00001', '604-0-', '604-0-0000']) {
        expect([q, await titles(q)]).toEqual([q, ['Truyện Kiều']]);
      }
      expect((await titles('truyen 97860'))[0]).toBe('Truyện Kiều');
      expect(await titles('97861')).toEqual([]);
      // A finished number is a whole word: no record has the number 97860.
      expect(await titles('97860 ')).toEqual([]);
    });

    it('tolerates a typo in longer words', async () => {
      expect(await titles('truyeen kieu')).toContain('Truyện Kiều');
      expect(await titles('nguyne du')).toContain('Truyện Kiều');
      expect(await titles('phieeu luu')).toContain('Dế Mèn phiêu lưu ký');
    });

    it('matches an ISBN in any form', async () => {
      const hyphen = `${ISBN_KIEU.slice(0, 3)}-${ISBN_KIEU.slice(3, 6)}-${ISBN_KIEU.slice(6, 12)}-${ISBN_KIEU.slice(12)}`;
      for (const q of [ISBN_KIEU, hyphen, `ISBN ${hyphen}`, isbn10Of(ISBN_KIEU)!])
        expect(await titles(q)).toEqual(['Truyện Kiều']);
    });

    it('counts facets by format, language, audience, subject, institution, availability and year', async () => {
      const res = await getIndex().search({ q: '' });
      expect(res.total).toBe(CORPUS.length);
      const count = (f: keyof typeof res.facets, v: string) => res.facets[f]?.find((x) => x.value === v)?.count;
      expect(count('language', 'vie')).toBe(8);
      expect(count('language', 'bru')).toBe(1);
      expect(count('language', 'pac')).toBe(1);
      expect(count('audience', 'children')).toBe(3);
      expect(count('format', 'ebook')).toBe(1);
      expect(count('subject', 'Khuyến nông')).toBe(3);
      expect(count('institution', INST_B)).toBe(3);
      expect(count('availability', 'online')).toBe(2);
      expect(count('year', '2015')).toBe(1);
      // Whole words (a space after the last): being typed, "thon" would also be a prefix, and on Meilisearch a prefix
      // one typo away (trồng), ranked after.
      const narrow = await getIndex().search({ q: 'nong thon ' });
      expect(narrow.total).toBe(2);
      expect(narrow.facets.subject?.find((x) => x.value === 'Khuyến nông')?.count).toBe(2);
    });

    it('filters by every facet and by year range', async () => {
      expect(await titles('', { filters: { language: ['bru', 'pac'] }, sort: 'title' })).toEqual([
        'Sổ tay tiếng Vân Kiều',
        'Truyện cổ Pa Kô',
      ]);
      expect(await titles('truyen', { filters: { audience: ['children'] } })).toEqual(['Truyện cổ Pa Kô']);
      expect((await titles('', { filters: { availability: ['on_shelf'], institution: [INST_B] } })).sort()).toEqual(
        ['Truyện cổ Pa Kô', 'Truyện Kiều'].sort(),
      );
      expect(
        (await titles('', { filters: { subject: ['Khuyến nông'], yearFrom: 2020, yearTo: 2022 } })).sort(),
      ).toEqual(['Kỹ thuật trồng cà phê chè ở Hướng Hóa', 'Sạch đẹp nông thôn'].sort());
      expect(await titles('', { filters: { format: ['heritage_document'] } })).toEqual(['Lịch sử Quảng Trị']);
      expect((await getIndex().search({ q: 'kieu', filters: { institution: [INST_A] } })).hits.length).toBe(1);
    });

    it('sorts by title in Vietnamese order and by newest', async () => {
      const byTitle = await titles('', { sort: 'title', limit: 50 });
      const pos = (t: string) => byTitle.indexOf(t);
      expect(pos('Dế Mèn phiêu lưu ký')).toBeLessThan(pos('Đường Kách mệnh')); // d before đ
      expect(pos('Đường Kách mệnh')).toBeLessThan(pos('Kỹ thuật trồng cà phê chè ở Hướng Hóa'));
      expect(pos('Sạch đẹp nông thôn')).toBeLessThan(pos('Sách hay cho nông thôn')); // letters first: "sach d" < "sach h"
      expect(pos('Sách hay cho nông thôn')).toBeLessThan(pos('Sổ tay tiếng Vân Kiều')); // a before ô
      expect(pos('Tiếng Việt 1')).toBeLessThan(pos('Truyện cổ Pa Kô'));
      expect(pos('Truyện cổ Pa Kô')).toBeLessThan(pos('Truyện Kiều')); // "cổ" before "Kiều"
      const newest = await titles('', { sort: 'newest', limit: 3 });
      expect(newest).toEqual(
        CORPUS.slice(-3)
          .reverse()
          .map((d) => d.title),
      );
    });

    it('paginates without overlap', async () => {
      const a = await getIndex().search({ q: '', sort: 'title', limit: 4, offset: 0 });
      const b = await getIndex().search({ q: '', sort: 'title', limit: 4, offset: 4 });
      expect(a.hits).toHaveLength(4);
      expect(b.hits).toHaveLength(4);
      expect(a.hits.map((h) => h.id).filter((id) => b.hits.some((x) => x.id === id))).toEqual([]);
      expect(a.total).toBe(CORPUS.length);
    });

    it('highlights matched words, keeping diacritics', async () => {
      const res = await getIndex().search({ q: 'truyen kieu' });
      expect(res.hits[0].highlight.title).toBe('<mark>Truyện</mark> <mark>Kiều</mark>');
      const byAuthor = await getIndex().search({ q: 'nguyen du' });
      expect(byAuthor.hits[0].highlight.authors).toEqual(['<mark>Nguyễn</mark> <mark>Du</mark>']);
    });

    it('returns per-record availability (institutions with a copy on the shelf)', async () => {
      const res = await getIndex().search({ q: 'truyen kieu' });
      expect(res.hits[0].document.availableAt).toEqual([INST_B]);
      expect(res.hits[0].document.institutionIds).toEqual([INST_A, INST_B]);
    });
  });
}
