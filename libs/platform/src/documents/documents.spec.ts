import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import {
  addOfficialHeaderRows,
  addSignatureRows,
  createDocumentPdf,
  drawDocumentTitle,
  drawOfficialHeader,
  drawSignatureBlock,
  officialHeaderLines,
  pdfBuffer,
} from './official-document.js';
import {
  formatDateTimeVi,
  formatMoneyVi,
  formatNumberVi,
  formatPercentVi,
  officialDateLine,
} from './vietnamese-format.js';

describe('Vietnamese figures', () => {
  it('writes thousands with dots, decimals with a comma, and the unit after a space', () => {
    expect(formatNumberVi(12000)).toBe('12.000');
    expect(formatNumberVi(1234567.25, { maxFractionDigits: 2 })).toBe('1.234.567,25');
    expect(formatNumberVi(12000.46)).toBe('12.000,5');
    expect(formatNumberVi(3, { unit: 'bản' })).toBe('3 bản');
    expect(formatMoneyVi(12000)).toBe('12.000 đồng');
    expect(formatMoneyVi(12000.6)).toBe('12.001 đồng');
    expect(formatPercentVi(0.125)).toBe('12,5%');
  });

  it('writes a missing figure as a dash, never 0', () => {
    expect(formatNumberVi(null)).toBe('—');
    expect(formatMoneyVi(undefined)).toBe('—');
    expect(formatPercentVi(Number.NaN)).toBe('—');
  });
});

describe('Vietnamese dates', () => {
  it('dates an instant in Vietnam time, with the leading zeros of Decree 30/2020 (days < 10, months < 3)', () => {
    // 17:30 UTC on 4 January is 00:30 on 5 January in Vietnam.
    expect(officialDateLine('Quảng Trị', new Date('2026-01-04T17:30:00Z'))).toBe(
      'Quảng Trị, ngày 05 tháng 01 năm 2026',
    );
    expect(officialDateLine('Quảng Ngãi', '2026-03-09')).toBe('Quảng Ngãi, ngày 09 tháng 3 năm 2026');
    expect(officialDateLine('Đắk Lắk', '2025-12-30')).toBe('Đắk Lắk, ngày 30 tháng 12 năm 2025');
    expect(formatDateTimeVi('2026-01-04T17:30:00Z')).toBe('00:30 ngày 05/01/2026');
  });

  it('puts an NFD place name in NFC', () => {
    expect(officialDateLine('Quảng Trị'.normalize('NFD'), '2026-01-05')).toBe('Quảng Trị, ngày 05 tháng 01 năm 2026');
  });
});

const header = {
  parentBody: 'Ủy ban nhân dân tỉnh Quảng Trị'.normalize('NFD'),
  issuingBody: 'Sở Văn hóa, Thể thao và Du lịch',
  number: '12/BC-SVHTTDL',
  place: 'Quảng Trị',
  date: '2026-01-05',
};

describe('official header and signatures', () => {
  it('has the motto, the issuing body in capitals, the number and the date line', () => {
    expect(officialHeaderLines(header)).toEqual({
      left: ['ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ', 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH', 'Số: 12/BC-SVHTTDL'],
      right: [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Quảng Trị, ngày 05 tháng 01 năm 2026',
      ],
    });
    expect(officialHeaderLines({ ...header, parentBody: undefined, number: null }).left).toEqual([
      'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH',
      'Số: ……',
    ]);
  });

  it('draws a one-page PDF with the DejaVu fonts embedded (no built-in font that cannot draw Vietnamese)', async () => {
    const doc = createDocumentPdf({ title: 'Báo cáo' });
    drawOfficialHeader(doc, header);
    drawDocumentTitle(doc, 'Báo cáo', 'Kết quả thực hiện kế hoạch năm 2025');
    doc.text(`Tổng số lượt mượn: ${formatNumberVi(12000)}`);
    drawSignatureBlock(doc, {
      recipients: ['Bộ Văn hóa, Thể thao và Du lịch', 'Lưu: VT'],
      right: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Nguyễn Thị Đào' },
    });
    const pdf = await pdfBuffer(doc);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect((raw.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
    const fonts = [...new Set([...raw.matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]))].sort();
    expect(fonts).toEqual(['DejaVuSans', 'DejaVuSerif', 'DejaVuSerif-Bold', 'DejaVuSerif-Italic']);
    expect(raw).not.toMatch(/Helvetica/);
  });

  it('moves the signature block to a new page whole rather than splitting it', async () => {
    const doc = createDocumentPdf({ title: 'Biên bản' });
    doc.y = doc.page.height - doc.page.margins.bottom - 40;
    drawSignatureBlock(doc, { left: { title: 'Bên nhận' }, right: { title: 'Bên giao' } });
    const raw = (await pdfBuffer(doc)).toString('latin1');
    expect((raw.match(/\/Type \/Page\b/g) ?? []).length).toBe(2);
  });

  it('writes the same header, title and signatures into a worksheet', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('Báo cáo');
    const next = addOfficialHeaderRows(sheet, header, 5, { title: 'Báo cáo', subtitle: 'Năm 2025' });
    expect([1, 2, 3].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 3).value])).toEqual([
      ['ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH', 'Độc lập - Tự do - Hạnh phúc'],
      ['Số: 12/BC-SVHTTDL', 'Quảng Trị, ngày 05 tháng 01 năm 2026'],
    ]);
    expect([sheet.getCell(5, 1).value, sheet.getCell(6, 1).value, next]).toEqual(['BÁO CÁO', 'Năm 2025', 8]);
    const after = addSignatureRows(
      sheet,
      { left: { title: 'Người lập biểu' }, right: { title: 'Thủ trưởng đơn vị' } },
      5,
      20,
    );
    expect([sheet.getCell(21, 1).value, sheet.getCell(21, 3).value, sheet.getCell(22, 3).value, after]).toEqual([
      'NGƯỜI LẬP BIỂU',
      'THỦ TRƯỞNG ĐƠN VỊ',
      '(Ký, ghi rõ họ tên)',
      27,
    ]);
  });
});
