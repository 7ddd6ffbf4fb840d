import type { MarcRecord } from '@natlibfi/marc-record';

interface Subfield {
  code: string;
  value: string;
}
interface Field {
  tag: string;
  ind1?: string;
  ind2?: string;
  value?: string;
  subfields?: Subfield[];
}

/** A problem with one holding, in the catalogue's error vocabulary (`CatalogueErrors` key and its details). */
export interface HoldingProblem {
  error:
    | 'marcHoldingWithoutBarcode'
    | 'marcHoldingInvalidBarcode'
    | 'marcHoldingInvalidPrice'
    | 'marcHoldingInvalidDate'
    | 'marcHoldingWithoutLibrary';
  details: Record<string, string>;
}

/** One copy as a MARC holding field describes it, before its library code is looked up. */
export interface MarcHolding {
  /** 852 (MARC 21 location) or 952 (Koha's item field). */
  tag: '852' | '952';
  barcode: string | null;
  /** Code of the home library (852 $a or $b; 952 $a). */
  libraryCode: string | null;
  /** Code of the library holding it now, when another (952 $b). */
  locationCode: string | null;
  callNumber: string | null;
  shelfLocation: string | null;
  priceVnd: number | null;
  /** YYYY-MM-DD. */
  acquiredOn: string | null;
  /** Why the holding cannot become a copy, found while reading it. */
  problem: HoldingProblem | null;
}

/** A subject heading with the kind of each part (MARC 6XX: $a, then $x topical, $y chronological, $z geographic, $v form). */
export interface SubjectHeading {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: Subfield[];
}

/** The subfields a subject heading's text is made of, in the order they come. */
export const SUBJECT_PARTS = ['a', 'x', 'y', 'z', 'v'];
export const SUBJECT_TAGS = ['600', '610', '611', '630', '650', '651'];

/** Barcodes the catalogue accepts (the copies_barcode_chk constraint). */
export const BARCODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$/;

const clean = (s: string | undefined) => {
  const t = (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return t || null;
};
const sub = (f: Field, code: string) => clean(f.subfields?.find((s) => s.code === code)?.value);

/** The text a subject heading is stored as in the record ("Cà phê -- Quảng Trị"), parts trimmed of ISBD punctuation. */
export const subjectText = (h: SubjectHeading, trim: (s: string) => string): string =>
  h.subfields
    .filter((s) => SUBJECT_PARTS.includes(s.code))
    .map((s) => trim(s.value))
    .filter(Boolean)
    .join(' -- ');

/**
 * A price in đồng as libraries write it: "120000", "120.000", "120,000 đ", "120000.00", "85.000 VNĐ". Thousands
 * separators are told from decimals by the three digits after them. Undefined when it is not a price.
 */
export function parsePriceVnd(raw: string): number | undefined {
  const s = raw
    .normalize('NFC')
    .replace(/(đồng|vnđ|vnd|đ|₫)\.?/giu, '')
    .replace(/\s+/g, '')
    .trim();
  if (/^\d{1,3}([.,]\d{3})+$/.test(s)) return Number(s.replace(/[.,]/g, ''));
  if (/^\d+([.,]\d{1,2})?$/.test(s)) return Math.round(Number(s.replace(',', '.')));
  return undefined;
}

/** A date as YYYY-MM-DD from "2024-03-05" or "20240305"; undefined when it is not a real date. */
export function parseMarcDate(raw: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * The holdings of a bibliographic record: each 852 (with its 876 item information, matched by barcode in $p, for price
 * $c and acquisition date $d) and each Koha 952 ($a home branch, $b holding branch, $c shelving location, $o call
 * number, $p barcode, $g purchase price else $v replacement price, $d acquisition date).
 */
export function readHoldings(record: MarcRecord): MarcHolding[] {
  const fields = record.fields as Field[];
  const items = new Map(fields.filter((f) => f.tag === '876' && sub(f, 'p')).map((f) => [sub(f, 'p')!, f]));
  const out: MarcHolding[] = [];
  for (const f of fields) {
    if (f.tag !== '852' && f.tag !== '952') continue;
    const barcode = sub(f, 'p');
    let price: [string, string] | null;
    let date: [string, string] | null;
    let h: Omit<MarcHolding, 'priceVnd' | 'acquiredOn' | 'problem'>;
    if (f.tag === '852') {
      const item = barcode ? items.get(barcode) : undefined;
      const callNumber = [sub(f, 'h'), sub(f, 'i')].filter(Boolean).join(' ') || null;
      h = {
        tag: '852',
        barcode,
        libraryCode: sub(f, 'a') ?? sub(f, 'b'),
        locationCode: null,
        callNumber,
        shelfLocation: sub(f, 'c'),
      };
      const p852 = sub(f, '9');
      price = item && sub(item, 'c') ? ['876 $c', sub(item, 'c')!] : p852 ? ['852 $9', p852] : null;
      date = item && sub(item, 'd') ? ['876 $d', sub(item, 'd')!] : null;
    } else {
      const home = sub(f, 'a');
      const holding = sub(f, 'b');
      h = {
        tag: '952',
        barcode,
        libraryCode: home ?? holding,
        locationCode: holding && holding !== home ? holding : null,
        callNumber: sub(f, 'o'),
        shelfLocation: sub(f, 'c'),
      };
      price = sub(f, 'g') ? ['952 $g', sub(f, 'g')!] : sub(f, 'v') ? ['952 $v', sub(f, 'v')!] : null;
      date = sub(f, 'd') ? ['952 $d', sub(f, 'd')!] : null;
    }
    const priceVnd = price ? parsePriceVnd(price[1]) : null;
    const acquiredOn = date ? parseMarcDate(date[1]) : null;
    let problem: HoldingProblem | null = null;
    if (!barcode) problem = { error: 'marcHoldingWithoutBarcode', details: { tag: f.tag } };
    else if (!BARCODE_PATTERN.test(barcode)) problem = { error: 'marcHoldingInvalidBarcode', details: { barcode } };
    else if (!h.libraryCode) problem = { error: 'marcHoldingWithoutLibrary', details: { tag: f.tag, barcode } };
    else if (priceVnd === undefined)
      problem = { error: 'marcHoldingInvalidPrice', details: { value: price![1], where: price![0], barcode } };
    else if (acquiredOn === undefined)
      problem = { error: 'marcHoldingInvalidDate', details: { value: date![1], where: date![0], barcode } };
    out.push({ ...h, priceVnd: priceVnd ?? null, acquiredOn: acquiredOn ?? null, problem });
  }
  return out;
}

/** The record's subject headings (6XX) with their tag, indicators and the subfields that matter, NFC. */
export function readSubjectHeadings(record: MarcRecord): SubjectHeading[] {
  return (record.fields as Field[])
    .filter((f) => SUBJECT_TAGS.includes(f.tag))
    .map((f) => ({
      tag: f.tag,
      ind1: f.ind1 ?? ' ',
      ind2: f.ind2 ?? ' ',
      subfields: (f.subfields ?? [])
        .filter((s) => [...SUBJECT_PARTS, '2'].includes(s.code))
        .map((s) => ({ code: s.code, value: s.value.normalize('NFC').trim() }))
        .filter((s) => s.value),
    }))
    .filter((h) => h.subfields.some((s) => s.code === 'a'));
}
