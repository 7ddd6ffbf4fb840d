import JSZip from 'jszip';
import { escapeMarkup } from '@suotdoi/platform';

/**
 * Native Excel charts (DrawingML) added to an XLSX written by exceljs, which cannot write charts itself.
 *
 * A chart in an OOXML package is four things, all added here to the zip that exceljs produced:
 *   1. the chart part `xl/charts/chartN.xml`: type, series and the formulas of the cell ranges they plot (plus a
 *      cache of the values, shown by readers that do not recalculate);
 *   2. a drawing part `xl/drawings/drawingN.xml` that anchors the chart to cells of a sheet, with a relationship
 *      (`xl/drawings/_rels/drawingN.xml.rels`) to the chart;
 *   3. the sheet's `<drawing r:id>` element and its relationship (`xl/worksheets/_rels/sheetN.xml.rels`) to the drawing;
 *   4. content-type overrides in `[Content_Types].xml` for the new chart and drawing parts.
 * A sheet has at most one drawing: when it already has one (an image added with exceljs), the charts are anchored
 * in that drawing instead of a new one. New parts take the next free number, so existing parts are never overwritten.
 *
 * The package files are small and machine-written (by exceljs and then by this module), so they are read with
 * narrow regular expressions rather than a full XML parser.
 */

/** Cells of one sheet, as an A1 reference (`B2:B9` or `B1`). */
export interface SheetRange {
  sheet: string;
  ref: string;
}

export interface ChartSeries {
  /** Series name (shown in the legend); taken from `nameCell` when given, so a renamed header renames the series. */
  name: string;
  nameCell?: SheetRange;
  values: SheetRange;
  /** The values as written, one per category; null is a missing figure, drawn as a gap (never as zero). */
  cache: (number | null)[];
  /** Line or fill colour, `RRGGBB`. */
  color: string;
  /** Line charts: a dashed line without markers (a target or reference line). */
  dashed?: boolean;
}

export interface ChartSpec {
  /** Sheet the chart is drawn on (its data may live on another sheet). */
  sheet: string;
  type: 'line' | 'column';
  title: string;
  categories: SheetRange;
  categoryCache: (string | number)[];
  series: ChartSeries[];
  /** Excel number format of the value axis, e.g. `0%` or `#,##0`. */
  valueFormat: string;
  /** Position in cells, zero-based: top-left column and row, then width and height in cells. */
  anchor: { col: number; row: number; cols: number; rows: number };
}

const NS = {
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
};
const REL_TYPE = { drawing: `${NS.rel}/drawing`, chart: `${NS.rel}/chart`, worksheet: `${NS.rel}/worksheet` };
const CONTENT_TYPE = {
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
};
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const xmlUnescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

/**
 * Absolute formula of a range: `'Chuỗi thời gian'!$B$2:$B$9`. The sheet name is always quoted (valid in Excel and
 * LibreOffice for any name, and required for names with spaces, diacritics or punctuation); a quote inside it is doubled.
 */
export function rangeFormula(r: SheetRange): string {
  const abs = r.ref
    .split(':')
    .map((cell) => {
      const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(cell.toUpperCase());
      if (!m) throw new Error(`not an A1 cell reference: ${cell}`);
      return `$${m[1]}$${m[2]}`;
    })
    .join(':');
  return `'${r.sheet.replace(/'/g, "''")}'!${abs}`;
}

/** A1 column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlUnescape(m[1]!) : undefined;
};
const relationships = (xml: string) =>
  [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
    id: attr(m[0], 'Id')!,
    type: attr(m[0], 'Type')!,
    target: attr(m[0], 'Target')!,
  }));
const nextRelId = (xml: string) =>
  `rId${Math.max(0, ...relationships(xml).map((r) => Number(/^rId(\d+)$/.exec(r.id)?.[1] ?? 0))) + 1}`;
const addRelationship = (xml: string | undefined, id: string, type: string, target: string) =>
  (xml ?? `${XML_HEAD}<Relationships xmlns="${NS.pkgRel}"></Relationships>`).replace(
    '</Relationships>',
    `<Relationship Id="${id}" Type="${type}" Target="${escapeMarkup(target)}"/></Relationships>`,
  );

/** Resolve a relationship target (relative to the source part's folder) to a package path without leading slash. */
const resolvePath = (fromPart: string, target: string): string => {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
};
const relsPathOf = (part: string) => {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
};
const nextPartNumber = (zip: JSZip, folder: string, stem: string) =>
  Math.max(
    0,
    ...Object.keys(zip.files).map((f) => Number(new RegExp(`^${folder}/${stem}(\\d+)\\.xml$`).exec(f)?.[1] ?? 0)),
  ) + 1;

