import ExcelJS from 'exceljs';
import {
  addOfficialHeaderRows,
  addSignatureRows,
  createDocumentPdf,
  drawDocumentTitle,
  drawOfficialHeader,
  drawSignatureBlock,
  ensureRoom,
  formatDateTimeVi,
  formatDayVi,
  formatNumberVi,
  formatPercentVi,
  pdfBuffer,
  signatureBlockHeight,
  XLSX_NUMBER_FORMATS,
  type OfficialHeader,
  type SignatureBlock,
} from '@suotdoi/platform';
import { USAGE_KIND_NAMES_VI } from '@suotdoi/usage';
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
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatPercentVi(v));
const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatNumberVi(v));
const isGrowthOrShare = (indicator: string) => indicator !== 'activity_count';
const fmt = (indicator: string, v: number | null) => (isGrowthOrShare(indicator) ? pct(v) : num(v));
const target = (i: ReportContent['indicators'][number]) =>
  i.target.max === null
    ? fmt(i.indicator, i.target.min)
    : `${fmt(i.indicator, i.target.min)}–${fmt(i.indicator, i.target.max)}`;

const HEAD = [
  'Chỉ tiêu',
  'Loại chỉ tiêu',
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
  'Giá trị năm báo cáo',
  'Cần đạt để đúng lộ trình',
];
const row = (i: ReportContent['indicators'][number]) => [
  i.descriptionVi,
  INDICATOR_NAMES_VI[i.indicator] ?? i.indicator,
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
  num(i.growth?.currentValue),
  num(i.growth?.requiredValue),
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
const PCT = XLSX_NUMBER_FORMATS.percent;
const COUNT = XLSX_NUMBER_FORMATS.count;
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
  'Chỉ tiêu',
  'Loại chỉ tiêu',
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
  'Giá trị năm báo cáo',
  'Cần đạt để đúng lộ trình',
];
const yesNo = (b: boolean | null) => (b === null ? null : b ? 'có' : 'không');
const UNNAMED = '(không rõ tên)';

/** The Vietnamese name of a figure of the evidence: a usage kind or what the events module recorded. */
export function figureName(key: string): string {
  if (key.startsWith('sessions_held')) return 'Buổi hoạt động đã tổ chức';
  if (key === 'club_members') return 'Hội viên câu lạc bộ trong năm';
  if (key === 'club_meetings') return 'Buổi sinh hoạt câu lạc bộ';
  return (USAGE_KIND_NAMES_VI as Record<string, string>)[key] ?? key;
}

/** Names of the institutions and units a report mentions (for restatements, which carry ids only). */
function scopeNames(c: ReportContent): Map<string, string> {
  const names = new Map<string, string>();
  if (c.jurisdiction.unitId && c.jurisdiction.name) names.set(c.jurisdiction.unitId, c.jurisdiction.name);
  for (const u of c.drillDown) if (u.name) names.set(u.unitId, u.name);
  for (const i of c.indicators) {
    for (const e of i.evidence ?? []) names.set(e.institutionId, e.name);
    for (const n of i.noReport ?? []) names.set(n.institutionId, n.name);
  }
  return names;
}

const grainLabel = (grain: string, start: string) =>
  grain === 'year'
    ? `Năm ${start.slice(0, 4)}`
    : grain === 'month'
      ? `Tháng ${Number(start.slice(5, 7))}/${start.slice(0, 4)}`
      : `Ngày ${formatDayVi(start)}`;

/** "năm 2024", "6 tháng đầu năm 2025", "đánh giá giữa kỳ năm 2025". */
export function periodLabel(c: Pick<ReportContent, 'period'>): string {
  const { key, year, half } = c.period;
  if (half) return `6 tháng đầu năm ${year}`;
  if (key.endsWith('-review')) return `Sơ kết, tổng kết năm ${year}`;
  return `Năm ${year}`;
}

