import { describe, expect, it } from '@jest/globals';
import {
  canonicalWord,
  exactKey,
  foldedWords,
  foldVi,
  hasDiacritics,
  highlight,
  spellingVariant,
  typedQuery,
  vietnameseSortKey,
} from './vietnamese.js';
import { isbn10Of, isbnInQuery, normalizeIsbn } from './isbn.js';

describe('Vietnamese folding', () => {
  it('folds case, tones, vowel shapes and đ; NFD and NFC alike', () => {
    expect(foldVi('Truyện Kiều')).toBe('truyen kieu');
    expect(foldVi('Truyện Kiều'.normalize('NFD'))).toBe('truyen kieu');
    expect(foldVi('TRUYỆN KIỀU')).toBe('truyen kieu');
    expect(foldVi('Đường đời Đắk Lắk')).toBe('duong doi dak lak');
    expect(foldVi('Ơn ưa ăn ân')).toBe('on ua an an');
  });

  it('knows when the user typed diacritics', () => {
    expect(hasDiacritics('sách')).toBe(true);
    expect(hasDiacritics('đi')).toBe(true);
    expect(hasDiacritics('SACH')).toBe(false);
  });
});

describe('query as typed', () => {
  it('trims, and keeps the fact that a space or punctuation ended the last word', () => {
    expect(typedQuery('truyện ')).toEqual({ text: 'truyện', lastWordComplete: true });
    expect(typedQuery('  Đường Kách mệnh '.normalize('NFD'))).toEqual({
      text: 'Đường Kách mệnh',
      lastWordComplete: true,
    });
    expect(typedQuery('hồ\t')).toEqual({ text: 'hồ', lastWordComplete: true });
    expect(typedQuery('Hồ\u00a0')).toEqual({ text: 'Hồ', lastWordComplete: true });
    expect(typedQuery('Truyện Kiều,')).toEqual({ text: 'Truyện Kiều,', lastWordComplete: true });
  });

  it('takes the last word as still being typed otherwise, NFC or NFD, whatever precedes it', () => {
    expect(typedQuery('dế mè')).toEqual({ text: 'dế mè', lastWordComplete: false });
  });

  it('reads an ISBN being typed with hyphens as the number it begins', () => {
    expect(typedQuery('978-604-')).toEqual({ text: '978604', lastWordComplete: false });
    expect(typedQuery(' 978-604-0-0000')).toEqual({ text: '97860400000', lastWordComplete: false });
    expect(typedQuery('ISBN 978-604-1')).toEqual({ text: '9786041', lastWordComplete: false });
    expect(typedQuery('604-0-00001-x')).toEqual({ text: '604000001X', lastWordComplete: false });
    expect(typedQuery('604-0-')).toEqual({ text: '6040', lastWordComplete: false });
    // Not ISBNs: a span of years, a word with a number, a finished number.
    expect(typedQuery('1945-1975')).toEqual({ text: '1945-1975', lastWordComplete: false });
    expect(typedQuery('lịch sử 1945-1975')).toEqual({ text: 'lịch sử 1945-1975', lastWordComplete: false });
    expect(typedQuery('978 ')).toEqual({ text: '978', lastWordComplete: true });
    expect(typedQuery('  Hướng Hóa'.normalize('NFD'))).toEqual({ text: 'Hướng Hóa', lastWordComplete: false });
    expect(typedQuery('97860')).toEqual({ text: '97860', lastWordComplete: false });
    expect(typedQuery(undefined)).toEqual({ text: '', lastWordComplete: false });
  });
});

describe('Vietnamese sort key', () => {
  const sorted = (words: string[]) => [...words].sort((a, b) => (vietnameseSortKey(a) < vietnameseSortKey(b) ? -1 : 1));
  it('orders letters as the Vietnamese alphabet: a ă â b c d đ e ê … o ô ơ … u ư', () => {
    expect(sorted(['ơ', 'đa', 'ư', 'âm', 'da', 'ăn', 'ô', 'an', 'u', 'o', 'e', 'ê'])).toEqual([
      'an',
      'ăn',
      'âm',
      'da',
      'đa',
      'e',
      'ê',
      'o',
      'ô',
      'ơ',
      'u',
      'ư',
    ]);
  });
  it('breaks ties by tone: ngang, huyền, hỏi, ngã, sắc, nặng', () => {
    expect(sorted(['cạ', 'cá', 'cã', 'cả', 'cà', 'ca'])).toEqual(['ca', 'cà', 'cả', 'cã', 'cá', 'cạ']);
    expect(sorted(['sạch', 'sách'])).toEqual(['sách', 'sạch']);
  });
  it('puts a shorter word before its extensions and ignores case and NFD', () => {
    expect(sorted(['Truyện Kiều', 'Truyện', 'truyện cổ'])).toEqual(['Truyện', 'truyện cổ', 'Truyện Kiều']);
    expect(vietnameseSortKey('Hướng Hóa'.normalize('NFD'))).toBe(vietnameseSortKey('hướng hóa'));
  });
});