// Worksheet children that must come after <drawing> (ECMA-376 CT_Worksheet order); Excel rejects a misplaced one.
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];
const insertDrawingElement = (sheetXml: string, relId: string): string => {
  const el = `<drawing r:id="${relId}"/>`;
  let xml = sheetXml;
  // The r: prefix must be declared on the root (exceljs does; be safe for other writers).
  if (!/<worksheet\b[^>]*\sxmlns:r=/.test(xml)) xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.rel}"`);
  for (const name of AFTER_DRAWING) {
    const at = xml.search(new RegExp(`<${name}[\\s/>]`));
    if (at >= 0) return xml.slice(0, at) + el + xml.slice(at);
  }
  return xml.replace('</worksheet>', `${el}</worksheet>`);
};

const PALETTE_TEXT = '404040';
const richText = (text: string, size: number, bold: boolean) =>
  `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="vi-VN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${escapeMarkup(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
const axisText = `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:solidFill><a:srgbClr val="${PALETTE_TEXT}"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>`;
const gridLines =
  '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>';

const numCache = (values: (number | null)[], format: string) =>
  `<c:numCache><c:formatCode>${escapeMarkup(format)}</c:formatCode><c:ptCount val="${values.length}"/>` +
  // Missing figures are left out of the cache: a point without a value, which the chart shows as a gap.
  values.map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('') +
  '</c:numCache>';
const categoryRef = (spec: ChartSpec) =>
  spec.categoryCache.every((c) => typeof c === 'number')
    ? `<c:cat><c:numRef><c:f>${escapeMarkup(rangeFormula(spec.categories))}</c:f>${numCache(spec.categoryCache as number[], 'General')}</c:numRef></c:cat>`
    : `<c:cat><c:strRef><c:f>${escapeMarkup(rangeFormula(spec.categories))}</c:f><c:strCache><c:ptCount val="${spec.categoryCache.length}"/>${spec.categoryCache
        .map((c, i) => `<c:pt idx="${i}"><c:v>${escapeMarkup(String(c))}</c:v></c:pt>`)
        .join('')}</c:strCache></c:strRef></c:cat>`;
const seriesName = (s: ChartSeries) =>
  s.nameCell
    ? `<c:tx><c:strRef><c:f>${escapeMarkup(rangeFormula(s.nameCell))}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${escapeMarkup(s.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>`
    : `<c:tx><c:v>${escapeMarkup(s.name)}</c:v></c:tx>`;

/** The chart part (`c:chartSpace`) for one spec. Element order follows the ECMA-376 schema, which Excel enforces. */
export function chartXml(spec: ChartSpec): string {
  if (spec.series.some((s) => s.cache.length !== spec.categoryCache.length))
    throw new Error(`chart "${spec.title}": every series needs one cached value per category`);
  const [catAx, valAx] = [500000001, 500000002];
  const series = spec.series
    .map((s, i) => {
      const head = `<c:idx val="${i}"/><c:order val="${i}"/>${seriesName(s)}`;
      const data = `${categoryRef(spec)}<c:val><c:numRef><c:f>${escapeMarkup(rangeFormula(s.values))}</c:f>${numCache(s.cache, spec.valueFormat)}</c:numRef></c:val>`;
      return spec.type === 'line'
        ? `<c:ser>${head}<c:spPr><a:ln w="${s.dashed ? 19050 : 28575}" cap="rnd"><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill>${s.dashed ? '<a:prstDash val="dash"/>' : ''}<a:round/></a:ln></c:spPr>` +
            (s.dashed
              ? '<c:marker><c:symbol val="none"/></c:marker>'
              : `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></a:ln></c:spPr></c:marker>`) +
            `${data}<c:smooth val="0"/></c:ser>`
        : `<c:ser>${head}<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>${data}</c:ser>`;
    })
    .join('');
  const plot =
    spec.type === 'line'
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/><c:axId val="${catAx}"/><c:axId val="${valAx}"/></c:lineChart>`
      : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/><c:axId val="${catAx}"/><c:axId val="${valAx}"/></c:barChart>`;
  const axisLine = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>';
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS.chart}" xmlns:a="${NS.a}" xmlns:r="${NS.rel}">` +
    '<c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title>${richText(spec.title, 1200, true)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${plot}` +
    `<c:catAx><c:axId val="${catAx}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${axisLine}${axisText}` +
    `<c:crossAx val="${valAx}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${valAx}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>${gridLines}` +
    `<c:numFmt formatCode="${escapeMarkup(spec.valueFormat)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisLine}${axisText}` +
    `<c:crossAx val="${catAx}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea>' +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${axisText}</c:legend><c:plotVisOnly val="1"/>` +
    // Empty cells (missing figures) are gaps in the line, never zero.
    '<c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>' +
    '</c:chartSpace>'
  );
}

