import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { officialDateLine } from './vietnamese-format.js';

/**
 * Official Vietnamese documents (reports, manifests, slips, receipts) as PDF and XLSX.
 *
 * How to use it:
 * ```ts
 * const doc = createDocumentPdf({ title: 'Biên bản luân chuyển' });           // fonts that draw Vietnamese
 * drawOfficialHeader(doc, { parentBody: 'UBND tỉnh Quảng Trị', issuingBody: 'Thư viện tỉnh Quảng Trị',
 *   number: '12/BB-TV', place: 'Quảng Trị', date: clock.now() });           // motto, body, number, place and date
 * drawDocumentTitle(doc, 'BIÊN BẢN', 'Bàn giao tài liệu luân chuyển');
 * doc.text(`Tổng cộng: ${formatNumberVi(12000, { unit: 'bản' })}`);         // "12.000 bản"; formatMoneyVi → "12.000 đồng"
 * drawSignatureBlock(doc, { left: { title: 'Bên nhận' }, right: { title: 'Bên giao', name: 'Nguyễn Thị Đào' } });
 * const pdf = await pdfBuffer(doc);                                          // ends the document
 * ```
 * Fonts come from the `dejavu-fonts-ttf` package (no system font needed, also in the Docker image): `SANS` and
 * `SANS_BOLD` for text, `SERIF*` for the header. Text given to `doc.text` is put in NFC first (the fonts have the
 * precomposed letters; NFD input would print loose accents). For XLSX, `addOfficialHeaderRows` and
 * `addSignatureRows` write the same blocks into a worksheet; cell number formats are in `XLSX_NUMBER_FORMATS`.
 * Times in documents are Vietnam time (`formatDateTimeVi`, `officialDateLine`). Render documents in an on-demand
 * task, never inside a request or a transaction.
 */

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** The TrueType files registered in every document, by the name used with `doc.font(name)`. */
export const DOCUMENT_FONTS = {
  SANS: join(fontDir, 'DejaVuSans.ttf'),
  SANS_BOLD: join(fontDir, 'DejaVuSans-Bold.ttf'),
  SANS_ITALIC: join(fontDir, 'DejaVuSans-Oblique.ttf'),
  SERIF: join(fontDir, 'DejaVuSerif.ttf'),
  SERIF_BOLD: join(fontDir, 'DejaVuSerif-Bold.ttf'),
  SERIF_ITALIC: join(fontDir, 'DejaVuSerif-Italic.ttf'),
} as const;
export type DocumentFont = keyof typeof DOCUMENT_FONTS;

/** Cell formats for figures in worksheets (the reader's spreadsheet shows them with Vietnamese separators). */
export const XLSX_NUMBER_FORMATS = {
  count: '#,##0',
  decimal: '#,##0.0',
  money: '#,##0 "đồng"',
  percent: '0.0%',
} as const;

export interface DocumentPdfOptions {
  title: string;
  size?: 'A4' | 'A5' | [number, number];
  layout?: 'portrait' | 'landscape';
  /** Points; default 56 (about 2 cm). */
  margin?: number;
}

/** A pdfkit document with the Vietnamese fonts registered, `SANS` selected, and every `text()` string put in NFC. */
export function createDocumentPdf(options: DocumentPdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: options.size ?? 'A4',
    layout: options.layout ?? 'portrait',
    margin: options.margin ?? 56,
    bufferPages: true,
    info: { Title: options.title.normalize('NFC'), Producer: 'Suốt Đời' },
  });
  for (const [name, file] of Object.entries(DOCUMENT_FONTS)) doc.registerFont(name, file);
  doc.font('SANS');
  const text = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  doc.text = ((value: unknown, ...rest: unknown[]) =>
    text(typeof value === 'string' ? value.normalize('NFC') : value, ...rest)) as typeof doc.text;
  return doc;
}

/** Ends the document and resolves with its bytes. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Starts a new page when fewer than `height` points are left on this one; answers whether it did. */
export function ensureRoom(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= doc.page.height - doc.page.margins.bottom) return false;
  doc.addPage();
  return true;
}

/** The header of an administrative document (Decree 30/2020/NĐ-CP): the issuing body on the left, the motto on the right. */
export interface OfficialHeader {
  /** The body the issuer reports to, e.g. "UBND tỉnh Quảng Trị"; written in capitals above the issuer. */
  parentBody?: string;
  /** The issuing body, e.g. "Sở Văn hóa, Thể thao và Du lịch"; in bold capitals. */
  issuingBody: string;
  /** The document's number and symbol, e.g. "12/BC-SVHTTDL"; "Số: …" (left blank for filling in when absent). */
  number?: string | null;
  /** The place name of the date line, e.g. "Quảng Trị". */
  place: string;
  /** The signing date: an instant (taken in Vietnam time) or a calendar day YYYY-MM-DD. */
  date: Date | string;
}

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');

