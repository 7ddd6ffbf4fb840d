import { describe, expect, it } from '@jest/globals';
import { MarcRecord } from '@natlibfi/marc-record';
import { ISO2709, MARCXML } from '@natlibfi/marc-record-serializers';
import type { BibRecord } from '../catalogue.types.js';
import { parseMarcDate, parsePriceVnd, readHoldings, readSubjectHeadings } from './marc-holdings.js';
import { fromMarc, toMarc } from './marc-mapping.js';
import { readIso2709, readMarcXml, sniffMarc } from './marc-reader.js';

const record: BibRecord = {
  id: '11111111-1111-4111-8111-111111111111',
  controlNumber: 'VN-QT-000123',
  ownerInstitutionId: '22222222-2222-4222-8222-222222222222',
  title: 'Kỹ thuật trồng cà phê chè ở Hướng Hóa',
  subtitle: 'Sổ tay khuyến nông',
  responsibility: 'Trung tâm Khuyến nông Quảng Trị biên soạn',
  authors: [
    { name: 'Lê Văn Đức', role: 'compiler' },
    { name: 'Hồ Thị Ân', role: 'editor' },
  ],
  publisher: 'NXB Nông nghiệp',
  place: 'Hà Nội',
  year: 2022,
  edition: 'Tái bản lần 2',
  isbns: ['9780306406157'],
  language: 'vie',
  subjects: ['Cà phê -- Kỹ thuật trồng', 'Khuyến nông'],
  ddc: '633.73',
  series: 'Tủ sách khuyến nông',
  summary: 'Chọn giống, làm đất, trồng, chăm sóc và thu hoạch cà phê chè trên đất đỏ bazan Khe Sanh.',
  audience: 'adult',
  accessibleFormats: ['large_print'],
  localContent: true,
  hasCover: false,
  createdAt: new Date('2024-05-01T00:00:00Z'),
  updatedAt: new Date('2024-05-02T00:00:00Z'),
  version: 1,
};

describe('MARC 21 mapping', () => {
  it('round-trips a record through binary ISO 2709 and MARCXML', async () => {
    const bin = Buffer.from(ISO2709.to(toMarc(record)), 'utf8');
    const [read] = readIso2709(bin);
    expect('record' in read).toBe(true);
    const fromBin = fromMarc((read as { record: MarcRecord }).record).input;
    const xml = `<collection xmlns="http://www.loc.gov/MARC21/slim">${MARCXML.to(toMarc(record), { omitDeclaration: true })}</collection>`;
    const [readX] = await readMarcXml(xml);
    const fromXml = fromMarc((readX as { record: MarcRecord }).record).input;
    for (const got of [fromBin, fromXml]) {
      expect(got).toMatchObject({
        controlNumber: 'VN-QT-000123',
        title: record.title,
        subtitle: record.subtitle,
        responsibility: record.responsibility,
        authors: record.authors,
        publisher: record.publisher,
        place: 'Hà Nội',
        year: 2022,
        edition: record.edition,
        isbns: record.isbns,
        language: 'vie',
        subjects: record.subjects,
        ddc: '633.73',
        series: record.series,
        summary: record.summary,
        audience: 'adult',
        accessibleFormats: ['large_print'],
        localContent: true,
      });
    }
  });

  it('reports a damaged record by position and keeps reading the others', () => {
    const good = ISO2709.to(toMarc(record));
    const other = ISO2709.to(
      toMarc({ ...record, controlNumber: 'VN-2', title: 'Dế Mèn phiêu lưu ký', audience: 'children' }),
    );
    const damaged = '00099nam a2200037 a 4500garbage\u001d';
    const results = readIso2709(Buffer.from(good + damaged + other, 'utf8'));
    expect(results.map((r) => r.position)).toEqual([1, 2, 3]);
    expect('record' in results[0] && 'record' in results[2]).toBe(true);
    expect((results[1] as { error: string }).error).toMatch(/leader says 99 bytes/);
    expect(fromMarc((results[2] as { record: MarcRecord }).record).input).toMatchObject({
      title: 'Dế Mèn phiêu lưu ký',
      audience: 'children',
    });
  });

  it('refuses MARC-8 records and tells which format a file is in', () => {
    const marc8 = ISO2709.to(toMarc(record)).replace(/^(.{9})a/, '$1 ');
    expect((readIso2709(Buffer.from(marc8, 'utf8'))[0] as { error: string }).error).toMatch(/MARC-8/);
    expect(sniffMarc(Buffer.from('<?xml version="1.0"?><collection/>'))).toBe('marcxml');
    expect(sniffMarc(Buffer.from(ISO2709.to(toMarc(record))))).toBe('iso2709');
    expect(sniffMarc(Buffer.from('hello'))).toBeUndefined();
  });

  it('reads prefixed MARCXML and reports records without a title', async () => {
    const xml = `<?xml version="1.0"?><marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">
      <marc:record><marc:leader>00000nam a2200000 i 4500</marc:leader><marc:datafield tag="245" ind1="0" ind2="0"><marc:subfield code="a">Truyện Kiều /</marc:subfield><marc:subfield code="c">Nguyễn Du</marc:subfield></marc:datafield></marc:record>
      <marc:record><marc:leader>00000nam a2200000 i 4500</marc:leader><marc:datafield tag="100" ind1="1" ind2=" "><marc:subfield code="a">Ẩn danh</marc:subfield></marc:datafield></marc:record>
    </marc:collection>`;
    const [a, b] = await readMarcXml(xml);
    expect(fromMarc((a as { record: MarcRecord }).record).input).toMatchObject({
      title: 'Truyện Kiều',
      responsibility: 'Nguyễn Du',
    });
    expect(() => fromMarc((b as { record: MarcRecord }).record)).toThrow(/245/);
  });
});