/** The place in the date line: the jurisdiction's name without its level ("Tỉnh Quảng Ngãi" → "Quảng Ngãi"). */
export function placeOf(c: Pick<ReportContent, 'jurisdiction' | 'plan'>): string {
  const name = (c.jurisdiction.name ?? c.plan.issuer).normalize('NFC');
  return name.replace(/^(UBND\s+)?(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+/i, '') || name;
}

/** The official header of a plan report: the plan's issuer reports, dated in Vietnam time at generation. */
export function reportHeader(c: ReportContent): OfficialHeader {
  return { issuingBody: c.plan.issuer, number: null, place: placeOf(c), date: new Date(c.generatedAt) };
}

/** Recipients on the left, the head of the reporting body on the right, signing for it. */
export function reportSignatures(c: ReportContent): SignatureBlock {
  return {
    recipients: ['Cơ quan cấp trên theo kế hoạch', 'Lưu: VT'],
    right: { authority: `TM. ${c.plan.issuer}`, title: 'Thủ trưởng cơ quan', note: '(Ký, ghi rõ họ tên, đóng dấu)' },
  };
}

const reportTitle = (c: ReportContent) => ({
  title: c.provisional ? 'Báo cáo (bản xem trước, chưa phải báo cáo chính thức)' : 'Báo cáo',
  subtitle: `Kết quả thực hiện ${c.plan.title} — ${periodLabel(c)}`,
});

/** What the figures are as of and when the report was made, in Vietnam time. */
const timesLine = (c: ReportContent) =>
  `Số liệu tính đến ${formatDateTimeVi(c.figuresAsOf ?? c.generatedAt)}; lập lúc ${formatDateTimeVi(c.generatedAt)} (giờ Việt Nam).`;

/** The first sheet, fit for submission: the official header, the table in words and figures, the signatures. */
function coverSheet(wb: ExcelJS.Workbook, c: ReportContent, indicators: IndicatorResult[]): void {
  const cover = wb.addWorksheet('Báo cáo', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToWidth: 1 } });
  const columns = 8;
  let at = addOfficialHeaderRows(cover, reportHeader(c), columns, reportTitle(c));
  for (const line of [
    ...(c.plan.source ? [`Căn cứ: ${c.plan.source}.`] : []),
    `Đơn vị báo cáo: ${c.jurisdiction.name ?? c.plan.issuer}.`,
    timesLine(c),
  ]) {
    cover.mergeCells(at, 1, at, columns);
    cover.getCell(at, 1).value = line;
    at++;
  }
  at++;
  const head = cover.getRow(at);
  head.values = [
    'STT',
    'Chỉ tiêu',
    'Mục tiêu',
    'Kết quả',
    'Cần đạt để đúng lộ trình',
    'Tình trạng',
    'Cơ sở đã báo cáo',
    'Ghi chú',
  ];
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  indicators.forEach((i, n) => {
    const growth = INDICATOR_KIND[i.indicator] === 'growth';
    const r = cover.getRow(at + 1 + n);
    r.values = [
      n + 1,
      i.descriptionVi,
      target(i),
      growth ? num(i.growth?.currentValue) : fmt(i.indicator, i.value) || 'chưa có số liệu',
      growth ? num(i.growth?.requiredValue) : '',
      STATUS_VI[i.status] ?? i.status,
      `${i.coverage.reported}/${i.coverage.expected}`,
      [
        growth && i.value !== null ? `Tăng bình quân ${pct(i.value)}/năm` : '',
        i.undeterminedBecause?.vi ?? '',
        i.noReport?.length ? `Chưa báo cáo: ${i.noReport.map((x) => x.name).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('. '),
    ];
    r.alignment = { wrapText: true, vertical: 'top' };
  });
  [5, 48, 14, 16, 16, 18, 12, 48].forEach((w, n) => (cover.getColumn(n + 1).width = w));
  addSignatureRows(cover, reportSignatures(c), columns, at + indicators.length + 2);
}

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

  coverSheet(wb, c, indicators);
  const s = wb.addWorksheet(SUMMARY);
  s.addRow([c.plan.title]).font = { bold: true };
  s.addRow([
    `${c.plan.number ? `Số ${c.plan.number} · ` : ''}${c.plan.issuer} · ${periodLabel(c)} · Hạn nộp: ${c.period.dueOn ? formatDayVi(c.period.dueOn) : '—'}`,
  ]);
  s.addRow([]);
  s.addRow(XLSX_HEAD).font = { bold: true };
  const firstRow = 5;
  const summaryRow = new Map<IndicatorResult, number>();
  for (const i of indicators) {
    const growth = INDICATOR_KIND[i.indicator] === 'growth';
    const r = s.addRow([
      i.descriptionVi,
      INDICATOR_NAMES_VI[i.indicator] ?? i.indicator,
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
      i.growth?.currentValue ?? null,
      i.growth?.requiredValue ?? null,
    ]);
    summaryRow.set(i, r.number);
    const own = isRate(i) ? PCT : COUNT;
    for (const col of [4, 5, 6]) r.getCell(col).numFmt = own;
    for (const col of [10, 11]) r.getCell(col).numFmt = growth ? COUNT : own;
    for (const col of [12, 13, 16]) r.getCell(col).numFmt = PCT;
    for (const col of [14, 15, 17, 18]) r.getCell(col).numFmt = COUNT;
  }
  s.columns.forEach((col, n) => (col.width = n === 0 ? 48 : n === 1 ? 36 : 16));
  const rates = indicators.filter(isRate);
  if (rates.length) {
    const last = firstRow + rates.length - 1;
    charts.push({
      sheet: SUMMARY,
      type: 'column',
      title: `Mục tiêu và kết quả kỳ ${c.period.key} (tỷ lệ, tăng bình quân/năm)`,
      categories: { sheet: SUMMARY, ref: `A${firstRow}:A${last}` },
      categoryCache: rates.map((i) => i.descriptionVi),
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
  ts.addRow([
    'Năm',
    ...indicators.map((i) => i.descriptionVi),
    null,
    ...charted.map((i) => `${i.descriptionVi} — mục tiêu`),
  ]).font = {
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
      title: i.descriptionVi,
      categories: { sheet: SERIES, ref: `A2:A${lastYearRow}` },
      categoryCache: years,
      series: [
        {
          name: i.descriptionVi,
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

  const described = new Map(c.indicators.map((i) => [i.key, i]));
  const dd = wb.addWorksheet('Theo đơn vị');
  dd.addRow(['Đơn vị', 'Chỉ tiêu', 'Giá trị', 'Tình trạng', 'Đã báo cáo', 'Dự kiến', 'Tỷ lệ báo cáo']).font = {
    bold: true,
  };
  for (const u of c.drillDown)
    for (const i of u.indicators) {
      const full = described.get(i.key);
      const r = dd.addRow([
        u.name ?? UNNAMED,
        full?.descriptionVi ?? i.key,
        i.value,
        STATUS_VI[i.status] ?? i.status,
        i.coverage.reported,
        i.coverage.expected,
        i.coverage.share,
      ]);
      r.getCell(3).numFmt = full && !isRate(full) ? COUNT : PCT;
      r.getCell(7).numFmt = PCT;
    }
  dd.getColumn(1).width = 36;
  dd.getColumn(2).width = 48;

  // Evidence: one column per figure the rules read, named in Vietnamese (never a code or raw JSON).
  const ev = wb.addWorksheet('Minh chứng');
  const figureKeys = [...new Set(indicators.flatMap((i) => (i.evidence ?? []).flatMap((e) => Object.keys(e.figures))))];
  ev.addRow(['Chỉ tiêu', 'Cơ sở', 'Đã báo cáo', 'Đạt tiêu chí', ...figureKeys.map(figureName)]).font = { bold: true };
  for (const i of indicators)
    for (const e of i.evidence ?? []) {
      const r = ev.addRow([
        i.descriptionVi,
        e.name,
        e.reported ? 'có' : 'không (chưa báo cáo)',
        e.satisfied === null ? '' : e.satisfied ? 'có' : 'không',
        ...figureKeys.map((k) => e.figures[k] ?? null),
      ]);
      figureKeys.forEach((_, n) => (r.getCell(5 + n).numFmt = COUNT));
    }
  ev.getColumn(1).width = 48;
  ev.getColumn(2).width = 36;

  const names = scopeNames(c);
  const rs = wb.addWorksheet('Điều chỉnh số liệu');
  rs.addRow(['Đơn vị/cơ sở', 'Kỳ', 'Số liệu', 'Số cũ', 'Số mới', 'Thời điểm (giờ Việt Nam)']).font = { bold: true };
  for (const r of c.restatements) {
    const row = rs.addRow([
      names.get(r.scopeId) ?? UNNAMED,
      grainLabel(r.grain, r.periodStart),
      figureName(r.kind),
      r.oldValue,
      r.newValue,
      formatDateTimeVi(r.restatedAt),
    ]);
    row.getCell(4).numFmt = COUNT;
    row.getCell(5).numFmt = COUNT;
  }
  rs.getColumn(1).width = 36;
  rs.getColumn(3).width = 36;
  return addCharts(Buffer.from(await wb.xlsx.writeBuffer()), charts);
}

// The documents helper's fonts draw Vietnamese; text is put in NFC (precomposed letters), as NFD input would otherwise
// print loose accents.
const fold = (s: string) => s.normalize('NFC');

const pctLabel = (v: number) => formatPercentVi(v);
const countLabel = (v: number) => formatNumberVi(v);
const hex = (c: string) => `#${c}`;

/** The summary chart: each rate indicator's target (lower bound) beside its value for the period. */
export function summaryChart(c: ReportContent): PdfChart | null {
  const rates = c.indicators.filter(isRate);
  if (!rates.length) return null;
  return {
    type: 'column',
    title: `Mục tiêu và kết quả kỳ ${c.period.key} (tỷ lệ, tăng bình quân/năm)`,
    categories: rates.map((i) => i.descriptionVi),
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
      title: i.descriptionVi,
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
 * Printable PDF (A4 landscape) fit for submission: the official header (motto, issuing body, place and date in Vietnam
 * time), the title, the chart of targets against values, one block per indicator (target, result, the value required
 * to be on track, status, institutions reported, trend), the time-series charts three to a row, restatements, and the
 * signatures. Blocks move to the next page whole, so no page is left with a line or two.
 */
export function reportPdf(c: ReportContent): Promise<Buffer> {
  const doc = createDocumentPdf({ title: c.plan.title, layout: 'landscape', margin: 42 });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  drawOfficialHeader(doc, reportHeader(c));
  const title = reportTitle(c);
  drawDocumentTitle(doc, title.title, title.subtitle);
  doc.fontSize(9);
  if (c.plan.source) doc.text(fold(`Căn cứ: ${c.plan.source}.`), left, doc.y, { width });
  doc.text(fold(`Đơn vị báo cáo: ${c.jurisdiction.name ?? c.plan.issuer}. ${timesLine(c)}`), left, doc.y, { width });
  doc.moveDown();
  const summary = summaryChart(c);
  if (summary) {
    ensureRoom(doc, 210);
    const box: Box = { x: left, y: doc.y, w: width, h: 200 };
    drawChart(doc, box, summary, fold);
    doc.x = left;
    doc.y = box.y + box.h + 12;
  }
  for (const i of c.indicators) {
    ensureRoom(doc, 48);
    const growth = INDICATOR_KIND[i.indicator] === 'growth';
    doc
      .fontSize(10)
      .text(fold(`${i.descriptionVi} (${INDICATOR_NAMES_VI[i.indicator] ?? i.indicator})`), left, doc.y, { width });
    doc
      .fontSize(9)
      .text(
        fold(
          `Mục tiêu ${i.targetYear}: ${target(i)} · Giá trị: ${fmt(i.indicator, i.value) || 'chưa có số liệu'} · ${STATUS_VI[i.status]} · ` +
            `Đã báo cáo ${i.coverage.reported}/${i.coverage.expected} cơ sở (${pct(i.coverage.share) || '—'})` +
            (growth && i.growth
              ? ` · Năm ${c.period.year}: ${num(i.growth.currentValue) || '—'}, cần đạt để đúng lộ trình ${num(i.growth.requiredValue) || '—'}`
              : '') +
            (i.growth
              ? ` · So với năm trước ${pct(i.growth.yearOnYear) || '—'} · Cùng cơ sở ${pct(i.growth.likeForLike.growth) || '—'}`
              : ''),
        ),
        { width },
      );
    const series = i.series
      .map((p) => `${p.year}: ${p.value === null ? '—' : growth ? num(p.value) : fmt(i.indicator, p.value)}`)
      .join('  ');
    doc.fillColor('#555').text(fold(series), { width });
    if (i.undeterminedBecause) doc.text(fold(i.undeterminedBecause.vi), { width });
    doc.fillColor('black');
    doc.moveDown(0.5);
  }
  // Time series, rows of three charts; a row goes to the next page whole.
  const charts = seriesCharts(c);
  const gap = 12;
  const cellW = (width - 2 * gap) / 3;
  const cellH = 190;
  let rowTop = doc.y;
  charts.forEach((chart, n) => {
    if (n === 0) {
      ensureRoom(doc, 22 + cellH);
      doc
        .fontSize(11)
        .text(fold(`Chuỗi thời gian theo chỉ tiêu (${c.plan.baseYear}–${c.period.year})`), left, doc.y, { width });
      doc.moveDown(0.3);
      rowTop = doc.y;
    } else if (n % 3 === 0) {
      doc.y = rowTop + cellH + gap;
      ensureRoom(doc, cellH);
      rowTop = doc.y;
    }
    drawChart(doc, { x: left + (n % 3) * (cellW + gap), y: rowTop, w: cellW, h: cellH }, chart, fold);
  });
  if (charts.length) {
    doc.x = left;
    doc.y = rowTop + cellH + gap;
  }
  if (c.restatements.length) {
    const names = scopeNames(c);
    // The restatements and the signatures go to the next page together when they do not fit (never the signatures alone).
    ensureRoom(doc, 40 + 13 * c.restatements.length + signatureBlockHeight(reportSignatures(c)));
    doc.fontSize(11).text(fold('Điều chỉnh số liệu kỳ đã khóa sổ'), left, doc.y, { width });
    for (const r of c.restatements)
      doc
        .fontSize(9)
        .text(
          fold(
            `${names.get(r.scopeId) ?? UNNAMED} · ${grainLabel(r.grain, r.periodStart)} · ${figureName(r.kind)}: ` +
              `${r.oldValue === null ? '—' : num(r.oldValue)} → ${r.newValue === null ? '—' : num(r.newValue)} (${formatDateTimeVi(r.restatedAt)})`,
          ),
          { width },
        );
  }
  drawSignatureBlock(doc, reportSignatures(c));
  return pdfBuffer(doc);
}
