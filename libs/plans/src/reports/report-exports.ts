import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { INDICATOR_KIND, INDICATOR_NAMES_VI } from '../plans/plan.types.js';
import type { IndicatorResult } from '../indicators/indicator-engine.js';
import { addCharts, columnLetter, type ChartSpec } from './report-charts.js';
import { drawChart, type Box, type PdfChart } from './report-pdf-charts.js';
import type { ReportContent } from './report.types.js';

const STATUS_VI: Record<string, string> = {
  met: 'Đạt',
  on_track: 'Đúng tiến độ',
  at_risk: 'Có nguy cơ',
  off_track: 'Chậm tiến độ',
  no_data: 'Chưa có số liệu',
  undetermined: 'Chưa xác định (thiếu báo cáo)',
};
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined) =>
  v === null || v === undefined ? '' : String(Math.round(v * 1000) / 1000);
const isGrowthOrShare = (indicator: string) => indicator !== 'activity_count';
const fmt = (indicator: string, v: number | null) => (isGrowthOrShare(indicator) ? pct(v) : num(v));
const target = (i: ReportContent['indicators'][number]) =>
  i.target.max === null
    ? fmt(i.indicator, i.target.min)
    : `${fmt(i.indicator, i.target.min)}–${fmt(i.indicator, i.target.max)}`;

const HEAD = [
  'Chỉ tiêu (indicator)',
  'Mô tả',
  'Năm mục tiêu',
  'Mục tiêu',
  'Giá trị',
  'Đạt mức dưới',
  'Đạt mức trên',
  'Tình trạng',
  'Dự báo 2025',
  'Dự báo 2030',
  'Tăng so với năm trước',
  'Tăng cùng cơ sở',
  'Đã báo cáo',
  'Dự kiến',
  'Tỷ lệ báo cáo',
];
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

/** Indicators whose value and target are rates (shares and average annual growth), shown as percentages. */
const isRate = (i: IndicatorResult) => i.indicator !== 'activity_count';
/** Indicators with a yearly series worth a chart (activity counts only have the report's year). */
const isCharted = (i: IndicatorResult) => i.series.length >= 2;
const PCT = '0.0%';
const COUNT = '#,##0';
const COLORS = { value: '1F6FB4', target: 'D9822B' };

/**
 * The line a series is held against, per year: for growth targets the minimum path V_base · (1 + g)^(t − base)
 * (docs/domain.md, "Growth": on track), null throughout when the base year has no data; for level targets the target's lower bound.
 */
export function targetPath(
  i: IndicatorResult,
  years: number[],
  baseYear: number,
): { label: string; values: (number | null)[] } {
  if (INDICATOR_KIND[i.indicator] === 'growth') {
    const base = i.series.find((p) => p.year === baseYear)?.value ?? null;
    return {
      label: `Lộ trình tối thiểu (+${pct(i.target.min)}/năm)`,
      values: years.map((y) => (base === null ? null : base * (1 + i.target.min) ** (y - baseYear))),
    };
  }
  return { label: `Mục tiêu ${i.targetYear} (mức dưới)`, values: years.map(() => i.target.min) };
}

const SUMMARY = 'Tổng hợp';
const SERIES = 'Chuỗi thời gian';
const XLSX_HEAD = [
  'Chỉ tiêu (indicator)',
  'Mô tả',
  'Năm mục tiêu',
  'Mục tiêu (mức dưới)',
  'Mục tiêu (mức trên)',
  'Giá trị',
  'Đạt mức dưới',
  'Đạt mức trên',
  'Tình trạng',
  'Dự báo 2025',
  'Dự báo 2030',
  'Tăng so với năm trước',
  'Tăng cùng cơ sở',
  'Đã báo cáo',
  'Dự kiến',
  'Tỷ lệ báo cáo',
];
const yesNo = (b: boolean | null) => (b === null ? null : b ? 'có' : 'không');

/**
 * XLSX: summary with a chart of targets against values, time series with one chart per indicator (value and the
 * target line), drill-down, evidence, restatements. Figures are numbers with number formats (not text), so the
 * native charts, which refer to the cells, follow any edit. Missing figures are empty cells, never 0.
 */
