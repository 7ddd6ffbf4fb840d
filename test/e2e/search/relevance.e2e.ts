import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Meilisearch } from 'meilisearch';
import {
  buildDataSourceOptions,
  loadConfig,
  MeilisearchSearchIndex,
  PostgresSearchIndex,
  type SearchDocument,
  type SearchIndex,
} from '@suotdoi/platform';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { reportMeilisearchSkipped, searchEngines, testMeili, type SearchEngineKind } from '../../support/search.js';
import { INST_A } from './search-fixtures.js';

// Vietnamese relevance, the same assertions on both engines: the order of the top results for what librarians and
// patrons type. Real titles and authors; the catalogue is padded with many other Nguyễn authors and words beginning
// with "du" so that a name typed as a phrase has competition, as in a real library.
let n = 0;
function book(title: string, authors: string[], extra: Partial<SearchDocument> = {}): SearchDocument {
  n++;
  return {
    id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    title,
    subtitle: null,
    authors,
    publisher: 'Nhà xuất bản Văn học',
    year: 2000 + (n % 24),
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
    createdAt: new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString(),
    ...extra,
  };
}

const CORPUS: SearchDocument[] = [
  // Other Nguyễn authors and words beginning with "du" first (older), so that newest-first gathering meets them first.
  ...[
    'Nguyễn Nhật Ánh',
    'Nguyễn Trãi',
    'Nguyễn Đình Chiểu',
    'Nguyễn Tuân',
    'Nguyễn Huy Thiệp',
    'Nguyễn Khải',
    'Nguyễn Minh Châu',
    'Nguyễn Quang Sáng',
  ].flatMap((a, i) => [
    book(`Du lịch ${['Huế', 'Hội An', 'Sa Pa', 'Phong Nha', 'Cửa Tùng', 'Đà Lạt', 'Hạ Long', 'Côn Đảo'][i]}`, [a]),
    book(`Tuyển tập ${a}`, [a], { subjects: ['Văn học hiện đại'] }),
  ]),
  book('Dũng sĩ Đam San', ['Nguyễn Văn Dung']),
  book('Sọ Dừa', ['Nguyễn Đổng Chi'], { audience: 'children', subjects: ['Truyện cổ tích'] }),
  book('Sự tích dưa hấu', ['Nguyễn Đổng Chi'], { audience: 'children', subjects: ['Truyện cổ tích'] }),
  book('Truyền kỳ mạn lục', ['Nguyễn Dữ'], { subjects: ['Truyện truyền kỳ'] }),
  book('Truyện Kiều', ['Nguyễn Du'], {
    subjects: ['Truyện thơ'],
    summary: 'Đoạn trường tân thanh: cuộc đời mười lăm năm lưu lạc của Thúy Kiều.',
  }),
  book('Thơ chữ Hán Nguyễn Du', ['Nguyễn Du'], { subjects: ['Thơ chữ Hán'] }),
  book('Văn chiêu hồn', ['Nguyễn Du'], { subjects: ['Văn tế'] }),
  book('Sách hay cho nông thôn', ['Hội Nông dân Việt Nam']),
  book('Sạch đẹp nông thôn', ['Hội Nông dân Việt Nam'], { subjects: ['Môi trường'] }),
  book('Kỹ thuật trồng hồ tiêu', ['Trung tâm Khuyến nông Quảng Trị'], { subjects: ['Cây công nghiệp'] }),
  book('Kĩ năng sống cho học sinh', ['Phan Quốc Việt'], { audience: 'youth' }),
  book('Lý luận văn học', ['Phương Lựu']),
  book('Lí thuyết xác suất', ['Đào Hữu Hồ']),
  book('Mỹ thuật 6', ['Bộ Giáo dục và Đào tạo'], { audience: 'children', subjects: ['Sách giáo khoa'] }),
  book('Mĩ thuật 7', ['Bộ Giáo dục và Đào tạo'], { audience: 'children', subjects: ['Sách giáo khoa'] }),
  book('Đường Kách mệnh', ['Hồ Chí Minh'], { subjects: ['Lịch sử'] }),
  book('Dương Thu Hương và tiểu thuyết', ['Lê Văn Dương']),
  book('Kính vạn hoa', ['Nguyễn Nhật Ánh'], { audience: 'children' }),
];

const titleOf = (id: string) => CORPUS.find((d) => d.id === id)!.title;

