import type { SearchDocument } from '@suotdoi/platform';

/** A valid ISBN-13 from its first 12 digits (test data). */
export function isbn13(first12: string): string {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

export const INST_A = '0a000000-0000-4000-8000-00000000000a';
export const INST_B = '0b000000-0000-4000-8000-00000000000b';
export const ISBN_KIEU = isbn13('978604000001');

let n = 0;
function doc(p: Partial<SearchDocument> & { title: string }): SearchDocument {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    subtitle: null,
    authors: [],
    publisher: null,
    year: 2020,
    isbns: [],
    language: 'vie',
    formats: ['print_book'],
    audience: 'adult',
    subjects: [],
    series: null,
    summary: null,
    ddc: null,
    localContent: false,
    institutionIds: [INST_A],
    availableAt: [INST_A],
    availability: ['on_shelf'],
    hasCover: false,
    createdAt: new Date(Date.UTC(2024, 0, n)).toISOString(),
    ...p,
  };
}

/** The contract suite's corpus: Vietnamese titles that exercise folding, đ, tones, prefixes, typos, ISBNs and facets. */
export const CORPUS: SearchDocument[] = [
  doc({
    title: 'Truyện Kiều',
    authors: ['Nguyễn Du'],
    year: 2015,
    isbns: [ISBN_KIEU],
    subjects: ['Văn học cổ điển', 'Truyện thơ'],
    formats: ['print_book', 'ebook'],
    availability: ['on_shelf', 'online'],
    institutionIds: [INST_A, INST_B],
    availableAt: [INST_B],
  }),
  doc({
    title: 'Dế Mèn phiêu lưu ký',
    authors: ['Tô Hoài'],
    year: 2019,
    audience: 'children',
    subjects: ['Văn học thiếu nhi'],
  }),
  doc({ title: 'Đường Kách mệnh', authors: ['Hồ Chí Minh'], year: 2010, subjects: ['Lịch sử'] }),
  doc({ title: 'Sách hay cho nông thôn', year: 2018, subjects: ['Khuyến nông'] }),
  doc({ title: 'Sạch đẹp nông thôn', year: 2021, subjects: ['Khuyến nông', 'Môi trường'] }),
  doc({
    title: 'Kỹ thuật trồng cà phê chè ở Hướng Hóa',
    authors: ['Trung tâm Khuyến nông Quảng Trị'],
    year: 2022,
    subjects: ['Khuyến nông', 'Cà phê'],
    localContent: true,
  }),
  doc({
    title: 'Sổ tay tiếng Vân Kiều',
    subtitle: 'Song ngữ Bru – Việt',
    language: 'bru',
    year: 2017,
    audience: 'youth',
    subjects: ['Ngôn ngữ dân tộc thiểu số'],
    institutionIds: [INST_B],
    availableAt: [],
    availability: ['unavailable'],
  }),
  doc({
    title: 'Truyện cổ Pa Kô',
    language: 'pac',
    year: 2016,
    audience: 'children',
    subjects: ['Văn học dân gian'],
    institutionIds: [INST_B],
    availableAt: [INST_B],
  }),
  doc({
    title: 'Tiếng Việt 1',
    subtitle: 'Sách giáo khoa',
    year: 2020,
    audience: 'children',
    subjects: ['Sách giáo khoa'],
    formats: ['print_book', 'large_print'],
  }),
  doc({
    title: 'Lịch sử Quảng Trị',
    year: 2005,
    subjects: ['Lịch sử', 'Địa chí'],
    localContent: true,
    formats: ['heritage_document'],
    availability: ['online'],
    availableAt: [],
  }),
];