export async function reportXlsx(c: ReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Suốt Đời';
  wb.created = new Date(c.generatedAt);
  // Rates first, so the summary chart plots one contiguous block of rows.
  const indicators = [...c.indicators.filter(isRate), ...c.indicators.filter((i) => !isRate(i))];
  const charts: ChartSpec[] = [];

  const s = wb.addWorksheet(SUMMARY);
  s.addRow([c.plan.title]).font = { bold: true };
  s.addRow([
    `Số: ${c.plan.number ?? '—'} · ${c.plan.issuer} · Kỳ báo cáo: ${c.period.key} · Hạn: ${c.period.dueOn ?? '—'}`,
  ]);
  s.addRow([]);
  s.addRow(XLSX_HEAD).font = { bold: true };
  const firstRow = 5;
  const summaryRow = new Map<IndicatorResult, number>();
  for (const i of indicators) {
    const growth = INDICATOR_KIND[i.indicator] === 'growth';
    const r = s.addRow([
      i.key,
      i.descriptionVi,
      i.targetYear,
      i.target.min,
      i.target.max,
      i.value,
      yesNo(i.against.meetsLower),
      yesNo(i.against.meetsUpper),
      STATUS_VI[i.status] ?? i.status,
      i.projected[2025],
      i.projected[2030],
      i.growth?.yearOnYear ?? null,
      i.growth?.likeForLike.growth ?? null,
      i.coverage.reported,
      i.coverage.expected,
      i.coverage.share,
    ]);
    summaryRow.set(i, r.number);
    const own = isRate(i) ? PCT : COUNT;
    for (const col of [4, 5, 6]) r.getCell(col).numFmt = own;
    for (const col of [10, 11]) r.getCell(col).numFmt = growth ? COUNT : own;
    for (const col of [12, 13, 16]) r.getCell(col).numFmt = PCT;
  }
  s.columns.forEach((col, n) => (col.width = n === 1 ? 60 : 16));
  const rates = indicators.filter(isRate);
  if (rates.length) {
    const last = firstRow + rates.length - 1;
    charts.push({
      sheet: SUMMARY,
      type: 'column',
      title: `Mục tiêu và kết quả kỳ ${c.period.key} (tỷ lệ, tăng bình quân/năm)`,
      categories: { sheet: SUMMARY, ref: `A${firstRow}:A${last}` },
      categoryCache: rates.map((i) => i.key),
      series: [
        {
          name: XLSX_HEAD[3]!,
          nameCell: { sheet: SUMMARY, ref: 'D4' },
          values: { sheet: SUMMARY, ref: `D${firstRow}:D${last}` },
          cache: rates.map((i) => i.target.min),
          color: COLORS.target,
        },
        {
          name: XLSX_HEAD[5]!,
          nameCell: { sheet: SUMMARY, ref: 'F4' },
          values: { sheet: SUMMARY, ref: `F${firstRow}:F${last}` },
          cache: rates.map((i) => i.value),
          color: COLORS.value,
        },
      ],
      valueFormat: '0%',
      anchor: { col: 0, row: firstRow + indicators.length, cols: 6, rows: 22 },
    });
  }

  // Time series: years down column A, one column per indicator, then one column per charted indicator with the
  // target line as formulas of the summary's target cell (so editing a target moves the line).
  const ts = wb.addWorksheet(SERIES);
  const years = [...new Set(indicators.flatMap((i) => i.series.map((p) => p.year)))].sort((a, b) => a - b);
  const charted = indicators.filter(isCharted);
  const valueCol = (k: number) => 2 + k; // indicator k of `indicators`
  const pathCol = (k: number) => indicators.length + 3 + k; // charted indicator k, after an empty column
  ts.addRow(['Năm', ...indicators.map((i) => i.key), null, ...charted.map((i) => `${i.key} — mục tiêu`)]).font = {
    bold: true,
  };
  const baseRow = years.includes(c.plan.baseYear) ? 2 + years.indexOf(c.plan.baseYear) : null;
  years.forEach((y, n) => {
    const r = ts.getRow(2 + n);
    r.getCell(1).value = y;
    indicators.forEach((i, k) => {
      const cell = r.getCell(valueCol(k));
      cell.value = i.series.find((p) => p.year === y)?.value ?? null;
      cell.numFmt = INDICATOR_KIND[i.indicator] === 'growth' || !isRate(i) ? COUNT : PCT;
    });
    charted.forEach((i, k) => {
      const cell = r.getCell(pathCol(k));
      const target = `'${SUMMARY}'!$D$${summaryRow.get(i)}`;
      const path = targetPath(i, years, c.plan.baseYear).values[n] ?? null;
      if (INDICATOR_KIND[i.indicator] === 'growth') {
        const v = `${columnLetter(valueCol(indicators.indexOf(i)))}$${baseRow}`;
        cell.value =
          baseRow === null
            ? null
            : {
                formula: `IF(ISNUMBER(${v}),${v}*(1+${target})^($A${2 + n}-$A$${baseRow}),NA())`,
                result: path ?? { error: '#N/A' },
              };
        cell.numFmt = COUNT;
      } else {
        cell.value = { formula: target, result: i.target.min };
        cell.numFmt = PCT;
      }
    });
    r.commit();
  });
  ts.getColumn(1).width = 8;
  for (let col = 2; col <= pathCol(charted.length); col++) ts.getColumn(col).width = 16;
  const lastYearRow = 1 + years.length;
  charted.forEach((i, k) => {
    const vCol = columnLetter(valueCol(indicators.indexOf(i)));
    const pCol = columnLetter(pathCol(k));
    const path = targetPath(i, years, c.plan.baseYear);
    const fmt = INDICATOR_KIND[i.indicator] === 'growth' ? COUNT : '0%';
    charts.push({
      sheet: SERIES,
      type: 'line',
      title: `${i.key}: ${i.descriptionVi}`,
      categories: { sheet: SERIES, ref: `A2:A${lastYearRow}` },
      categoryCache: years,
      series: [
        {
          name: i.key,
          nameCell: { sheet: SERIES, ref: `${vCol}1` },
          values: { sheet: SERIES, ref: `${vCol}2:${vCol}${lastYearRow}` },
          cache: years.map((y) => i.series.find((p) => p.year === y)?.value ?? null),
          color: COLORS.value,
        },
        {
          name: path.label,
          values: { sheet: SERIES, ref: `${pCol}2:${pCol}${lastYearRow}` },
          cache: path.values,
          color: COLORS.target,
          dashed: true,
        },
      ],
      valueFormat: fmt,
      // Two charts side by side below the table, each 8 columns by 16 rows.
      anchor: { col: (k % 2) * 8, row: lastYearRow + 2 + Math.floor(k / 2) * 17, cols: 8, rows: 16 },
    });
  });

  const dd = wb.addWorksheet('Theo đơn vị');
  dd.addRow(['Đơn vị', 'Chỉ tiêu', 'Giá trị', 'Tình trạng', 'Tỷ lệ báo cáo']).font = { bold: true };
  for (const u of c.drillDown)
    for (const i of u.indicators)
      dd.addRow([u.name ?? u.unitId, i.key, i.value, STATUS_VI[i.status] ?? i.status, i.coverage.share]);

  const ev = wb.addWorksheet('Minh chứng');
  ev.addRow(['Chỉ tiêu', 'Cơ sở', 'Đã báo cáo', 'Đạt quy tắc', 'Số liệu']).font = { bold: true };
  for (const i of indicators)
    for (const e of i.evidence ?? [])
      ev.addRow([
        i.key,
        e.name,
        e.reported ? 'có' : 'không',
        e.satisfied === null ? '' : e.satisfied ? 'có' : 'không',
        JSON.stringify(e.figures),
      ]);

  const rs = wb.addWorksheet('Điều chỉnh số liệu');
  rs.addRow(['Đơn vị/cơ sở', 'Kỳ', 'Loại', 'Số cũ', 'Số mới', 'Thời điểm']).font = { bold: true };
  for (const r of c.restatements)
    rs.addRow([r.scopeId, `${r.grain} ${r.periodStart}`, r.kind, r.oldValue, r.newValue, r.restatedAt]);
  return addCharts(Buffer.from(await wb.xlsx.writeBuffer()), charts);
}

