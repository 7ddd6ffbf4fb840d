/**
 * Vietnamese text helpers shared by both search adapters, so that folding, tokens, title order and highlights
 * are the same whichever engine answers. `foldVi` matches the SQL function `platform.fold_vi`.
 */
import { escapeMarkup } from '../http/escape.js';

/** NFC, lower case, no diacritics, đ → d: "Truyện Kiều", "TRUYỆN KIỀU" and NFD input all give "truyen kieu". */
export function foldVi(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** Lower-case NFC words with their diacritics (for "exact diacritics first"). */
export function exactWords(input: string): string[] {
  return input
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// A syllable whose only vowel is a final y after its consonants: written with y or i alike (kỹ/kĩ, lý/lí, mỹ/mĩ, quý/quí,
// hy/hi, sỹ/sĩ). Both spellings are searched as the i form; "y" alone (ý kiến), "uy" (thủy) and "ay" (hay) stay.
const I_Y = /^(b|ch|c|d|gh|g|h|kh|k|l|m|ngh|ng|nh|n|ph|p|qu|r|s|th|tr|t|v|x)y$/;

/** One folded word in its search form: the i/y spelling variants become one (ky → ki, ly → li, quy → qui). */
export function canonicalWord(folded: string): string {
  return I_Y.test(folded) ? `${folded.slice(0, -1)}i` : folded;
}

/** Folded words of a text, in order, in their search form (i/y variants as one: see canonicalWord). */
export function foldedWords(input: string): string[] {
  return foldVi(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(canonicalWord);
}

/** The other spelling of an i/y variant word ("ki" for kỹ, "ky" for kĩ), if it has one. */
export function spellingVariant(folded: string): string | undefined {
  if (I_Y.test(folded)) return `${folded.slice(0, -1)}i`;
  if (I_Y.test(`${folded.slice(0, -1)}y`) && folded.endsWith('i')) return `${folded.slice(0, -1)}y`;
  return undefined;
}

const TONE_LETTER = new Map([
  ['\u0300', 'f'],
  ['\u0309', 'r'],
  ['\u0303', 'x'],
  ['\u0301', 's'],
  ['\u0323', 'j'],
]);
const SHAPE_LETTERS = new Map([
  ['a\u0306', 'aw'],
  ['a\u0302', 'aa'],
  ['e\u0302', 'ee'],
  ['o\u0302', 'oo'],
  ['o\u031b', 'ow'],
  ['u\u031b', 'uw'],
]);

/**
 * A word with its diacritics as one plain ASCII token ("zq", the tone, then the letters in Telex: kiều → zqfkieeu,
 * sạch → zqjsach, du → zqadu), for "exact diacritics first" on engines that fold diacritics away. The tone comes first
 * so that the token of a word being typed begins the token of the words it begins (kiề → zqfkiee…). Old and new tone
 * placement (hoà/hòa) and the i/y variants (kĩ/kỹ) give the same token. Undefined for a word with digits.
 */
export function exactKey(word: string): string | undefined {
  const nfd = word.normalize('NFC').toLowerCase().normalize('NFD');
  if (/\p{N}/u.test(nfd)) return undefined;
  let tone = 'a';
  let base = '';
  for (let i = 0; i < nfd.length; i++) {
    const ch = nfd[i];
    if (/\p{M}/u.test(ch)) continue;
    let letters = ch === 'đ' ? 'dd' : ch;
    for (let j = i + 1; j < nfd.length && /\p{M}/u.test(nfd[j]); j++) {
      const mark = nfd[j];
      if (TONE_LETTER.has(mark)) tone = TONE_LETTER.get(mark)!;
      else if (SHAPE_LETTERS.has(ch + mark)) letters = SHAPE_LETTERS.get(ch + mark)!;
    }
    base += letters;
  }
  if (!/^[a-z]+$/.test(base)) return undefined;
  // The i/y variants: on the plain letters (a syllable with shaped vowels never has y as its only vowel).
  if (/^[a-z]+$/.test(base) && I_Y.test(base)) base = `${base.slice(0, -1)}i`;
  return `zq${tone}${base}`;
}

/** The exact tokens of a text (each distinct word once). */
export function exactKeys(input: string): string[] {
  return [
    ...new Set(
      exactWords(input)
        .map(exactKey)
        .filter((k): k is string => !!k),
    ),
  ];
}

/**
 * A search query as typed: NFC and trimmed, and whether its last word is complete. A word followed by a space or
 * punctuation is finished ("truyen " is the word truyen); the last word otherwise is still being typed and is
 * matched as a prefix. Decided on the untrimmed text, which is the only place the trailing space is seen.
 */
export function typedQuery(input: string | undefined): { text: string; lastWordComplete: boolean } {
  const nfc = (input ?? '').normalize('NFC');
  const isbn = isbnBeingTyped(nfc.trim());
  if (isbn) return { text: isbn, lastWordComplete: false };
  return { text: nfc.trim(), lastWordComplete: /[\s\p{P}]$/u.test(nfc) };
}

const HYPHENATED_NUMBER = /^(?:isbn(?:-1[03])?[:\s]*)?(\d+(?:-\d+)+(?:-[\dx])?|\d+)-?$/i;

/**
 * A query that is only an ISBN being typed with its hyphens ("978-604-", "604-1-2345"), as its digits: a number still
 * being typed, completed into the ISBNs it begins, as when typed without hyphens. Only what can be an ISBN: a 978/979
 * prefix, or three groups or more (an ISBN-10's group-publisher-title-check); "1945-1975" stays two numbers.
 */
function isbnBeingTyped(text: string): string | undefined {
  const m = HYPHENATED_NUMBER.exec(text);
  if (!m || !text.includes('-')) return undefined;
  const digits = m[1].replace(/-/g, '').toUpperCase();
  const groups = m[1].split('-').length + (text.endsWith('-') ? 1 : 0);
  return /^97[89]/.test(digits) || groups >= 3 ? digits : undefined;
}

/** True when the text carries any Vietnamese diacritic or đ (the user typed them on purpose). */
export function hasDiacritics(input: string): boolean {
  const nfc = input.normalize('NFC');
  return foldVi(nfc) !== nfc.toLowerCase();
}

// Vietnamese alphabetical order (foreign f, j, w, z in their Latin places), then tones: level, huyền, hỏi, ngã, sắc, nặng.
const LETTERS = [
  'a',
  'ă',
  'â',
  'b',
  'c',
  'd',
  'đ',
  'e',
  'ê',
  'f',
  'g',
  'h',
  'i',
  'j',
  'k',
  'l',
  'm',
  'n',
  'o',
  'ô',
  'ơ',
  'p',
  'q',
  'r',
  's',
  't',
  'u',
  'ư',
  'v',
  'w',
  'x',
  'y',
  'z',
];
const LETTER_CODE = new Map(LETTERS.map((l, i) => [l, 11 + i]));
const TONES = new Map([
  ['\u0300', 1],
  ['\u0309', 2],
  ['\u0303', 3],
  ['\u0301', 4],
  ['\u0323', 5],
]);
const SHAPE = new Map([
  ['\u0306', '\u0306'],
  ['\u0302', '\u0302'],
  ['\u031b', '\u031b'],
]);
const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
// Combining diacritical marks (all Vietnamese tones and vowel shapes after NFD).
const isMark = (c: number) => c >= 0x300 && c <= 0x36f;
const code2 = (n: number) => B36[Math.floor(n / 36) % 36] + B36[n % 36];

/**
 * A sort key giving Vietnamese dictionary order under plain byte comparison (PostgreSQL `COLLATE "C"`,
 * Meilisearch string sort): letters first (a < ă < â < b … đ after d, ư after u), then tones as a tie-break.
 */
export function vietnameseSortKey(input: string, maxLetters = 60): string {
  const s = input.normalize('NFD').toLowerCase();
  let primary = '';
  let tones = '';
  let letters = 0;
  let lastWasSpace = true;
  for (let i = 0; i < s.length && letters < maxLetters; i++) {
    const ch = s[i];
    if (isMark(s.charCodeAt(i))) continue;
    let shape = '';
    let tone = 0;
    for (let j = i + 1; j < s.length && isMark(s.charCodeAt(j)); j++) {
      if (SHAPE.has(s[j])) shape = s[j];
      else if (TONES.has(s[j])) tone = TONES.get(s[j])!;
    }
    if (/[\p{L}]/u.test(ch)) {
      const letter = (ch + shape).normalize('NFC');
      const code =
        LETTER_CODE.get(letter) ??
        LETTER_CODE.get(ch) ??
        11 + LETTERS.length + Math.min(ch.codePointAt(0)! % 1000, 1000);
      primary += code2(code);
      tones += String(tone);
      letters++;
      lastWasSpace = false;
    } else if (/\p{N}/u.test(ch)) {
      primary += code2(
        1 + Number(ch.codePointAt(0)! - 48 >= 0 && ch.codePointAt(0)! - 48 <= 9 ? ch.codePointAt(0)! - 48 : 9),
      );
      letters++;
      lastWasSpace = false;
    } else if (!lastWasSpace) {
      primary += '00';
      lastWasSpace = true;
    }
  }
  return `${primary.replace(/(00)+$/, '')}.${tones}`;
}

/**
 * Wrap the words of `text` that match a folded query token in <mark>, as the search matches them: each token as a whole
 * word, and the last one also as a prefix (two letters or more) while it is being typed (`prefixLast`, the default:
 * false once a space or punctuation follows it). Everything else is HTML-escaped; diacritics of the text are kept.
 */
export function highlight(text: string, tokens: string[], opts: { prefixLast?: boolean } = {}): string {
  if (!tokens.length) return escapeMarkup(text);
  const last = tokens[tokens.length - 1];
  const prefix = (opts.prefixLast ?? true) && last.length >= 2 ? last : undefined;
  const nfc = text.normalize('NFC');
  return nfc
    .split(/([^\p{L}\p{N}]+)/u)
    .map((part) => {
      if (!part || /^[^\p{L}\p{N}]+$/u.test(part)) return escapeMarkup(part);
      const f = canonicalWord(foldVi(part));
      const hit =
        tokens.includes(f) || (prefix !== undefined && (f.startsWith(prefix) || foldVi(part).startsWith(prefix)));
      return hit ? `<mark>${escapeMarkup(part)}</mark>` : escapeMarkup(part);
    })
    .join('');
}
