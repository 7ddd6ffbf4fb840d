// Shipment documents over the API: the manifest (biên bản giao nhận) and the receipt report with its discrepancies,
// rendered by an on-demand task as a Vietnamese PDF, an XLSX and a CSV; who may ask for them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createUnit } from '../../support/fixtures.js';
import { createDesk, createTitle, type Desk } from '../circulation/circulation-fixtures.js';
import { pdfText } from './pdf-text.js';

describe('rotation: manifest and receipt report', () => {
  let t: TestApp;
  let owner: Desk;
  let host: Desk;
  let stranger: Desk;
  let shipmentId: string;
  const barcodes: string[] = [];

  const post = (token: string, url: string, body: object = {}) => t.http().post(url).set(auth(token)).send(body);
  const binary = (token: string, url: string) =>
    t
      .http()
      .get(url)
      .set(auth(token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  async function finished(token: string, taskId: string) {
    return eventually(async () => {
      const r = await t.http().get(`/tasks/${taskId}`).set(auth(token)).expect(200);
      return r.body.status === 'succeeded' && r.body;
    }, 60_000);
  }

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    const province = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    const commune = (name: string) =>
      createUnit(t, { level: 'commune', parentId: province, name }).then((u) => u.unitId);
    owner = await createDesk(t, { unitId: await commune('Phường Đông Hà'), name: 'Thư viện tỉnh Quảng Trị' });
    host = await createDesk(t, { unitId: await commune('Xã Hướng Phùng'), name: 'Thư viện xã Hướng Phùng' });
    stranger = await createDesk(t, { name: 'Thư viện huyện Đắk Hà' });
    // One title typed in NFD: the documents print it composed (NFC).
    const titles = [
      { title: 'Truyện cổ Vân Kiều', callNumber: '398.2 TR527C', copies: 3 },
      { title: 'Sử thi Pa Kô – Đất và người'.normalize('NFD'), callNumber: '895.922 S550T', copies: 2 },
    ];
    for (const x of titles) {
      const made = await createTitle(t, { institutionId: owner.institutionId, ...x });
      barcodes.push(...made.copies.map((c) => c.barcode));
    }
    const c = await post(owner.staff.token, '/rotation/collections', {
      ownerInstitutionId: owner.institutionId,
      name: 'Bộ sách Vân Kiều – Pa Kô số 2',
    }).expect(201);
    await post(owner.staff.token, `/rotation/collections/${c.body.id}/copies`, { barcodes }).expect(200);
    await post(owner.staff.token, `/rotation/collections/${c.body.id}/itineraries`, {
      mode: 'one_way',
      startsOn: vietnamDate(new Date()),
      stages: [{ hostId: host.institutionId, days: 90 }],
    }).expect(201);
    shipmentId = (await post(owner.staff.token, `/rotation/collections/${c.body.id}/shipments`).expect(201)).body.id;
  });
  afterAll(() => t.close());

  it('refuses a receipt report before dispatch, and answers 404 to staff of an unrelated library', async () => {
    const early = await post(owner.staff.token, `/rotation/shipments/${shipmentId}/receipt-report`).expect(409);
    expect(early.body).toMatchObject({
      code: 'rotation/shipment_state',
      messageVi: 'Đợt luân chuyển đang ở trạng thái đang chuẩn bị: không thể lập biên bản kiểm nhận.',
    });
    for (const route of ['manifest', 'receipt-report'])
      expect(
        (await post(stranger.staff.token, `/rotation/shipments/${shipmentId}/${route}`).expect(404)).body.code,
      ).toBe('rotation/shipment_not_found');
  });

  it('renders the manifest as a Vietnamese PDF, an XLSX and a CSV with every copy, the totals and both parties', async () => {
    await post(owner.staff.token, `/rotation/shipments/${shipmentId}/dispatch`).expect(200);
    const started = await post(owner.staff.token, `/rotation/shipments/${shipmentId}/manifest`).expect(202);
    expect(started.headers.location).toBe(`/tasks/${started.body.id}`);
    const task = await finished(owner.staff.token, started.body.id);
    expect(task.result).toMatchObject({ document: 'manifest', copies: 5 });
    const names: string[] = task.files.map((f: { name: string }) => f.name).sort();
    expect(names.map((n) => n.split('.').pop())).toEqual(['csv', 'pdf', 'xlsx']);
    expect(names[0]).toMatch(/^bien-ban-giao-nhan-bo-sach-van-kieu-pa-ko-so-2-\d{8}-[0-9a-f]{8}\.csv$/);
    const file = (ext: string) =>
      binary(owner.staff.token, `/tasks/${task.id}/files/${names.find((n) => n.endsWith(ext))}`);

    const pdf = await file('.pdf').expect(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    // Table cells wrap: read the text with runs of white space as one space.
    const printed = (await pdfText(pdf.body as Buffer)).text.replace(/\s+/g, ' ');
    for (const text of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BIÊN BẢN GIAO NHẬN TÀI LIỆU LUÂN CHUYỂN',
      'Thư viện tỉnh Quảng Trị',
      'Thư viện xã Hướng Phùng',
      'Truyện cổ Vân Kiều',
      'Sử thi Pa Kô – Đất và người',
      '398.2 TR527C',
      'ĐẠI DIỆN BÊN GIAO',
      'ĐẠI DIỆN BÊN NHẬN',
      'THƯ VIỆN XÃ HƯỚNG PHÙNG',
      barcodes[4]!,
    ])
      expect(printed).toContain(text);
    expect(printed).toMatch(/Tổng số bản trong biên bản: 5 /);
    expect(printed).toMatch(/Số tên sách: 2 /);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file('.xlsx').expect(200)).body as never);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const flat = rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))).join('|'));
    expect(flat.some((l) => l.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'))).toBe(true);
    expect(rows.find((r) => r[1] === 'Bên giao')![2]).toBe('Thư viện tỉnh Quảng Trị');
    expect(rows.find((r) => r[1] === 'Bên nhận')![2]).toBe('Thư viện xã Hướng Phùng');
    expect(rows.find((r) => r[1] === 'Tổng số bản trong biên bản')![2]).toBe(5);
    expect(
      rows
        .filter((r) => barcodes.includes(r[1] as string))
        .map((r) => `${r[1]}|${r[2]}`)
        .sort(),
    ).toEqual(barcodes.map((b, i) => `${b}|${i < 3 ? 'Truyện cổ Vân Kiều' : 'Sử thi Pa Kô – Đất và người'}`).sort());
    expect(flat.some((l) => l.includes('ĐẠI DIỆN BÊN NHẬN'))).toBe(true);

    const csv = await t.http().get(`/tasks/${task.id}/files/${names[0]}`).set(auth(owner.staff.token)).expect(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Mục,STT,Mã vạch,Nhan đề,Ký hiệu xếp giá,Ghi chú');
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.endsWith(`,${barcodes[4]},Sử thi Pa Kô – Đất và người,895.922 S550T,`))).toEqual([
      `Gửi trong đợt,${lines.findIndex((l) => l.includes(barcodes[4]!))},${barcodes[4]},Sử thi Pa Kô – Đất và người,895.922 S550T,`,
    ]);
  });

  it('reports the receipt with its discrepancies: received, missing, damaged with its note, unexpected', async () => {
    const foreign = await createTitle(t, {
      institutionId: stranger.institutionId,
      title: 'Địa chí Đắk Hà',
      callNumber: '915.97 Đ301C',
    });
    await post(host.staff.token, `/rotation/shipments/${shipmentId}/receipts`, {
      barcodes: [...barcodes.slice(0, 4), foreign.copies[0]!.barcode, 'KHONG-CO-123'],
    }).expect(200);
    await post(host.staff.token, `/rotation/shipments/${shipmentId}/close`, {
      damaged: [{ barcode: barcodes[1], note: 'Bìa rách, ướt mưa' }],
    }).expect(200);
    const started = await post(host.staff.token, `/rotation/shipments/${shipmentId}/receipt-report`).expect(202);
    const task = await finished(host.staff.token, started.body.id);
    expect(task.result).toMatchObject({ document: 'receipt', copies: 5 });
    // The owner's staff did not start it and the task is scoped to the host's circulation staff: 404 for them.
    await t.http().get(`/tasks/${task.id}`).set(auth(owner.staff.token)).expect(404);
    const name = (ext: string) => task.files.find((f: { name: string }) => f.name.endsWith(ext)).name as string;

    const printed = (
      await pdfText(
        (await binary(host.staff.token, `/tasks/${task.id}/files/${name('.pdf')}`).expect(200)).body as Buffer,
      )
    ).text.replace(/\s+/g, ' ');
    for (const text of [
      'BIÊN BẢN KIỂM NHẬN TÀI LIỆU LUÂN CHUYỂN',
      'Tài liệu thiếu (thất lạc khi vận chuyển)',
      'Bìa rách, ướt mưa',
      'Địa chí Đắk Hà',
      'KHONG-CO-123',
      'Mã vạch không có trong hệ thống',
    ])
      expect(printed).toContain(text);
    expect(printed).toMatch(/Số bản đã nhận: 4 /);
    expect(printed).toMatch(/Số bản thiếu: 1 /);
    expect(printed).toMatch(/Số bản hư hỏng: 1 /);
    expect(printed).toMatch(/Số mã vạch ngoài danh mục: 2 /);

    const csv = await t
      .http()
      .get(`/tasks/${task.id}/files/${name('.csv')}`)
      .set(auth(host.staff.token))
      .expect(200);
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1);
    const bySection = (s: string) => rows.filter((r) => r.startsWith(`${s},`)).length;
    expect([
      bySection('Đã nhận'),
      bySection('Thiếu (thất lạc khi vận chuyển)'),
      bySection('Hư hỏng'),
      bySection('Ngoài danh mục'),
    ]).toEqual([4, 1, 1, 2]);
    expect(rows).toContain(
      `Thiếu (thất lạc khi vận chuyển),1,${barcodes[4]},Sử thi Pa Kô – Đất và người,895.922 S550T,Thiếu (thất lạc khi vận chuyển)`,
    );
    expect(rows).toContain(`Hư hỏng,1,${barcodes[1]},Truyện cổ Vân Kiều,398.2 TR527C,"Bìa rách, ướt mưa"`);
  });
});
