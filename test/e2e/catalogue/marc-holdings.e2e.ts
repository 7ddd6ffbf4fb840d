import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MarcRecord } from '@natlibfi/marc-record';
import { ISO2709, MARCXML } from '@natlibfi/marc-record-serializers';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff } from '../../support/fixtures.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
/** A MARC field as text, "$a TVQT $p QT-000101", for comparing what came in with what went out. */
type Field = { tag: string; subfields?: { code: string; value: string }[] };
const text = (f: Field) => (f.subfields ?? []).map((s) => `$${s.code} ${s.value}`).join(' ');
const fieldsOf = (r: MarcRecord, re: RegExp) =>
  (r.fields as Field[]).filter((f) => re.test(f.tag)).map((f) => `${f.tag} ${text(f)}`);
/** Holdings fields in a stable order (copies are exported by home institution, then barcode). */
const holdingFields = (r: MarcRecord) => fieldsOf(r, /^(852|876)$/).sort();
const parseCollection = async (xml: string): Promise<MarcRecord[]> =>
  Promise.all(
    [...xml.matchAll(/<record[\s>][\s\S]*?<\/record>/g)].map((m) =>
      MARCXML.from(m[0].replace(/^<record>/, '<record xmlns="http://www.loc.gov/MARC21/slim">'), {
        subfieldValues: false,
      }),
    ),
  );