/** The lines of the header, left and right column, as the PDF and the worksheet write them. */
export function officialHeaderLines(h: OfficialHeader): { left: string[]; right: string[] } {
  return {
    left: [...(h.parentBody ? [upper(h.parentBody)] : []), upper(h.issuingBody), `Số: ${h.number ?? '……'}`],
    right: [NATIONAL_TITLE, NATIONAL_MOTTO, officialDateLine(h.place, h.date)],
  };
}

function centredRule(doc: PDFKit.PDFDocument, x: number, w: number, y: number, length: number) {
  const from = x + (w - length) / 2;
  doc
    .moveTo(from, y)
    .lineTo(from + length, y)
    .lineWidth(0.6)
    .stroke();
}

/** Draws the header at the top of the current page (left column 40 %, right 60 %) and moves below it. */
export function drawOfficialHeader(doc: PDFKit.PDFDocument, h: OfficialHeader): void {
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  const leftW = width * 0.4;
  const rightX = x + leftW;
  const rightW = width - leftW;
  const top = doc.y;
  const lines = officialHeaderLines(h);
  const centred = { align: 'center' as const };

  let y = top;
  if (h.parentBody) {
    doc
      .font('SERIF')
      .fontSize(11)
      .text(lines.left[0]!, x, y, { ...centred, width: leftW });
    y = doc.y;
  }
  doc
    .font('SERIF_BOLD')
    .fontSize(11)
    .text(upper(h.issuingBody), x, y, { ...centred, width: leftW });
  const issuerWidth = Math.min(leftW * 0.5, doc.widthOfString(upper(h.issuingBody)) * 0.5);
  centredRule(doc, x, leftW, doc.y + 1, issuerWidth);
  doc
    .font('SERIF')
    .fontSize(11)
    .text(lines.left.at(-1)!, x, doc.y + 6, { ...centred, width: leftW });
  const leftBottom = doc.y;

  doc
    .font('SERIF_BOLD')
    .fontSize(11)
    .text(NATIONAL_TITLE, rightX, top, { ...centred, width: rightW });
  doc
    .font('SERIF_BOLD')
    .fontSize(12)
    .text(NATIONAL_MOTTO, rightX, doc.y, { ...centred, width: rightW });
  centredRule(doc, rightX, rightW, doc.y + 1, doc.widthOfString(NATIONAL_MOTTO));
  doc
    .font('SERIF_ITALIC')
    .fontSize(11)
    .text(lines.right[2]!, rightX, doc.y + 6, { ...centred, width: rightW });

  doc.font('SANS').fontSize(10);
  doc.x = x;
  doc.y = Math.max(leftBottom, doc.y) + 18;
}

/** The document's name in bold capitals, centred, with an optional line beneath ("Về …", the period). */
export function drawDocumentTitle(doc: PDFKit.PDFDocument, title: string, subtitle?: string): void {
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  doc.font('SERIF_BOLD').fontSize(13).text(upper(title), x, doc.y, { align: 'center', width });
  if (subtitle) doc.font('SERIF_BOLD').fontSize(11).text(subtitle, x, doc.y, { align: 'center', width });
  doc.font('SANS').fontSize(10);
  doc.x = x;
  doc.moveDown(1);
}

/** One side of a signature block. */
export interface Signer {
  /** "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN" and the like, above the title (optional). */
  authority?: string;
  /** The signer's position or party, e.g. "Giám đốc", "Bên giao", "Người nộp tiền"; written in capitals. */
  title: string;
  /** Under the title in italics; default "(Ký, ghi rõ họ tên)". */
  note?: string;
  /** Printed under the room left for the signature; blank for filling in by hand when absent. */
  name?: string | null;
}

export interface SignatureBlock {
  /** A second signer on the left (two-party documents: handovers, receipts). */
  left?: Signer;
  /** Recipients ("Nơi nhận:") on the left instead of a second signer, as reports to a higher body have. */
  recipients?: string[];
  right: Signer;
}

const SIGN_SPACE = 60;

function signerLines(s: Signer): { text: string; font: DocumentFont; size: number }[] {
  return [
    ...(s.authority ? [{ text: upper(s.authority), font: 'SERIF_BOLD' as const, size: 11 }] : []),
    { text: upper(s.title), font: 'SERIF_BOLD', size: 11 },
    { text: s.note ?? '(Ký, ghi rõ họ tên)', font: 'SERIF_ITALIC', size: 10 },
  ];
}

function drawSigner(doc: PDFKit.PDFDocument, s: Signer, x: number, w: number, top: number): number {
  let y = top;
  for (const line of signerLines(s)) {
    doc.font(line.font).fontSize(line.size).text(line.text, x, y, { align: 'center', width: w });
    y = doc.y;
  }
  y += SIGN_SPACE;
  if (s.name) {
    doc.font('SERIF_BOLD').fontSize(11).text(s.name, x, y, { align: 'center', width: w });
    y = doc.y;
  }
  return y;
}

