import ISBN from 'isbn3';

/**
 * ISBN-10 or ISBN-13 in any form (hyphens, spaces, "ISBN" prefix, lower-case x) → normalised ISBN-13 without
 * hyphens, or undefined when it is not a valid ISBN (bad check digit, bad length, unknown range).
 */
export function normalizeIsbn(input: string): string | undefined {
  const compact = input
    .replace(/^\s*isbn(-1[03])?:?\s*/i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  if (!/^(\d{9}[\dX]|\d{13})$/.test(compact)) return undefined;
  if (!checksumOk(compact)) return undefined;
  const parsed = ISBN.parse(compact);
  return parsed?.isValid ? parsed.isbn13 : compact.length === 13 ? compact : to13(compact);
}

/** The hyphenated ISBN-13 for display (falls back to the compact form when the range is unknown). */
export function hyphenateIsbn(isbn13: string): string {
  return ISBN.hyphenate(isbn13) ?? isbn13;
}

/** The ISBN-10 form of a 978 ISBN-13, if there is one. */
export function isbn10Of(isbn13: string): string | undefined {
  if (!/^978\d{10}$/.test(isbn13)) return undefined;
  const body = isbn13.slice(3, 12);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return body + (check === 10 ? 'X' : String(check));
}

/** When a search query is nothing but an ISBN (any form), its ISBN-13. */
export function isbnInQuery(q: string): string | undefined {
  const t = q.trim();
  if (!/^(isbn[-:\s]*)?[\dXx][\dXx\s-]{8,20}$/i.test(t)) return undefined;
  return normalizeIsbn(t);
}

function checksumOk(c: string): boolean {
  if (c.length === 10) {
    const sum = [...c].reduce((s, ch, i) => s + (ch === 'X' ? 10 : Number(ch)) * (10 - i), 0);
    return !c.slice(0, 9).includes('X') && sum % 11 === 0;
  }
  const sum = [...c].reduce((s, ch, i) => s + Number(ch) * (i % 2 ? 3 : 1), 0);
  return sum % 10 === 0;
}

function to13(isbn10: string): string {
  const body = `978${isbn10.slice(0, 9)}`;
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * (i % 2 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
}
