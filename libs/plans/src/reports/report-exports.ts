import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { INDICATOR_NAMES_VI } from '../plans/plan.types.js';
import type { ReportContent } from './report.types.js';

const STATUS_VI: Record<string, string> = { met: 'Đạt', on_track: 'Đúng tiến độ', at_risk: 'Có nguy cơ', off_track: 'Chậm tiến độ', no_data: 'Chưa có số liệu' };
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(Math.round(v * 1000) / 1000));
const isGrowthOrShare = (indicator: string) => indicator !== 'activity_count';
const fmt = (indicator: string, v: number | null) => (isGrowthOrShare(indicator) ? pct(v) : num(v));
const target = (i: ReportContent['indicators'][number]) => (i.target.max === null ? fmt(i.indicator, i.target.min) : `${fmt(i.indicator, i.target.min)}–${fmt(i.indicator, i.target.max)}`);

const HEAD = ['Chỉ tiêu (indicator)', 'Mô tả', 'Năm mục tiêu', 'Mục tiêu', 'Giá trị', 'Đạt mức dưới', 'Đạt mức trên', 'Tình trạng', 'Dự báo 2025', 'Dự báo 2030', 'Tăng so với năm trước', 'Tăng cùng cơ sở', 'Đã báo cáo', 'Dự kiến', 'Tỷ lệ báo cáo'];
const row = (i: ReportContent['indicators'][number]) => [
  i.indicator,
  i.descriptionVi,
  i.targetYear,
  target(i),
  fmt(i.indicator, i.value),
  i.against.meetsLower === null ? '' : i.against.meetsLower ? 'có' : 'không',
  i.against.meetsUpper === null ? '' : i.against.meetsUpper ? 'có' : 'không',
  STATUS_VI[i.status] ?? i.status,
  i.indicator.endsWith('_growth') ? num(i.projected[2025]) : fmt(i.indicator, i.projected[2025]),
  i.indicator.endsWith('_growth') ? num(i.projected[2030]) : fmt(i.indicator, i.projected[2030]),
  pct(i.growth?.yearOnYear),
  pct(i.growth?.likeForLike.growth),
  i.coverage.reported,
  i.coverage.expected,
  pct(i.coverage.share),
];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV (UTF-8 with BOM so spreadsheet programs read the Vietnamese correctly). Missing figures are empty cells, never 0. */
export function reportCsv(c: ReportContent): Buffer {
  const lines = [HEAD, ...c.indicators.map(row)].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * XLSX: summary, time series (one column per indicator, ready to chart), drill-down, evidence, restatements.
 * exceljs cannot write native charts, so the series sheet is laid out for a one-click chart instead.
 */
export async function reportXlsx(c: ReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Suốt Đời';
  wb.created = new Date(c.generatedAt);
  const s = wb.addWorksheet('Tổng hợp');
  s.addRow([c.plan.title]).font = { bold: true };
  s.addRow([`Số: ${c.plan.number ?? '—'} · ${c.plan.issuer} · Kỳ báo cáo: ${c.period.key} · Hạn: ${c.period.dueOn ?? '—'}`]);
  s.addRow([]);
  s.addRow(HEAD).font = { bold: true };
  for (const i of c.indicators) s.addRow(row(i));
  s.columns.forEach((col, n) => (col.width = n === 1 ? 60 : 16));

  const ts = wb.addWorksheet('Chuỗi thời gian');
  const years = [...new Set(c.indicators.flatMap((i) => i.series.map((p) => p.year)))].sort();
  ts.addRow(['Năm', ...c.indicators.map((i) => `${i.key}`)]).font = { bold: true };
  for (const y of years) ts.addRow([y, ...c.indicators.map((i) => i.series.find((p) => p.year === y)?.value ?? null)]);

  const dd = wb.addWorksheet('Theo đơn vị');
  dd.addRow(['Đơn vị', 'Chỉ tiêu', 'Giá trị', 'Tình trạng', 'Tỷ lệ báo cáo']).font = { bold: true };
  for (const u of c.drillDown) for (const i of u.indicators) dd.addRow([u.name ?? u.unitId, i.key, i.value, STATUS_VI[i.status] ?? i.status, i.coverage.share]);

  const ev = wb.addWorksheet('Minh chứng');
  ev.addRow(['Chỉ tiêu', 'Cơ sở', 'Đã báo cáo', 'Đạt quy tắc', 'Số liệu']).font = { bold: true };
  for (const i of c.indicators) for (const e of i.evidence ?? []) ev.addRow([i.key, e.name, e.reported ? 'có' : 'không', e.satisfied === null ? '' : e.satisfied ? 'có' : 'không', JSON.stringify(e.figures)]);

  const rs = wb.addWorksheet('Điều chỉnh số liệu');
  rs.addRow(['Đơn vị/cơ sở', 'Kỳ', 'Loại', 'Số cũ', 'Số mới', 'Thời điểm']).font = { bold: true };
  for (const r of c.restatements) rs.addRow([r.scopeId, `${r.grain} ${r.periodStart}`, r.kind, r.oldValue, r.newValue, r.restatedAt]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const FONT = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'].find((f) => existsSync(f));
// Without a Unicode font the built-in Helvetica cannot draw Vietnamese; fold to ASCII rather than print garbage.
const fold = (s: string) => (FONT ? s : s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'));

/** Printable PDF (A4 landscape): header, one block per indicator with target, value, status, coverage and trend. */
export function reportPdf(c: ReportContent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: c.plan.title, Producer: 'Suốt Đời' } });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (FONT) doc.font(FONT);
    doc.fontSize(14).text(fold(c.plan.title));
    doc.fontSize(9).text(fold(`Số: ${c.plan.number ?? '—'} · ${c.plan.issuer} · Kỳ: ${c.period.key} · Hạn nộp: ${c.period.dueOn ?? '—'} · Lập lúc: ${c.generatedAt}`));
    doc.moveDown();
    for (const i of c.indicators) {
      doc.fontSize(10).text(fold(`${INDICATOR_NAMES_VI[i.indicator]} — ${i.descriptionVi}`));
      doc.fontSize(9).text(
        fold(
          `Mục tiêu ${i.targetYear}: ${target(i)} · Giá trị: ${fmt(i.indicator, i.value) || 'chưa có số liệu'} · ${STATUS_VI[i.status]} · ` +
            `Báo cáo ${i.coverage.reported}/${i.coverage.expected} (${pct(i.coverage.share) || '—'})` +
            (i.growth ? ` · So với năm trước ${pct(i.growth.yearOnYear) || '—'} · Cùng cơ sở ${pct(i.growth.likeForLike.growth) || '—'}` : ''),
        ),
      );
      const series = i.series.map((p) => `${p.year}: ${p.value === null ? '—' : i.indicator.endsWith('_growth') ? num(p.value) : fmt(i.indicator, p.value)}`).join('  ');
      doc.fillColor('#555').text(fold(series)).fillColor('black');
      doc.moveDown(0.5);
    }
    if (c.restatements.length) {
      doc.addPage().fontSize(11).text(fold('Điều chỉnh số liệu kỳ đã khóa sổ'));
      for (const r of c.restatements) doc.fontSize(9).text(fold(`${r.grain} ${r.periodStart} ${r.kind}: ${r.oldValue ?? '—'} → ${r.newValue ?? '—'} (${r.restatedAt})`));
    }
    doc.end();
  });
}