/** Height the signature block needs, so that it is never split from its signers (nor left alone on a page). */
export function signatureBlockHeight(block: SignatureBlock): number {
  const signer = (s: Signer) => signerLines(s).length * 15 + SIGN_SPACE + (s.name ? 15 : 0);
  return Math.max(
    signer(block.right),
    block.left ? signer(block.left) : 0,
    block.recipients ? (block.recipients.length + 1) * 13 : 0,
  );
}

/** Draws the signatures (one or two sides) below the content, on a new page only when the block does not fit. */
export function drawSignatureBlock(doc: PDFKit.PDFDocument, block: SignatureBlock): void {
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  doc.moveDown(1);
  ensureRoom(doc, signatureBlockHeight(block));
  const top = doc.y;
  const half = width / 2;
  let leftBottom = top;
  if (block.left) leftBottom = drawSigner(doc, block.left, x, half, top);
  else if (block.recipients) {
    doc.font('SERIF_BOLD').fontSize(10).text('Nơi nhận:', x, top, { width: half });
    for (const r of block.recipients) doc.font('SERIF').fontSize(9).text(`- ${r}`, x, doc.y, { width: half });
    leftBottom = doc.y;
  }
  const rightBottom = drawSigner(doc, block.right, x + half, half, top);
  doc.font('SANS').fontSize(10);
  doc.x = x;
  doc.y = Math.max(leftBottom, rightBottom) + 6;
}

/**
 * Writes the header and the title into the first rows of a worksheet spread over `columns` columns (left block in
 * the first 40 % of them, the motto in the rest) and answers the next free row number.
 */
export function addOfficialHeaderRows(
  sheet: ExcelJS.Worksheet,
  h: OfficialHeader,
  columns: number,
  title?: { title: string; subtitle?: string },
): number {
  const lines = officialHeaderLines(h);
  const split = Math.max(1, Math.min(columns - 1, Math.round(columns * 0.4)));
  const rows = Math.max(lines.left.length, lines.right.length);
  const centre = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  for (let n = 0; n < rows; n++) {
    const r = n + 1;
    const left = lines.left[n];
    const right = lines.right[n];
    if (left !== undefined) {
      if (split > 1) sheet.mergeCells(r, 1, r, split);
      const cell = sheet.getCell(r, 1);
      cell.value = left;
      cell.alignment = centre;
      cell.font = { bold: n === lines.left.length - 2 };
    }
    if (right !== undefined) {
      if (columns > split + 1) sheet.mergeCells(r, split + 1, r, columns);
      const cell = sheet.getCell(r, split + 1);
      cell.value = right;
      cell.alignment = centre;
      cell.font = n === 2 ? { italic: true } : { bold: true, underline: n === 1 };
    }
  }
  let next = rows + 2;
  if (title) {
    for (const [text, size] of [
      [upper(title.title), 13],
      [title.subtitle, 11],
    ] as const) {
      if (!text) continue;
      if (columns > 1) sheet.mergeCells(next, 1, next, columns);
      const cell = sheet.getCell(next, 1);
      cell.value = text;
      cell.alignment = centre;
      cell.font = { bold: true, size };
      next++;
    }
    next++;
  }
  return next;
}

/** Writes the signature block from row `from` (after a blank row) across `columns` columns; answers the next free row. */
export function addSignatureRows(
  sheet: ExcelJS.Worksheet,
  block: SignatureBlock,
  columns: number,
  from: number,
): number {
  const half = Math.max(1, Math.floor(columns / 2));
  const centre = { horizontal: 'center', vertical: 'middle' } as const;
  const side = (lines: { text: string; bold?: boolean; italic?: boolean }[], first: number, last: number) => {
    lines.forEach((line, n) => {
      const r = from + 1 + n;
      if (last > first) sheet.mergeCells(r, first, r, last);
      const cell = sheet.getCell(r, first);
      cell.value = line.text;
      cell.alignment = centre;
      cell.font = { bold: line.bold, italic: line.italic };
    });
    return lines.length;
  };
  const signer = (s: Signer) => [
    ...(s.authority ? [{ text: upper(s.authority), bold: true }] : []),
    { text: upper(s.title), bold: true },
    { text: s.note ?? '(Ký, ghi rõ họ tên)', italic: true },
    { text: '' },
    { text: '' },
    { text: '' },
    ...(s.name ? [{ text: s.name, bold: true }] : []),
  ];
  let height = 0;
  if (block.left) height = side(signer(block.left), 1, half);
  else if (block.recipients)
    height = side([{ text: 'Nơi nhận:', bold: true }, ...block.recipients.map((r) => ({ text: `- ${r}` }))], 1, half);
  height = Math.max(height, side(signer(block.right), half + 1, Math.max(columns, half + 1)));
  return from + 1 + height + 1;
}
