/**
 * Charts drawn into a pdfkit document with vector primitives (lines, rectangles, text): the PDF counterpart of the
 * native charts of the XLSX export (report-charts.ts). A missing figure (null) is a gap in a line and an empty slot
 * marked "—" among columns; it is never drawn as zero.
 */

export interface PdfChartSeries {
  name: string;
  /** One value per category; null = no data. */
  values: (number | null)[];
  /** `#RRGGBB`. */
  color: string;
  /** Dashed line (targets, paths), line charts only. */
  dashed?: boolean;
}

export interface PdfChart {
  type: 'line' | 'column';
  title: string;
  categories: string[];
  series: PdfChartSeries[];
  /** Formats a value for the axis and the column labels (e.g. as a percentage). */
  format: (v: number) => string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Runs of consecutive non-null values, as index lists: `[1, null, 2, 3]` → `[[0], [2, 3]]`. Each run is one stroke. */
export function segments(values: (number | null)[]): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length) out.push(run);
  return out;
}

/** A value axis with round steps (1, 2, 2.5, 5 × 10ⁿ) that includes zero and every value. */
export function niceScale(values: number[], ticks = 4): { min: number; max: number; step: number } {
  const lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((f) => raw / mag <= f) ?? 10) * mag;
  const round = (v: number) => Number(v.toPrecision(12)); // 3 × 0.2 is 0.6000000000000001 in binary
  return {
    min: round(Math.floor(lo / step + 1e-9) * step),
    max: round(Math.ceil(hi / step - 1e-9) * step),
    step: round(step),
  };
}

const GRID = '#d9d9d9';
const AXIS = '#808080';
const TEXT = '#404040';

/**
 * Draw a chart inside `box`. `label` turns any text into what the document's font can print (e.g. folding
 * Vietnamese to ASCII when no Unicode font is available). Leaves the document's cursor where it was.
 */
export function drawChart(
  doc: PDFKit.PDFDocument,
  box: Box,
  chart: PdfChart,
  label: (s: string) => string = (s) => s,
): void {
  const { x: cursorX, y: cursorY } = doc;
  const put = (
    s: string,
    x: number,
    y: number,
    size: number,
    align: 'left' | 'center' | 'right' = 'left',
    color = TEXT,
    maxWidth = box.w,
  ) => {
    doc.fontSize(size).fillColor(color);
    let t = label(s);
    if (doc.widthOfString(t) > maxWidth) {
      while (t.length > 1 && doc.widthOfString(`${t}…`) > maxWidth) t = t.slice(0, -1);
      t = `${t}…`;
    }
    const w = doc.widthOfString(t);
    // Explicit positions without a width: pdfkit then never wraps nor breaks the page.
    doc.text(t, align === 'center' ? x - w / 2 : align === 'right' ? x - w : x, y, { lineBreak: false });
  };

  doc.save();
  doc.lineWidth(0.5).strokeColor(GRID).rect(box.x, box.y, box.w, box.h).stroke();
  put(chart.title, box.x + box.w / 2, box.y + 4, 8.5, 'center', 'black', box.w - 8);

  const values = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const legendH = 12;
  const plot = { x: box.x + 44, y: box.y + 20, w: box.w - 54, h: box.h - 20 - 16 - legendH - 4 };
  if (!values.length) {
    put('Chưa có số liệu', box.x + box.w / 2, plot.y + plot.h / 2, 8, 'center', AXIS);
    doc.restore();
    doc.x = cursorX;
    doc.y = cursorY;
    return;
  }
  const scale = niceScale(values);
  const yOf = (v: number) => plot.y + plot.h - ((v - scale.min) / (scale.max - scale.min)) * plot.h;

  // Gridlines and value labels.
  for (let k = 0; k <= Math.round((scale.max - scale.min) / scale.step); k++) {
    const v = scale.min + k * scale.step;
    const y = yOf(v);
    doc
      .lineWidth(0.4)
      .strokeColor(GRID)
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.w, y)
      .stroke();
    put(chart.format(v), plot.x - 3, y - 3, 6, 'right', AXIS, 40);
  }
  // Axes: the category axis sits at zero.
  doc.lineWidth(0.8).strokeColor(AXIS);
  doc
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .stroke();
  doc
    .moveTo(plot.x, yOf(0))
    .lineTo(plot.x + plot.w, yOf(0))
    .stroke();

  const n = chart.categories.length;
  const band = plot.w / Math.max(1, n);
  const cx = (i: number) => plot.x + band * (i + 0.5);
  chart.categories.forEach((c, i) => put(c, cx(i), plot.y + plot.h + 3, 6, 'center', TEXT, band - 2));

  if (chart.type === 'line') {
    // Dashed reference lines first, so a value that sits on its target stays visible on top.
    for (const s of [...chart.series].sort((a, b) => Number(!!b.dashed) - Number(!!a.dashed))) {
      doc.lineWidth(1.4).strokeColor(s.color);
      if (s.dashed) doc.dash(3, { space: 2 });
      for (const run of segments(s.values)) {
        doc.moveTo(cx(run[0]!), yOf(s.values[run[0]!]!));
        for (const i of run.slice(1)) doc.lineTo(cx(i), yOf(s.values[i]!));
        doc.stroke();
      }
      doc.undash();
      // A marker on every point, so a value between two gaps is still visible.
      if (!s.dashed)
        for (const run of segments(s.values))
          for (const i of run) doc.circle(cx(i), yOf(s.values[i]!), 1.8).fill(s.color);
    }
    // Say so when a measured series has no figure at all: an empty plot must not read as zero.
    const empty = chart.series.filter((s) => !s.dashed && !segments(s.values).length);
    if (empty.length)
      put(
        `${empty.map((s) => s.name).join(', ')}: chưa có số liệu`,
        plot.x + plot.w / 2,
        plot.y + plot.h / 2,
        7,
        'center',
        AXIS,
        plot.w,
      );
  } else {
    const group = band * 0.75;
    const barW = group / Math.max(1, chart.series.length);
    chart.series.forEach((s, k) => {
      s.values.forEach((v, i) => {
        const x = cx(i) - group / 2 + k * barW;
        if (v === null || !Number.isFinite(v)) {
          put('—', x + barW / 2, yOf(0) - 8, 6, 'center', AXIS, barW + 4);
          return;
        }
        const top = Math.min(yOf(v), yOf(0));
        doc.rect(x + 0.5, top, barW - 1, Math.max(0.01, Math.abs(yOf(v) - yOf(0)))).fill(s.color);
        put(chart.format(v), x + barW / 2, top - 7, 5.5, 'center', TEXT, barW + 6);
      });
    });
  }

  // Legend along the bottom.
  let lx = box.x + 8;
  const ly = box.y + box.h - legendH;
  for (const s of chart.series) {
    if (chart.type === 'line') {
      doc.lineWidth(1.4).strokeColor(s.color);
      if (s.dashed) doc.dash(3, { space: 2 });
      doc
        .moveTo(lx, ly + 3)
        .lineTo(lx + 12, ly + 3)
        .stroke();
      doc.undash();
    } else doc.rect(lx, ly, 8, 6).fill(s.color);
    doc.fontSize(6.5);
    const name = label(s.name);
    put(s.name, lx + 15, ly, 6.5, 'left', TEXT, box.w / chart.series.length - 20);
    lx += 15 + Math.min(doc.widthOfString(name), box.w / chart.series.length - 20) + 12;
  }
  doc.restore();
  doc.fillColor('black');
  doc.x = cursorX;
  doc.y = cursorY;
}
