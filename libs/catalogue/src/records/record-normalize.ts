import { normalizeIsbn } from '@suotdoi/platform';
import { CatalogueErrors } from '../catalogue.errors.js';
import type { RecordInput } from '../catalogue.types.js';

const clean = (s: string | null | undefined): string | null => {
  if (s === undefined || s === null) return null;
  const t = s.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t || null;
};

/** ISBNs in any form → normalised ISBN-13s, de-duplicated; throws catalogue/invalid_isbn on the first bad one. */
export function normalizeIsbns(list: string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const n = normalizeIsbn(raw);
    if (!n) throw CatalogueErrors.invalidIsbn({ isbn: raw });
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** NFC, trimmed, ISBNs normalised, subjects de-duplicated: the form every record is stored in. */
export function normalizeRecordInput<T extends Partial<RecordInput>>(r: T): T {
  const out: Partial<RecordInput> = { ...r };
  for (const k of [
    'controlNumber',
    'title',
    'subtitle',
    'responsibility',
    'publisher',
    'place',
    'edition',
    'ddc',
    'series',
    'summary',
  ] as const) {
    if (r[k] !== undefined) out[k] = clean(r[k] as string | null) as never;
  }
  if (r.summary) out.summary = r.summary.normalize('NFC').trim();
  if (r.authors)
    out.authors = r.authors.map((a) => ({ name: clean(a.name) ?? '', role: a.role })).filter((a) => a.name);
  if (r.subjects) out.subjects = [...new Set(r.subjects.map((s) => clean(s)).filter((s): s is string => !!s))];
  if (r.isbns) out.isbns = normalizeIsbns(r.isbns);
  if (r.language) out.language = r.language.toLowerCase();
  if (r.accessibleFormats) out.accessibleFormats = [...new Set(r.accessibleFormats)];
  return out as T;
}