function relevance(engine: SearchEngineKind, getIndex: () => SearchIndex): void {
  const titles = async (q: string) => (await getIndex().search({ q, limit: 50 })).hits.map((h) => titleOf(h.id));
  const top = async (q: string, k: number) => (await titles(q)).slice(0, k);

  describe(`Vietnamese relevance: ${engine}`, () => {
    it('puts exact diacritics first while the folded word still matches: sách above sạch, sạch above sách', async () => {
      // Every record with "sách" (the title, then the school books' subject "Sách giáo khoa") before "sạch".
      const sach = await titles('sách');
      expect(sach[0]).toBe('Sách hay cho nông thôn');
      expect(sach.slice(1, 3).sort()).toEqual(['Mĩ thuật 7', 'Mỹ thuật 6']);
      expect(sach[3]).toBe('Sạch đẹp nông thôn');
      expect(await top('sạch', 2)).toEqual(['Sạch đẹp nông thôn', 'Sách hay cho nông thôn']);
      expect(await top('sạch ', 2)).toEqual(['Sạch đẹp nông thôn', 'Sách hay cho nông thôn']);
      expect((await top('sach', 2)).sort()).toEqual(['Sách hay cho nông thôn', 'Sạch đẹp nông thôn'].sort());
      expect(await top('Sách hay'.normalize('NFD'), 1)).toEqual(['Sách hay cho nông thôn']);
    });

    it('tells đ from d when typed, and matches both when not', async () => {
      expect(await top('đường', 2)).toEqual(['Đường Kách mệnh', 'Dương Thu Hương và tiểu thuyết']);
      expect(await top('Dương', 1)).toEqual(['Dương Thu Hương và tiểu thuyết']);
      expect((await top('duong', 2)).sort()).toEqual(['Dương Thu Hương và tiểu thuyết', 'Đường Kách mệnh'].sort());
    });

    it('ranks the author typed as a phrase first: Nguyễn Du above Nguyễn Dữ, Sọ Dừa and the other Nguyễn', async () => {
      const duWorks = ['Truyện Kiều', 'Thơ chữ Hán Nguyễn Du', 'Văn chiêu hồn'].sort();
      for (const q of ['Nguyễn Du', 'Nguyễn Du ', 'NGUYỄN DU', 'Nguyễn Du'.normalize('NFD')]) {
        const list = await titles(q);
        expect([q, list.slice(0, 3).sort()]).toEqual([q, duWorks]);
        expect(list.indexOf('Truyền kỳ mạn lục')).toBeGreaterThan(2);
        if (list.includes('Sọ Dừa')) expect(list.indexOf('Sọ Dừa')).toBeGreaterThan(list.indexOf('Truyền kỳ mạn lục'));
      }
      // Without diacritics Du and Dữ are one name: both above Sọ Dừa and the other Nguyễn.
      const folded = await titles('nguyen du');
      expect(folded.slice(0, 4).sort()).toEqual([...duWorks, 'Truyền kỳ mạn lục'].sort());
      expect(await top('Nguyễn Dữ', 1)).toEqual(['Truyền kỳ mạn lục']);
    });

    it('matches the i/y spellings both ways: kĩ/kỹ, lí/lý, mĩ/mỹ', async () => {
      for (const q of ['kĩ thuật', 'kỹ thuật', 'ki thuat', 'ky thuat'])
        expect([q, await top(q, 1)]).toEqual([q, ['Kỹ thuật trồng hồ tiêu']]);
      for (const q of ['kỹ năng', 'kĩ năng']) expect([q, await top(q, 1)]).toEqual([q, ['Kĩ năng sống cho học sinh']]);
      for (const q of ['lí luận', 'lý luận']) expect([q, await top(q, 1)]).toEqual([q, ['Lý luận văn học']]);
      for (const q of ['lý thuyết', 'lí thuyết']) expect([q, await top(q, 1)]).toEqual([q, ['Lí thuyết xác suất']]);
      for (const q of ['mĩ thuật', 'mỹ thuật', 'mi thuat'])
        expect([q, (await top(q, 2)).sort()]).toEqual([q, ['Mĩ thuật 7', 'Mỹ thuật 6']]);
      // Typed with its diacritics and a number, the exact spelling first (the variants are one word).
      expect(await top('Mỹ thuật 6', 1)).toEqual(['Mỹ thuật 6']);
    });

    it('tolerates a typo in a word of four letters or more', async () => {
      expect(await top('truyen kiue', 1)).toEqual(['Truyện Kiều']);
      expect(await top('truyen kiue ', 1)).toEqual(['Truyện Kiều']);
      expect(await top('truyện kỉeu', 1)).toEqual(['Truyện Kiều']);
      expect((await top('nguyne du', 4)).sort()).toEqual(
        ['Thơ chữ Hán Nguyễn Du', 'Truyện Kiều', 'Truyền kỳ mạn lục', 'Văn chiêu hồn'].sort(),
      );
    });

    it('completes the word being typed, with or without its diacritics', async () => {
      expect(await top('truyện kiề', 1)).toEqual(['Truyện Kiều']);
      // Folded, "truyen ki" is also Truyền kỳ (kỳ is ki); typed with its tone, truyện is Truyện Kiều's.
      expect((await top('truyen ki', 2)).sort()).toEqual(['Truyền kỳ mạn lục', 'Truyện Kiều']);
      expect(await top('truyện ki', 2)).toContain('Truyện Kiều');
      expect(await top('kính vạn h', 1)).toEqual(['Kính vạn hoa']);
      expect((await top('Nguyễn Nhật Á', 3)).sort()).toEqual([
        'Du lịch Huế',
        'Kính vạn hoa',
        'Tuyển tập Nguyễn Nhật Ánh',
      ]);
      expect(await top('dũng s', 1)).toEqual(['Dũng sĩ Đam San']);
    });
  });
}

describe('search relevance', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pg: PostgresSearchIndex;
  const meili = testMeili();
  const uid = `t_rel_${process.pid}_${Date.now().toString(36)}`;
  const meiliIndex = meili
    ? new MeilisearchSearchIndex({ url: meili.url, apiKey: meili.apiKey, indexUid: uid })
    : undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(
      buildDataSourceOptions(loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test' }), { migrations: [] }),
    );
    await ds.initialize();
    pg = new PostgresSearchIndex(ds, { documents: 'catalogue.search_documents', words: 'catalogue.search_words' });
    await pg.upsert(CORPUS);
    if (meiliIndex) {
      await meiliIndex.ensureReady();
      await meiliIndex.upsert(CORPUS);
    }
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    if (meili) await new Meilisearch({ host: meili.url, apiKey: meili.apiKey }).deleteIndexIfExists(uid);
  });

  for (const engine of searchEngines()) relevance(engine, () => (engine === 'postgres' ? pg : meiliIndex!));
  reportMeilisearchSkipped('Vietnamese relevance');
});