describe('highlight', () => {
  it('marks folded and prefix matches, keeps diacritics, escapes HTML', () => {
    expect(highlight('Truyện Kiều <1820>', ['truyen', 'ki'])).toBe(
      '<mark>Truyện</mark> <mark>Kiều</mark> &lt;1820&gt;',
    );
  });
  it('marks prefixes only for the word still being typed, as the search matches them', () => {
    // "hồ " (a space typed after it): the word is complete, so Hóa is not a match and is not marked.
    expect(highlight('Đường Kách mệnh — Hồ Chí Minh ở Hướng Hóa', ['ho'], { prefixLast: false })).toBe(
      'Đường Kách mệnh — <mark>Hồ</mark> Chí Minh ở Hướng Hóa',
    );
    expect(highlight('Đường Kách mệnh — Hồ Chí Minh ở Hướng Hóa', ['ho'])).toBe(
      'Đường Kách mệnh — <mark>Hồ</mark> Chí Minh ở Hướng <mark>Hóa</mark>',
    );
    // Only the last word is a prefix: "hu" earlier in the query is a whole word (no match for Hướng).
    expect(highlight('Hướng dẫn trồng cà phê ở Hướng Hóa', ['hu', 'ca'])).toBe(
      'Hướng dẫn trồng <mark>cà</mark> phê ở Hướng Hóa',
    );
    expect(highlight('Hướng dẫn trồng cà phê ở Hướng Hóa'.normalize('NFD'), ['huong', 'h'])).toBe(
      '<mark>Hướng</mark> dẫn trồng cà phê ở <mark>Hướng</mark> Hóa',
    );
  });
});

describe('ISBN', () => {
  it('normalises ISBN-10 and ISBN-13 in any form to ISBN-13', () => {
    expect(normalizeIsbn('978-0-306-40615-7')).toBe('9780306406157');
    expect(normalizeIsbn('0-306-40615-2')).toBe('9780306406157');
    expect(normalizeIsbn('ISBN 0 306 40615 2')).toBe('9780306406157');
    expect(normalizeIsbn('080442957x')).toBe('9780804429573');
  });
  it('refuses bad check digits and lengths', () => {
    expect(normalizeIsbn('978-0-306-40615-8')).toBeUndefined();
    expect(normalizeIsbn('0-306-40615-3')).toBeUndefined();
    expect(normalizeIsbn('12345')).toBeUndefined();
    expect(normalizeIsbn('97803064061570')).toBeUndefined();
  });
  it('gives the ISBN-10 of a 978 ISBN and recognises ISBN queries', () => {
    expect(isbn10Of('9780306406157')).toBe('0306406152');
    expect(isbn10Of('9791234567896')).toBeUndefined();
    expect(isbnInQuery('978 0 306 40615 7')).toBe('9780306406157');
    expect(isbnInQuery('truyen kieu')).toBeUndefined();
  });
});

describe('search forms of Vietnamese words', () => {
  it('folds the i/y spellings of a syllable whose only vowel is y into one word, and leaves the other y alone', () => {
    expect(foldedWords('Kỹ thuật, kĩ năng, Lý luận, lí thuyết, Mỹ thuật, mĩ thuật, quý, quí, hy vọng')).toEqual([
      'ki',
      'thuat',
      'ki',
      'nang',
      'li',
      'luan',
      'li',
      'thuyet',
      'mi',
      'thuat',
      'mi',
      'thuat',
      'qui',
      'qui',
      'hi',
      'vong',
    ]);
    expect(canonicalWord('hay')).toBe('hay');
    expect(canonicalWord('thuy')).toBe('thuy');
    expect(canonicalWord('y')).toBe('y');
    expect(spellingVariant('ky')).toBe('ki');
    expect(spellingVariant('ki')).toBe('ky');
    expect(spellingVariant('kinh')).toBeUndefined();
  });

  it('gives each word an exact token: tone first, Telex letters, one token for old and new tone placement and i/y', () => {
    expect(exactKey('Kiều')).toBe('zqfkieeu');
    expect(exactKey('sách')).toBe('zqssach');
    expect(exactKey('sạch')).toBe('zqjsach');
    expect(exactKey('Đường')).toBe('zqfdduwowng');
    expect(exactKey('du')).toBe('zqadu');
    expect(exactKey('dữ')).toBe('zqxduw');
    expect(exactKey('hoà')).toBe(exactKey('hòa'));
    expect(exactKey('thuỷ')).toBe(exactKey('thủy'));
    expect(exactKey('kỹ')).toBe(exactKey('kĩ'));
    expect(exactKey('Kiều'.normalize('NFD'))).toBe('zqfkieeu');
    // The token of a word being typed begins the tokens of the words it begins.
    expect(exactKey('kiều')!.startsWith(exactKey('kiề')!)).toBe(true);
    expect(exactKey('1975')).toBeUndefined();
  });
});
