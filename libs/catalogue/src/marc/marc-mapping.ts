import { MarcRecord } from '@natlibfi/marc-record';
import { hyphenateIsbn, normalizeIsbn } from '@suotdoi/platform';
import type { AccessibleFormat, Audience, Author, AuthorRole, BibRecord, RecordInput } from '../catalogue.types.js';
import { subjectText, type SubjectHeading } from './marc-holdings.js';

/** A MARC field as the natlibfi library models it. */
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

export class MarcMappingError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Trailing ISBD punctuation (" /", " :", " ;", ",", ".") that MARC subfields carry. */
const trimIsbd = (s: string) =>
  s
    .normalize('NFC')
    .replace(/\s*[/:;,=]\s*$/, '')
    .replace(/(?<!\b\p{L})\.$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
const sub = (f: Field | undefined, code: string) => f?.subfields?.find((s) => s.code === code)?.value;
const subs = (f: Field, code: string) => (f.subfields ?? []).filter((s) => s.code === code).map((s) => s.value);

const RELATORS: Record<string, AuthorRole> = {
  aut: 'author',
  edt: 'editor',
  trl: 'translator',
  ill: 'illustrator',
  com: 'compiler',
  adp: 'adapter',
  nrt: 'narrator',
  'tác giả': 'author',
  'chủ biên': 'editor',
  'biên tập': 'editor',
  dịch: 'translator',
  'người dịch': 'translator',
  'minh họa': 'illustrator',
  'biên soạn': 'compiler',
  'sưu tầm': 'compiler',
  'phóng tác': 'adapter',
  'người đọc': 'narrator',
  author: 'author',
  editor: 'editor',
  translator: 'translator',
  illustrator: 'illustrator',
  compiler: 'compiler',
  adapter: 'adapter',
  narrator: 'narrator',
};
const ROLE_CODE: Record<AuthorRole, string> = {
  author: 'aut',
  editor: 'edt',
  translator: 'trl',
  illustrator: 'ill',
  compiler: 'com',
  adapter: 'adp',
  narrator: 'nrt',
};

export const LOCAL_CONTENT_TERM = 'Tài liệu địa chí';

/** What a MARC record holds for us, plus the ISBNs it carried that were not valid (reported, not fatal). */
export interface MappedRecord {
  input: RecordInput;
  invalidIsbns: string[];
}

/** MARC 21 bibliographic → our record. Throws MarcMappingError when it lacks what a record needs (a title). */
export function fromMarc(record: MarcRecord): MappedRecord {
  const fields = record.fields as Field[];
  const get = (tag: string) => fields.find((f) => f.tag === tag);
  const all = (...tags: string[]) => fields.filter((f) => tags.includes(f.tag));
  const f245 = get('245');
  const title = f245 && sub(f245, 'a') ? trimIsbd(sub(f245, 'a')!) : '';
  if (!title) throw new MarcMappingError('missing_title', 'field 245 $a (title) is missing');

  const f008 = get('008')?.value ?? '';
  const lang041 = get('041') && sub(get('041'), 'a');
  const language = (
    /^[a-z]{3}$/.test(f008.slice(35, 38))
      ? f008.slice(35, 38)
      : lang041 && /^[a-z]{3}$/i.test(lang041)
        ? lang041.toLowerCase()
        : 'vie'
  ).toLowerCase();
  const audienceCode = f008.charAt(22);
  const audience: Audience = ['a', 'b', 'c', 'j'].includes(audienceCode)
    ? 'children'
    : audienceCode === 'd'
      ? 'youth'
      : 'adult';
  const formCode = f008.charAt(23);
  const accessible = new Set<AccessibleFormat>();
  if (formCode === 'f') accessible.add('braille');
  if (formCode === 'd') accessible.add('large_print');
  if (record.leader.charAt(6) === 'i') accessible.add('audio_daisy');
  for (const f of all('340'))
    for (const v of subs(f, 'n').map((s) => s.toLowerCase())) {
      if (v.includes('braille') || v.includes('chữ nổi')) accessible.add('braille');
      if (v.includes('large print') || v.includes('chữ to')) accessible.add('large_print');
      if (v.includes('daisy')) accessible.add('audio_daisy');
      if (v.includes('easy') || v.includes('dễ đọc')) accessible.add('easy_read');
    }

  const isbns: string[] = [];
  const invalidIsbns: string[] = [];
  for (const f of all('020')) {
    for (const raw of subs(f, 'a')) {
      const candidate = raw.trim().split(/\s+|\(/)[0];
      const n = normalizeIsbn(candidate);
      if (n) {
        if (!isbns.includes(n)) isbns.push(n);
      } else invalidIsbns.push(raw);
    }
  }

  const authors: Author[] = all('100', '110', '700', '710')
    .map((f) => {
      const rel = [...subs(f, '4'), ...subs(f, 'e')].map((r) => trimIsbd(r).toLowerCase());
      const role = rel.map((r) => RELATORS[r]).find(Boolean) ?? (f.tag.startsWith('1') ? 'author' : 'author');
      return { name: trimIsbd(sub(f, 'a') ?? ''), role };
    })
    .filter((a) => a.name);

  const pub = get('264') ?? get('260');
  const yearMatch = /(\d{4})/.exec(sub(pub, 'c') ?? '') ?? /^\d{6}[a-z|](\d{4})/.exec(f008);
  const year = yearMatch ? Number(yearMatch[1]) : null;

  const subjects = all('600', '610', '611', '630', '650', '651')
    .map((f) =>
      (f.subfields ?? [])
        .filter((s) => ['a', 'x', 'y', 'z', 'v'].includes(s.code))
        .map((s) => trimIsbd(s.value))
        .join(' -- '),
    )
    .filter(Boolean);
  const genre = all('655').map((f) => trimIsbd(sub(f, 'a') ?? ''));
  const localContent =
    genre.some((g) => g.toLowerCase() === LOCAL_CONTENT_TERM.toLowerCase()) ||
    all('690').some((f) => /địa chí/i.test(sub(f, 'a') ?? ''));

  const controlNumber = get('001')?.value?.trim() || null;
  return {
    invalidIsbns,
    input: {
      controlNumber: controlNumber
        ? get('003')?.value
          ? `${get('003')!.value!.trim()}:${controlNumber}`
          : controlNumber
        : null,
      title,
      subtitle: sub(f245, 'b') ? trimIsbd(sub(f245, 'b')!) : null,
      responsibility: sub(f245, 'c') ? trimIsbd(sub(f245, 'c')!) : null,
      authors,
      publisher: sub(pub, 'b') ? trimIsbd(sub(pub, 'b')!) : null,
      place: sub(pub, 'a') ? trimIsbd(sub(pub, 'a')!).replace(/^\[|\]$/g, '') : null,
      year: year && year >= 1000 && year <= 2200 ? year : null,
      edition: sub(get('250'), 'a') ? trimIsbd(sub(get('250'), 'a')!) : null,
      isbns,
      language,
      subjects: [...new Set(subjects)],
      ddc: sub(get('082'), 'a')?.replace(/\//g, '').trim() ?? null,
      series: sub(get('490') ?? get('830'), 'a') ? trimIsbd(sub(get('490') ?? get('830'), 'a')!) : null,
      summary: sub(get('520'), 'a')?.normalize('NFC').trim() ?? null,
      audience,
      accessibleFormats: [...accessible],
      localContent,
    },
  };
}

/** A copy as an export writes it: 852 ($a library code, $c shelf location, $h call number, $p barcode) and 876. */
export interface ExportHolding {
  institutionCode: string;
  callNumber: string | null;
  shelfLocation?: string | null;
  barcode: string;
  priceVnd?: number | null;
  /** YYYY-MM-DD. */
  acquiredOn?: string | null;
}

/**
 * Our record → MARC 21 bibliographic (UTF-8, leader position 9 = "a"). Each copy is an 852, with an 876 (linked by
 * the barcode in $p) for its price ($c) and acquisition date ($d) when it has them. A subject the record was imported
 * with goes back with its tag and the kind of each subdivision ($x, $y, $z, $v); any other is a 650 with $x.
 */
export function toMarc(
  r: BibRecord,
  opts: { holdings?: ExportHolding[]; subjectHeadings?: SubjectHeading[]; baseUrl?: string } = {},
): MarcRecord {
  const year = r.year ? String(r.year) : '    ';
  const created = r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt);
  const yymmdd = created.toISOString().slice(2, 10).replace(/-/g, '');
  const audience = r.audience === 'children' ? 'j' : r.audience === 'youth' ? 'd' : 'e';
  const form = r.accessibleFormats.includes('braille') ? 'f' : r.accessibleFormats.includes('large_print') ? 'd' : ' ';
  // 008 for books: date entered, single date, place "vm " (Vietnam), audience (22), form of item (23), language (35-37).
  const f008 = `${yymmdd}s${year}    vm     ${audience}${form}${' '.repeat(11)}${r.language} d`;
  const fields: Field[] = [
    { tag: '001', value: r.controlNumber ?? r.id },
    { tag: '005', value: new Date(r.updatedAt).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '.0' },
    { tag: '008', value: f008 },
  ];
  for (const i of r.isbns)
    fields.push({ tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: hyphenateIsbn(i) }] });
  fields.push({ tag: '041', ind1: '0', ind2: ' ', subfields: [{ code: 'a', value: r.language }] });
  if (r.ddc) fields.push({ tag: '082', ind1: '0', ind2: '4', subfields: [{ code: 'a', value: r.ddc }] });
  r.authors.forEach((a, i) => {
    fields.push({
      tag: i === 0 ? '100' : '700',
      ind1: '1',
      ind2: ' ',
      subfields: [
        { code: 'a', value: a.name },
        { code: '4', value: ROLE_CODE[a.role] },
      ],
    });
  });
  const t245: Subfield[] = [
    { code: 'a', value: r.subtitle ? `${r.title} :` : r.responsibility ? `${r.title} /` : r.title },
  ];
  if (r.subtitle) t245.push({ code: 'b', value: r.responsibility ? `${r.subtitle} /` : r.subtitle });
  if (r.responsibility) t245.push({ code: 'c', value: r.responsibility });
  fields.push({ tag: '245', ind1: r.authors.length ? '1' : '0', ind2: '0', subfields: t245 });
  if (r.edition) fields.push({ tag: '250', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: r.edition }] });
  const f264: Subfield[] = [];
  if (r.place) f264.push({ code: 'a', value: r.place });
  if (r.publisher) f264.push({ code: 'b', value: r.publisher });
  if (r.year) f264.push({ code: 'c', value: String(r.year) });
  if (f264.length) fields.push({ tag: '264', ind1: ' ', ind2: '1', subfields: f264 });
  const f340: string[] = r.accessibleFormats.map(
    (f) => ({ braille: 'braille', large_print: 'large print', audio_daisy: 'DAISY', easy_read: 'easy-to-read' })[f],
  );
  if (f340.length)
    fields.push({ tag: '340', ind1: ' ', ind2: ' ', subfields: f340.map((value) => ({ code: 'n', value })) });
  if (r.series) fields.push({ tag: '490', ind1: '0', ind2: ' ', subfields: [{ code: 'a', value: r.series }] });
  if (r.summary) fields.push({ tag: '520', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: r.summary }] });
  const headings = new Map((opts.subjectHeadings ?? []).map((h) => [subjectText(h, trimIsbd), h]));
  for (const s of r.subjects) {
    const heading = headings.get(s);
    if (heading) {
      fields.push({ tag: heading.tag, ind1: heading.ind1, ind2: heading.ind2, subfields: heading.subfields });
      continue;
    }
    const [a, ...rest] = s.split(' -- ');
    fields.push({
      tag: '650',
      ind1: ' ',
      ind2: '7',
      subfields: [
        { code: 'a', value: a },
        ...rest.map((x) => ({ code: 'x', value: x })),
        { code: '2', value: 'local' },
      ],
    });
  }
  if (r.localContent)
    fields.push({
      tag: '655',
      ind1: ' ',
      ind2: '7',
      subfields: [
        { code: 'a', value: LOCAL_CONTENT_TERM },
        { code: '2', value: 'local' },
      ],
    });
  for (const h of opts.holdings ?? []) {
    const sf: Subfield[] = [{ code: 'a', value: h.institutionCode }];
    if (h.shelfLocation) sf.push({ code: 'c', value: h.shelfLocation });
    if (h.callNumber) sf.push({ code: 'h', value: h.callNumber });
    sf.push({ code: 'p', value: h.barcode });
    fields.push({ tag: '852', ind1: ' ', ind2: ' ', subfields: sf });
  }
  if (opts.baseUrl)
    fields.push({
      tag: '856',
      ind1: '4',
      ind2: '0',
      subfields: [{ code: 'u', value: `${opts.baseUrl}/catalogue/records/${r.id}` }],
    });
  for (const h of opts.holdings ?? []) {
    if (h.priceVnd == null && !h.acquiredOn) continue;
    const sf: Subfield[] = [];
    if (h.priceVnd != null) sf.push({ code: 'c', value: String(h.priceVnd) });
    if (h.acquiredOn) sf.push({ code: 'd', value: h.acquiredOn.replace(/-/g, '') });
    sf.push({ code: 'p', value: h.barcode });
    fields.push({ tag: '876', ind1: ' ', ind2: ' ', subfields: sf });
  }
  const leader = `00000n${'a'}m a2200000 i 4500`;
  return new MarcRecord({ leader, fields: fields as never }, { subfieldValues: false, fields: false });
}