describe('MARC holdings: 852 and Koha 952 become copies and go back out', () => {
  let t: TestApp;
  let qt: string;
  let hh: string;
  let th: string;
  let librarian: string; // cataloguing at QT and HH, not at TH
  let otherLibrarian: string; // cataloguing at TH only

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    qt = (await createInstitution(t, { name: 'Thư viện tỉnh Quảng Trị', code: 'TVQT' })).institutionId;
    hh = (await createInstitution(t, { name: 'Thư viện huyện Hướng Hóa', code: 'TVHH' })).institutionId;
    th = (await createInstitution(t, { name: 'Thư viện xã Tân Hợp', code: 'TVTH' })).institutionId;
    librarian = (
      await createStaff(t, {
        institutions: [
          { institutionId: qt, roles: ['cataloguing'] },
          { institutionId: hh, roles: ['cataloguing'] },
        ],
      })
    ).token;
    otherLibrarian = (await createStaff(t, { institutionId: th, roles: ['cataloguing'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Stage and apply a file for `institutionId` with a code table; the applied batch report. */
  const importFile = async (body: Buffer, contentType: string, institutionId: string, codes: string[]) => {
    const res = await t
      .http()
      .post('/catalogue/marc/imports')
      .query({ institutionId, apply: 'true', libraryCodes: codes.join(',') })
      .set(auth(librarian))
      .set('Content-Type', contentType)
      .send(body);
    expect(res.status).toBe(202);
    const task = await eventually(async () => {
      const r = await t.http().get(res.headers.location).set(auth(librarian)).expect(200);
      return ['succeeded', 'failed'].includes(r.body.status) && r.body;
    });
    expect(task.status).toBe('succeeded');
    return (await t.http().get(`/catalogue/marc/imports/${task.result.batchId}`).set(auth(librarian)).expect(200)).body;
  };
  const copy = async (barcode: string) =>
    (await t.http().get(`/catalogue/copies/by-barcode/${barcode}`).set(auth(librarian)).expect(200)).body;
  const holdingsOf = (report: {
    items: { holdings: { barcode: string | null; outcome: string; error: unknown }[] }[];
  }) =>
    report.items.map((it) =>
      it.holdings.map((h) => [h.barcode, h.outcome, (h.error as { code: string } | null)?.code ?? null]),
    );

  it('imports a MARCXML file with 852/876 holdings: copies created, each refusal reported in both languages', async () => {
    const report = await importFile(fixture('thu-vien-quang-tri-852.xml'), 'application/marcxml+xml', qt, [
      `TVQT:${qt}`,
      `tvhh:${hh}`,
      `TVTH:${th}`,
    ]);
    expect(report.counts).toMatchObject({ created: 2, invalid: 0, failed: 0 });
    expect(report.holdingCounts).toEqual({ pending: 0, created: 3, exists: 0, refused: 6 });
    expect(holdingsOf(report)).toEqual([
      [
        ['QT-000101', 'created', null],
        ['HH-000201', 'created', null],
        ['DK-000001', 'refused', 'marc/unknown_library_code'],
        ['TH-000001', 'refused', 'marc/library_not_yours'],
        ['QT 000 lỗi', 'refused', 'marc/holding_invalid_barcode'],
      ],
      [
        ['QT-000102', 'created', null],
        ['QT-000101', 'refused', 'marc/duplicate_barcode_in_file'],
        ['HH-000202', 'refused', 'marc/holding_invalid_price'],
        ['HH-000203', 'refused', 'marc/holding_invalid_date'],
      ],
    ]);
    const [first, second] = report.items;
    expect(first.holdings[2].error).toEqual({
      code: 'marc/unknown_library_code',
      message: 'Library code "TVDK" of holding DK-000001 is not in the code table sent with the import.',
      messageVi: 'Mã thư viện "TVDK" của bản sách DK-000001 không có trong bảng mã gửi kèm khi nhập.',
    });
    expect(first.holdings[3].error.messageVi).toBe(
      'Bản sách TH-000001 thuộc Thư viện xã Tân Hợp, nơi bạn không có quyền biên mục.',
    );
    expect(second.holdings[1].error.messageVi).toBe(
      'Mã vạch QT-000101 xuất hiện nhiều lần trong tệp (lần đầu ở biểu ghi thứ 1).',
    );
    expect(second.holdings[2].error.messageVi).toBe(
      '"một trăm nghìn" ở 852 $9 của bản sách HH-000202 không phải là giá tiền (đồng).',
    );
    expect(second.title).toBe('Địa chí Quảng Trị'); // NFD in the file, NFC in the catalogue

    expect(await copy('QT-000101')).toMatchObject({
      recordId: first.recordId,
      homeInstitutionId: qt,
      callNumber: '895.9221 NG-D',
      shelfLocation: 'Kho mở tầng 1',
      priceVnd: 85000,
      acquiredOn: '2024-03-05',
      status: 'available',
    });
    expect(await copy('HH-000201')).toMatchObject({
      homeInstitutionId: hh,
      callNumber: '895.9221 NG-D',
      shelfLocation: 'Kho đọc',
      priceVnd: 92000,
      acquiredOn: '2024-03-06',
    });
    expect(await copy('QT-000102')).toMatchObject({
      recordId: second.recordId,
      homeInstitutionId: qt,
      shelfLocation: 'Kho địa chí',
      callNumber: '915.974 ĐC-QT',
      priceVnd: 120000,
      acquiredOn: null,
    });
    await t.http().get('/catalogue/copies/by-barcode/DK-000001').set(auth(librarian)).expect(404);
  });

  it('exports the copies back as 852/876 and the subjects with their kinds; importing the export again adds nothing', async () => {
    const ids = [(await copy('QT-000101')).recordId, (await copy('QT-000102')).recordId];
    const res = await t
      .http()
      .get('/catalogue/marc/export')
      .query({ ids: ids.join(','), format: 'marcxml' })
      .set(auth(librarian))
      .expect(200);
    const [kieu, diaChi] = await parseCollection(res.text);
    const source = await parseCollection(fixture('thu-vien-quang-tri-852.xml').toString('utf8'));
    expect(fieldsOf(kieu, /^6\d\d$/)).toEqual(fieldsOf(source[0], /^6\d\d$/));
    expect(fieldsOf(diaChi, /^6\d\d$/)).toEqual(fieldsOf(source[1], /^6\d\d$/));
    expect(holdingFields(kieu)).toEqual([
      '852 $a TVHH $c Kho đọc $h 895.9221 NG-D $p HH-000201',
      '852 $a TVQT $c Kho mở tầng 1 $h 895.9221 NG-D $p QT-000101',
      '876 $c 85000 $d 20240305 $p QT-000101',
      '876 $c 92000 $d 20240306 $p HH-000201',
    ]);
    expect(holdingFields(diaChi)).toEqual([
      '852 $a TVQT $c Kho địa chí $h 915.974 ĐC-QT $p QT-000102',
      '876 $c 120000 $p QT-000102',
    ]);

    const iso = await t
      .http()
      .get('/catalogue/marc/export')
      .query({ ids: ids.join(','), format: 'iso2709' })
      .set(auth(librarian))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const again = await importFile(iso.body as Buffer, 'application/marc', qt, [`TVQT:${qt}`, `TVHH:${hh}`]);
    expect(again.counts).toMatchObject({ skipped: 2, created: 0 });
    expect(again.holdingCounts).toEqual({ pending: 0, created: 0, exists: 3, refused: 0 });
  });

  it('imports a Koha ISO 2709 file with 952 items: home and holding branch, shelving location, price, date', async () => {
    const report = await importFile(fixture('koha-huong-hoa-952.mrc'), 'application/marc', hh, [
      `HHOA:${hh}`,
      `TANHOP:${th}`,
    ]);
    expect(report.holdingCounts).toEqual({ pending: 0, created: 3, exists: 0, refused: 2 });
    expect(holdingsOf(report)).toEqual([
      [
        ['HHOA-2023-0045', 'created', null],
        ['HHOA-2023-0046', 'created', null],
        [null, 'refused', 'marc/holding_without_barcode'],
      ],
      [
        ['HHOA-2024-0001', 'refused', 'marc/holding_invalid_price'],
        ['HHOA-2024-0002', 'created', null],
      ],
    ]);
    expect(report.items[0].holdings[2].error.messageVi).toBe(
      'Trường vốn tư liệu 952 không có mã vạch (trường con $p).',
    );
    expect(await copy('HHOA-2023-0045')).toMatchObject({
      homeInstitutionId: hh,
      locationInstitutionId: hh,
      shelfLocation: 'KHOTHIEUNHI',
      callNumber: '398.209597 TR-C',
      priceVnd: 45000,
      acquiredOn: '2023-11-20',
    });
    expect(await copy('HHOA-2023-0046')).toMatchObject({
      homeInstitutionId: hh,
      locationInstitutionId: th,
      shelfLocation: 'LUANCHUYEN',
      priceVnd: 50000,
    });

    const res = await t
      .http()
      .get('/catalogue/marc/export')
      .query({ ids: report.items.map((i: { recordId: string }) => i.recordId).join(',') })
      .set(auth(librarian))
      .expect(200);
    const [tales, coffee] = await parseCollection(res.text);
    const source = ISO2709.from(fixture('koha-huong-hoa-952.mrc').toString('utf8').split('\u001d')[0] + '\u001d', {
      subfieldValues: false,
    });
    expect(fieldsOf(tales, /^650$/)).toEqual(fieldsOf(source, /^650$/));
    expect(holdingFields(tales)).toEqual([
      '852 $a TVHH $c KHOTHIEUNHI $h 398.209597 TR-C $p HHOA-2023-0045',
      '852 $a TVHH $c LUANCHUYEN $h 398.209597 TR-C $p HHOA-2023-0046',
      '876 $c 45000 $d 20231120 $p HHOA-2023-0045',
      '876 $c 50000 $d 20231120 $p HHOA-2023-0046',
    ]);
    expect(fieldsOf(coffee, /^(650|852)$/)).toEqual([
      '650 $a Cà phê chè $x Kỹ thuật trồng $z Hướng Hóa (Quảng Trị)',
      '852 $a TVHH $c KHOMO $h 633.73 KT $p HHOA-2024-0002',
    ]);
  });

  it('creates a barcode once when many imports carrying it are applied at the same time', async () => {
    const file = (i: number) =>
      Buffer.from(
        `<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000 i 4500</leader>
         <controlfield tag="001">QT-RACE-${i}</controlfield>
         <datafield tag="245" ind1="0" ind2="0"><subfield code="a">Nhật ký Đặng Thùy Trâm (bản ${i})</subfield></datafield>
         <datafield tag="852" ind1=" " ind2=" "><subfield code="a">TVQT</subfield><subfield code="p">QT-RACE-0001</subfield></datafield>
         </record></collection>`,
      );
    const reports = await Promise.all(
      Array.from({ length: 6 }, (_, i) => importFile(file(i), 'application/marcxml+xml', qt, [`TVQT:${qt}`])),
    );
    const outcomes = reports.map((r) => r.items[0].holdings[0]);
    expect(outcomes.filter((h) => h.outcome === 'created')).toHaveLength(1);
    const refused = outcomes.filter((h) => h.outcome === 'refused');
    expect(refused).toHaveLength(5);
    const winner = reports.find((r) => r.items[0].holdings[0].outcome === 'created')!.items[0];
    expect(refused.map((h) => h.error.code)).toEqual(Array(5).fill('catalogue/duplicate_barcode'));
    expect(refused[0].error.messageVi).toBe(
      `Mã vạch QT-RACE-0001 đã được dùng cho một bản sách của "${winner.title}".`,
    );
    expect((await copy('QT-RACE-0001')).recordId).toBe(winner.recordId);
  });

  it('refuses a code table naming no institution, and hides a batch from cataloguers of other libraries', async () => {
    const missing = '7d1b0c6e-3f2a-4b5c-8d9e-0a1b2c3d4e5f';
    const res = await t
      .http()
      .post('/catalogue/marc/imports')
      .query({ institutionId: qt, libraryCodes: `TVQT:${qt},TVXX:${missing}` })
      .set(auth(librarian))
      .set('Content-Type', 'application/marcxml+xml')
      .send(fixture('thu-vien-quang-tri-852.xml'))
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'marc/unknown_code_table_institution',
      messageVi: 'Mã TVXX trong bảng mã không trỏ tới thư viện nào.',
    });
    const bad = await t
      .http()
      .post('/catalogue/marc/imports')
      .query({ institutionId: qt, libraryCodes: 'TVQT' })
      .set(auth(librarian))
      .set('Content-Type', 'application/marcxml+xml')
      .send(fixture('thu-vien-quang-tri-852.xml'))
      .expect(400);
    expect(bad.body.code).toBe('platform/validation_failed');
    expect(bad.body.details.fields).toEqual([
      expect.objectContaining({
        field: 'libraryCodes',
        problemsVi: [
          'mỗi mục của bảng mã thư viện có dạng MÃ:mã định danh của cơ sở (mã dài tối đa 40 ký tự, rồi một UUID)',
        ],
      }),
    ]);
    const staged = await t
      .http()
      .post('/catalogue/marc/imports')
      .query({ institutionId: qt, libraryCodes: `TVQT:${qt}` })
      .set(auth(librarian))
      .set('Content-Type', 'application/marcxml+xml')
      .send(fixture('thu-vien-quang-tri-852.xml'))
      .expect(201);
    expect(staged.body.holdingCounts).toEqual({ pending: 2, created: 0, exists: 0, refused: 7 });
    await t.http().get(`/catalogue/marc/imports/${staged.body.id}`).set(auth(otherLibrarian)).expect(404);
  });
});
