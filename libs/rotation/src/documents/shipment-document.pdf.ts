import {
  createDocumentPdf,
  drawDocumentTitle,
  drawOfficialHeader,
  drawSignatureBlock,
  ensureRoom,
  formatNumberVi,
  pdfBuffer,
} from '@suotdoi/platform';
import type { DocumentTable, ShipmentDocument } from './shipment-document.js';

const ROW_PAD = 3;

function drawTable(doc: PDFKit.PDFDocument, t: DocumentTable): void {
  const x0 = doc.page.margins.left;
  const width = doc.page.width - x0 - doc.page.margins.right;
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => (w / total) * width);
  const line = (cells: (string | number | null)[], bold: boolean) => {
    doc.font(bold ? 'SANS_BOLD' : 'SANS').fontSize(8.5);
    const texts = cells.map((c) => (c === null ? '' : String(c)));
    const height =
      Math.max(...texts.map((s, i) => doc.heightOfString(s || ' ', { width: widths[i]! - 2 * ROW_PAD }))) + 2 * ROW_PAD;
    return { texts, height };
  };
  const draw = (cells: { texts: string[]; height: number }, bold: boolean) => {
    const top = doc.y;
    let x = x0;
    doc.font(bold ? 'SANS_BOLD' : 'SANS').fontSize(8.5);
    cells.texts.forEach((s, i) => {
      doc.rect(x, top, widths[i]!, cells.height).lineWidth(0.4).stroke();
      doc.text(s, x + ROW_PAD, top + ROW_PAD, { width: widths[i]! - 2 * ROW_PAD });
      x += widths[i]!;
    });
    doc.x = x0;
    doc.y = top + cells.height;
  };
  const head = line(t.columns, true);
  doc.font('SANS_BOLD').fontSize(10);
  ensureRoom(doc, 20 + head.height * 2);
  doc.text(`${t.heading} (${formatNumberVi(t.rows.length, { unit: 'bản' })})`, x0, doc.y, { width });
  doc.moveDown(0.3);
  draw(head, true);
  for (const r of t.rows) {
    const cells = line(r, false);
    // A page break repeats the header row, so every page of a 5,000-copy list reads on its own.
    if (ensureRoom(doc, cells.height)) draw(head, true);
    draw(cells, false);
  }
  doc.moveDown(1);
}

/** The manifest or receipt report as a printable A4 PDF in Vietnamese: official header, facts, totals, lists, signatures. */
export async function shipmentDocumentPdf(d: ShipmentDocument): Promise<Buffer> {
  const doc = createDocumentPdf({ title: d.title });
  drawOfficialHeader(doc, { issuingBody: d.issuer, number: d.number, place: d.place || 'Việt Nam', date: d.date });
  drawDocumentTitle(doc, d.title, d.kind === 'manifest' ? `Bộ sách: ${d.facts[0]![1]}` : undefined);
  const x0 = doc.page.margins.left;
  const width = doc.page.width - x0 - doc.page.margins.right;
  doc.font('SANS').fontSize(10);
  for (const [k, v] of d.facts) {
    doc.font('SANS_BOLD').text(`${k}: `, x0, doc.y, { continued: true, width });
    doc.font('SANS').text(v);
  }
  doc.moveDown(0.6);
  for (const [k, v] of d.totals) {
    doc.font('SANS').text(`${k}: `, x0, doc.y, { continued: true, width });
    doc.font('SANS_BOLD').text(formatNumberVi(v));
  }
  doc.moveDown(1);
  for (const t of d.tables) drawTable(doc, t);
  drawSignatureBlock(doc, {
    left: { authority: d.signatures[0]!.party, title: d.signatures[0]!.title },
    right: { authority: d.signatures[1]!.party, title: d.signatures[1]!.title },
  });
  return pdfBuffer(doc);
}
