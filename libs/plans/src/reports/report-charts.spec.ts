import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addCharts, chartXml, columnLetter, rangeFormula, type ChartSpec } from './report-charts.js';
import { niceScale, segments } from './report-pdf-charts.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const spec = (sheet: string, over: Partial<ChartSpec> = {}): ChartSpec => ({
  sheet,
  type: 'line',
  title: 'Lượt người sử dụng <thư viện> & "bảo tàng"',
  categories: { sheet: 'Chỉ tiêu', ref: 'A2:A5' },
  categoryCache: [2022, 2023, 2024, 2025],
  series: [
    {
      name: 'Lượt đọc',
      nameCell: { sheet: 'Chỉ tiêu', ref: 'B1' },
      values: { sheet: 'Chỉ tiêu', ref: 'B2:B5' },
      cache: [1000, null, 1210, 1331],
      color: '1F6FB4',
    },
  ],
  valueFormat: '#,##0',
  anchor: { col: 3, row: 1, cols: 6, rows: 12 },
  ...over,
});

/** A workbook as exceljs writes it: data on "Chỉ tiêu" (plus an image), an empty sheet, and a sheet with a table. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('Chỉ tiêu');
  data.addRow(['Năm', 'Lượt đọc']);
  for (const r of [
    [2022, 1000],
    [2023, null],
    [2024, 1210],
    [2025, 1331],
  ])
    data.addRow(r);
  data.addImage(wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: 'png' }), 'H1:I3');
  wb.addWorksheet('Biểu đồ');
  const tabled = wb.addWorksheet('Bảng');
  tabled.addTable({ name: 'BangSo', ref: 'A1', columns: [{ name: 'Năm' }, { name: 'Số' }], rows: [[2024, 1]] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const text = async (zip: JSZip, path: string) => (await zip.file(path)?.async('string')) ?? '';

describe('native XLSX charts', () => {
  it('quotes sheet names in range formulas and makes references absolute', () => {
    expect(rangeFormula({ sheet: 'Chỉ tiêu', ref: 'B2:B9' })).toBe("'Chỉ tiêu'!$B$2:$B$9");
    expect(rangeFormula({ sheet: "Kế hoạch 'A'", ref: 'a1' })).toBe("'Kế hoạch ''A'''!$A$1");
    expect(rangeFormula({ sheet: 'Tổng hợp'.normalize('NFD'), ref: '$D$5' })).toBe(
      `'${'Tổng hợp'.normalize('NFD')}'!$D$5`,
    );
    expect(() => rangeFormula({ sheet: 'x', ref: 'R1C1' })).toThrow('not an A1 cell reference');
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('writes escaped Vietnamese text, gaps for missing figures, and the chart type asked for', () => {
    const line = chartXml(spec('Chỉ tiêu'));
    expect(line).toContain('<a:t>Lượt người sử dụng &lt;thư viện&gt; &amp; &quot;bảo tàng&quot;</a:t>');
    expect(line).toContain('<c:f>&#39;Chỉ tiêu&#39;!$B$2:$B$5</c:f>'); // the apostrophe as a numeric reference, which XML reads
    expect(line).toContain('<c:dispBlanksAs val="gap"/>');
    // Four categories, three cached values: 2023 is absent (a gap), never a 0.
    expect(line).toContain(
      '<c:ptCount val="4"/><c:pt idx="0"><c:v>1000</c:v></c:pt><c:pt idx="2"><c:v>1210</c:v></c:pt><c:pt idx="3"><c:v>1331</c:v></c:pt>',
    );
    expect(line).toMatch(/<c:lineChart>.*<\/c:lineChart>/);
    const column = chartXml(spec('Chỉ tiêu', { type: 'column' }));
    expect(column).toMatch(/<c:barChart><c:barDir val="col"\/><c:grouping val="clustered"\/>/);
    expect(() => chartXml(spec('Chỉ tiêu', { categoryCache: [2022] }))).toThrow('one cached value per category');
  });

  it('adds chart, drawing, relationships and content types, reusing a drawing that already holds an image', async () => {
    const out = await addCharts(await workbook(), [
      spec('Chỉ tiêu'),
      spec('Biểu đồ', { type: 'column' }),
      spec('Bảng'),
    ]);
    const zip = await JSZip.loadAsync(out);
    expect(
      Object.keys(zip.files)
        .filter((f) => /^xl\/(charts|drawings)\/[^/]+\.xml$/.test(f))
        .sort(),
    ).toEqual([
      'xl/charts/chart1.xml',
      'xl/charts/chart2.xml',
      'xl/charts/chart3.xml',
      'xl/drawings/drawing1.xml',
      'xl/drawings/drawing2.xml',
      'xl/drawings/drawing3.xml',
    ]);
    // Sheet 1 already had drawing1 (the image): the chart joins it, the image relationship stays.
    const rels1 = await text(zip, 'xl/drawings/_rels/drawing1.xml.rels');
    expect(rels1).toContain('Target="../media/image1.png"');
    expect(rels1).toMatch(/Id="rId2" Type="[^"]+\/chart" Target="..\/charts\/chart1.xml"/);
    const drawing1 = await text(zip, 'xl/drawings/drawing1.xml');
    expect(drawing1).toContain('<xdr:pic>');
    expect(drawing1).toContain(
      '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId2"/>',
    );
    expect((await text(zip, 'xl/worksheets/sheet1.xml')).match(/<drawing /g)).toHaveLength(1);
    // Sheets 2 and 3 get new drawings, linked from the sheet; on sheet 3 <drawing> precedes <tableParts>.
    expect(await text(zip, 'xl/worksheets/_rels/sheet2.xml.rels')).toMatch(
      /Type="[^"]+\/drawing" Target="..\/drawings\/drawing2.xml"/,
    );
    expect(await text(zip, 'xl/worksheets/sheet2.xml')).toMatch(/<drawing r:id="rId\d+"\/><\/worksheet>$/);
    const sheet3 = await text(zip, 'xl/worksheets/sheet3.xml');
    expect(sheet3).toContain('<drawing r:id=');
    expect(sheet3.indexOf('<drawing r:id=')).toBeLessThan(sheet3.indexOf('<tableParts'));
    const sheet3Rels = await text(zip, 'xl/worksheets/_rels/sheet3.xml.rels');
    expect(sheet3Rels).toContain('/table"');
    expect(sheet3Rels).toMatch(/\/drawing" Target="..\/drawings\/drawing3.xml"/);
    const types = await text(zip, '[Content_Types].xml');
    for (const n of [1, 2, 3]) {
      expect(types).toContain(
        `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
      expect(types.match(new RegExp(`PartName="/xl/drawings/drawing${n}.xml"`, 'g'))).toHaveLength(1);
    }
    expect(await text(zip, 'xl/charts/chart2.xml')).toContain('<c:barChart>');

    // Still a valid package: exceljs reads it back with values and the image intact.
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(out as unknown as ExcelJS.Buffer);
    expect(back.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Biểu đồ', 'Bảng']);
    expect(back.getWorksheet('Chỉ tiêu')!.getCell('B4').value).toBe(1210);
    expect(back.getWorksheet('Chỉ tiêu')!.getCell('B3').value).toBeNull();
    expect(back.getWorksheet('Chỉ tiêu')!.getImages()).toHaveLength(1);
  });

  it('numbers parts after those a package already has and keeps shape ids unique', async () => {
    const once = await addCharts(await workbook(), [spec('Chỉ tiêu')]);
    const twice = await addCharts(once, [spec('Chỉ tiêu'), spec('Biểu đồ')]);
    const zip = await JSZip.loadAsync(twice);
    expect(
      Object.keys(zip.files)
        .filter((f) => f.startsWith('xl/charts/') && f.endsWith('.xml'))
        .sort(),
    ).toEqual(['xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/charts/chart3.xml']);
    const drawing1 = await text(zip, 'xl/drawings/drawing1.xml');
    const ids = [...drawing1.matchAll(/<xdr:cNvPr id="(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(3); // image + two charts
    expect(new Set(ids).size).toBe(3);
    expect(await text(zip, 'xl/drawings/_rels/drawing1.xml.rels')).toMatch(
      /Id="rId3"[^>]+Target="..\/charts\/chart2.xml"/,
    );
    expect(await text(zip, 'xl/drawings/_rels/drawing2.xml.rels')).toContain('Target="../charts/chart3.xml"');
  });

  it('refuses a chart whose data is on a sheet that does not exist', async () => {
    await expect(
      addCharts(await workbook(), [spec('Chỉ tiêu', { categories: { sheet: 'Không có', ref: 'A1:A2' } })]),
    ).rejects.toThrow('does not exist: Không có');
  });
});

describe('PDF chart geometry', () => {
  it('splits a series at missing figures instead of drawing them as zero', () => {
    expect(segments([1, null, 2, 3])).toEqual([[0], [2, 3]]);
    expect(segments([null, null])).toEqual([]);
    expect(segments([0, 0.5, null])).toEqual([[0, 1]]);
  });

  it('picks round axis steps that include zero and every value', () => {
    expect(niceScale([2000, 2420])).toEqual({ min: 0, max: 3000, step: 1000 });
    expect(niceScale([0.45, 0.58, 0.6])).toEqual({ min: 0, max: 0.6, step: 0.2 });
    expect(niceScale([1])).toEqual({ min: 0, max: 1, step: 0.25 });
    expect(niceScale([-0.05, 0.1])).toEqual({ min: -0.05, max: 0.1, step: 0.05 });
  });
});