describe('MARC holdings and subject headings', () => {
  const df = (tag: string, subs: [string, string][], ind2 = ' ') => ({
    tag,
    ind1: ' ',
    ind2,
    subfields: subs.map(([code, value]) => ({ code, value })),
  });
  const bib = (...fields: ReturnType<typeof df>[]) =>
    new MarcRecord(
      {
        leader: '00000nam a2200000 i 4500',
        fields: [df('245', [['a', 'Truyện Kiều']]), ...fields] as never,
      },
      { subfieldValues: false },
    );

  it('reads prices in đồng as libraries write them, and refuses what is not one', () => {
    expect(
      ['120000', '120.000', '120,000 đ', '120000.00', '85.000 VNĐ', '1.250.000đồng', '45000,5'].map(parsePriceVnd),
    ).toEqual([120000, 120000, 120000, 120000, 85000, 1250000, 45001]);
    expect(['một trăm nghìn', '12.34.56', ''].map(parsePriceVnd)).toEqual([undefined, undefined, undefined]);
    expect(['2024-03-05', '20240305', '2024-02-30', '05/03/2024'].map(parseMarcDate)).toEqual([
      '2024-03-05',
      '2024-03-05',
      undefined,
      undefined,
    ]);
  });

  it('maps 852 with its 876 and Koha 952 to holdings, each problem named', () => {
    const holdings = readHoldings(
      bib(
        df('852', [
          ['a', 'TVQT'],
          ['c', 'Kho mở'],
          ['h', '895.9221'],
          ['i', 'NG-D'],
          ['p', 'QT-1'],
        ]),
        df('876', [
          ['c', '85.000 đ'],
          ['d', '20240305'],
          ['p', 'QT-1'],
        ]),
        df('952', [
          ['a', 'HHOA'],
          ['b', 'TANHOP'],
          ['c', 'KHOTHIEUNHI'],
          ['d', '2023-11-20'],
          ['o', '398.2 TR-C'],
          ['p', 'HH-1'],
          ['v', '50.000'],
        ]),
        df('952', [
          ['a', 'HHOA'],
          ['b', 'HHOA'],
          ['g', 'bốn lăm nghìn'],
          ['p', 'HH-2'],
        ]),
        df('952', [
          ['a', 'HHOA'],
          ['o', '398.2'],
        ]),
      ),
    );
    expect(holdings).toEqual([
      {
        tag: '852',
        barcode: 'QT-1',
        libraryCode: 'TVQT',
        locationCode: null,
        callNumber: '895.9221 NG-D',
        shelfLocation: 'Kho mở',
        priceVnd: 85000,
        acquiredOn: '2024-03-05',
        problem: null,
      },
      {
        tag: '952',
        barcode: 'HH-1',
        libraryCode: 'HHOA',
        locationCode: 'TANHOP',
        callNumber: '398.2 TR-C',
        shelfLocation: 'KHOTHIEUNHI',
        priceVnd: 50000,
        acquiredOn: '2023-11-20',
        problem: null,
      },
      {
        tag: '952',
        barcode: 'HH-2',
        libraryCode: 'HHOA',
        locationCode: null,
        callNumber: null,
        shelfLocation: null,
        priceVnd: null,
        acquiredOn: null,
        problem: {
          error: 'marcHoldingInvalidPrice',
          details: { value: 'bốn lăm nghìn', where: '952 $g', barcode: 'HH-2' },
        },
      },
      {
        tag: '952',
        barcode: null,
        libraryCode: 'HHOA',
        locationCode: null,
        callNumber: '398.2',
        shelfLocation: null,
        priceVnd: null,
        acquiredOn: null,
        problem: { error: 'marcHoldingWithoutBarcode', details: { tag: '952' } },
      },
    ]);
  });

  it('writes subjects back with the kind of each subdivision, and copies as 852 with 876', () => {
    const source = bib(
      df(
        '650',
        [
          ['a', 'Văn học cổ điển'],
          ['z', 'Việt Nam'],
          ['v', 'Tác phẩm'],
        ],
        '7',
      ),
      df(
        '651',
        [
          ['a', 'Quảng Trị'],
          ['x', 'Lịch sử'],
          ['y', '1945-1975'],
          ['2', 'Bộ TĐCĐ'],
        ],
        '7',
      ),
    );
    const input = fromMarc(source).input;
    expect(input.subjects).toEqual(['Văn học cổ điển -- Việt Nam -- Tác phẩm', 'Quảng Trị -- Lịch sử -- 1945-1975']);
    const out = toMarc(
      { ...record, subjects: [...input.subjects, 'Khuyến nông -- Kỹ thuật'] },
      {
        subjectHeadings: readSubjectHeadings(source),
        holdings: [
          {
            institutionCode: 'TVQT',
            callNumber: '895.9221 NG-D',
            shelfLocation: 'Kho mở',
            barcode: 'QT-1',
            priceVnd: 85000,
            acquiredOn: '2024-03-05',
          },
        ],
      },
    );
    const fields = (out.fields as { tag: string; ind2?: string; subfields?: { code: string; value: string }[] }[]).map(
      (f) => [f.tag, (f.subfields ?? []).map((s) => `$${s.code} ${s.value}`).join(' ')],
    );
    expect(fields.filter(([tag]) => /^(6[05]\d|852|876)$/.test(tag))).toEqual([
      ['650', '$a Văn học cổ điển $z Việt Nam $v Tác phẩm'],
      ['651', '$a Quảng Trị $x Lịch sử $y 1945-1975 $2 Bộ TĐCĐ'],
      ['650', '$a Khuyến nông $x Kỹ thuật $2 local'],
      ['655', '$a Tài liệu địa chí $2 local'],
      ['852', '$a TVQT $c Kho mở $h 895.9221 NG-D $p QT-1'],
      ['876', '$c 85000 $d 20240305 $p QT-1'],
    ]);
  });
});