const FONT = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'].find((f) =>
  existsSync(f),
);
// Without a Unicode font the built-in Helvetica cannot draw Vietnamese; fold to ASCII rather than print garbage.
// With it, text is drawn in NFC: the font's precomposed letters, as NFD input would otherwise print loose accents.
const fold = (s: string) =>
  FONT
    ? s.normalize('NFC')
    : s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D');

const pctLabel = (v: number) => `${Math.round(v * 1000) / 10}%`;
const countLabel = (v: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(v);
const hex = (c: string) => `#${c}`;

/** The summary chart: each rate indicator's target (lower bound) beside its value for the period. */
export function summaryChart(c: ReportContent): PdfChart | null {
  const rates = c.indicators.filter(isRate);
  if (!rates.length) return null;
  return {
    type: 'column',
    title: `Mục tiêu và kết quả kỳ ${c.period.key} (tỷ lệ, tăng bình quân/năm)`,
    categories: rates.map((i) => i.key),
    series: [
      { name: 'Mục tiêu (mức dưới)', values: rates.map((i) => i.target.min), color: hex(COLORS.target) },
      { name: 'Giá trị', values: rates.map((i) => i.value), color: hex(COLORS.value) },
    ],
    format: pctLabel,
  };
}

/** One line chart per indicator with a yearly series: the values and the target line (dashed). */
export function seriesCharts(c: ReportContent): PdfChart[] {
  return c.indicators.filter(isCharted).map((i) => {
    const years = i.series.map((p) => p.year);
    const path = targetPath(i, years, c.plan.baseYear);
    return {
      type: 'line',
      title: `${i.key}: ${i.descriptionVi}`,
      categories: years.map(String),
      series: [
        { name: 'Giá trị', values: i.series.map((p) => p.value), color: hex(COLORS.value) },
        { name: path.label, values: path.values, color: hex(COLORS.target), dashed: true },
      ],
      format: INDICATOR_KIND[i.indicator] === 'growth' ? countLabel : pctLabel,
    };
  });
}

/**
 * Printable PDF (A4 landscape): header, the chart of targets against values, one block per indicator with target,
 * value, status, coverage and trend, then the time-series charts six to a page, then restatements.
 */
export function reportPdf(c: ReportContent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 36,
      info: { Title: c.plan.title, Producer: 'Suốt Đời' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (FONT) doc.font(FONT);
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const bottom = () => doc.page.height - doc.page.margins.bottom;
    doc.fontSize(14).text(fold(c.plan.title));
    doc
      .fontSize(9)
      .text(
        fold(
          `Số: ${c.plan.number ?? '—'} · ${c.plan.issuer} · Kỳ: ${c.period.key} · Hạn nộp: ${c.period.dueOn ?? '—'} · Lập lúc: ${c.generatedAt}`,
        ),
      );
    doc.moveDown();
    const summary = summaryChart(c);
    if (summary) {
      const box: Box = { x: left, y: doc.y, w: width, h: 210 };
      drawChart(doc, box, summary, fold);
      doc.x = left;
      doc.y = box.y + box.h + 12;
    }
    for (const i of c.indicators) {
      doc.fontSize(10).text(fold(`${INDICATOR_NAMES_VI[i.indicator]} — ${i.descriptionVi}`));
      doc
        .fontSize(9)
        .text(
          fold(
            `Mục tiêu ${i.targetYear}: ${target(i)} · Giá trị: ${fmt(i.indicator, i.value) || 'chưa có số liệu'} · ${STATUS_VI[i.status]} · ` +
              `Báo cáo ${i.coverage.reported}/${i.coverage.expected} (${pct(i.coverage.share) || '—'})` +
              (i.growth
                ? ` · So với năm trước ${pct(i.growth.yearOnYear) || '—'} · Cùng cơ sở ${pct(i.growth.likeForLike.growth) || '—'}`
                : ''),
          ),
        );
      const series = i.series
        .map(
          (p) =>
            `${p.year}: ${p.value === null ? '—' : i.indicator.endsWith('_growth') ? num(p.value) : fmt(i.indicator, p.value)}`,
        )
        .join('  ');
      doc.fillColor('#555').text(fold(series)).fillColor('black');
      doc.moveDown(0.5);
    }
    // Time series, a grid of 3 × 2 charts per page.
    const charts = seriesCharts(c);
    const gap = 12;
    const cellW = (width - 2 * gap) / 3;
    charts.forEach((chart, n) => {
      if (n % 6 === 0) {
        doc.addPage();
        doc
          .fontSize(11)
          .text(
            fold(`Chuỗi thời gian theo chỉ tiêu (${c.plan.baseYear}–${c.period.year})`),
            left,
            doc.page.margins.top,
          );
      }
      const top = doc.page.margins.top + 22;
      const cellH = (bottom() - top - gap) / 2;
      const slot = n % 6;
      drawChart(
        doc,
        { x: left + (slot % 3) * (cellW + gap), y: top + Math.floor(slot / 3) * (cellH + gap), w: cellW, h: cellH },
        chart,
        fold,
      );
    });
    if (c.restatements.length) {
      doc.addPage().fontSize(11).text(fold('Điều chỉnh số liệu kỳ đã khóa sổ'), left, doc.page.margins.top);
      for (const r of c.restatements)
        doc
          .fontSize(9)
          .text(
            fold(
              `${r.grain} ${r.periodStart} ${r.kind}: ${r.oldValue ?? '—'} → ${r.newValue ?? '—'} (${r.restatedAt})`,
            ),
          );
    }
    doc.end();
  });
}