/** One `xdr:twoCellAnchor` holding a chart frame; `shapeId` must be unique within its drawing. */
function anchorXml(spec: ChartSpec, shapeId: number, chartRelId: string): string {
  const { col, row, cols, rows } = spec.anchor;
  const cell = (tag: string, c: number, r: number) =>
    `<xdr:${tag}><xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor>${cell('from', col, row)}${cell('to', col + cols, row + rows)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="${escapeMarkup(`Biểu đồ ${shapeId}`)}" descr="${escapeMarkup(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS.chart}"><c:chart xmlns:c="${NS.chart}" xmlns:r="${NS.rel}" r:id="${chartRelId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

/** Package path of each sheet by name, from the workbook part and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = relationships((await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '');
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const rel = rels.find((r) => r.id === attr(m[0], 'r:id') && r.type === REL_TYPE.worksheet);
    if (rel) out.set(attr(m[0], 'name')!, resolvePath('xl/workbook.xml', rel.target));
  }
  return out;
}

/** Add the charts to an XLSX package and return the new package. Charts referring to an unknown sheet are an error. */
export async function addCharts(xlsx: Buffer | Uint8Array, charts: ChartSpec[]): Promise<Buffer> {
  if (!charts.length) return Buffer.from(xlsx);
  const zip = await JSZip.loadAsync(xlsx);
  const sheets = await sheetParts(zip);
  let types = await zip.file('[Content_Types].xml')!.async('string');
  const override = (part: string, type: string) => {
    if (!types.includes(`PartName="/${part}"`))
      types = types.replace('</Types>', `<Override PartName="/${part}" ContentType="${type}"/></Types>`);
  };

  const bySheet = new Map<string, ChartSpec[]>();
  for (const c of charts) {
    for (const r of [c.categories, ...c.series.flatMap((s) => [s.values, ...(s.nameCell ? [s.nameCell] : [])])]) {
      if (!sheets.has(r.sheet)) throw new Error(`chart "${c.title}" refers to a sheet that does not exist: ${r.sheet}`);
    }
    bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);
  }

  for (const [sheet, specs] of bySheet) {
    const sheetPart = sheets.get(sheet);
    if (!sheetPart) throw new Error(`no sheet named ${sheet}`);
    const sheetRelsPart = relsPathOf(sheetPart);
    let sheetRels = await zip.file(sheetRelsPart)?.async('string');
    const existing = relationships(sheetRels ?? '').find((r) => r.type === REL_TYPE.drawing);

    // Reuse the sheet's drawing (e.g. exceljs images) or create the next free drawingN.xml.
    let drawingPart: string;
    let drawingXml: string;
    if (existing) {
      drawingPart = resolvePath(sheetPart, existing.target);
      // An empty drawing may be written self-closed; open it so anchors can be appended.
      drawingXml = (await zip.file(drawingPart)!.async('string')).replace(
        /<xdr:wsDr\b([^>]*)\/>/,
        '<xdr:wsDr$1></xdr:wsDr>',
      );
    } else {
      drawingPart = `xl/drawings/drawing${nextPartNumber(zip, 'xl/drawings', 'drawing')}.xml`;
      drawingXml = `${XML_HEAD}<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}"></xdr:wsDr>`;
      const relId = nextRelId(sheetRels ?? '');
      sheetRels = addRelationship(sheetRels, relId, REL_TYPE.drawing, `../drawings/${drawingPart.split('/').pop()}`);
      zip.file(sheetRelsPart, sheetRels);
      zip.file(sheetPart, insertDrawingElement(await zip.file(sheetPart)!.async('string'), relId));
    }
    const drawingRelsPart = relsPathOf(drawingPart);
    let drawingRels = await zip.file(drawingRelsPart)?.async('string');
    let shapeId = Math.max(1, ...[...drawingXml.matchAll(/<xdr:cNvPr\b[^>]*\sid="(\d+)"/g)].map((m) => Number(m[1])));

    const anchors: string[] = [];
    for (const spec of specs) {
      const chartPart = `xl/charts/chart${nextPartNumber(zip, 'xl/charts', 'chart')}.xml`;
      zip.file(chartPart, chartXml(spec));
      override(chartPart, CONTENT_TYPE.chart);
      const relId = nextRelId(drawingRels ?? '');
      drawingRels = addRelationship(drawingRels, relId, REL_TYPE.chart, `../charts/${chartPart.split('/').pop()}`);
      anchors.push(anchorXml(spec, ++shapeId, relId));
    }
    zip.file(drawingPart, drawingXml.replace('</xdr:wsDr>', `${anchors.join('')}</xdr:wsDr>`));
    zip.file(drawingRelsPart, drawingRels!);
    override(drawingPart, CONTENT_TYPE.drawing);
  }
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
