import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of a PDF as Mozilla's PDF.js reads it (every font, each run of text on its own line), with its page count.
 * Documents draw in several fonts (the serif header, sans text, bold), so reading glyphs needs each font's own map.
 */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) lines.push(item.str + (item.hasEOL ? '\n' : ''));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: lines.join('').normalize('NFC') };
}
