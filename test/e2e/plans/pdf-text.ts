import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading for the export tests (pdfkit output only): the decoded content streams, the page count,
 * and the text drawn with the embedded font, mapped back to Unicode through its ToUnicode CMap.
 */
export function readPdf(pdf: Buffer): { pages: number; streams: string[]; text: string } {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(bytes).toString('latin1'));
    } catch {
      streams.push(bytes.toString('latin1'));
    }
  }
  // pdfkit writes one bfrange per 256 glyphs: <start> <end> [<utf16> <utf16> …].
  const glyphs = new Map<number, string>();
  for (const s of streams.filter((x) => x.includes('beginbfrange'))) {
    for (const r of s.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      [...r[2]!.matchAll(/<([0-9a-f ]+)>/gi)].forEach((e, k) => {
        glyphs.set(parseInt(r[1]!, 16) + k, String.fromCharCode(...e[1]!.split(' ').map((h) => parseInt(h, 16))));
      });
    }
  }
  const text = streams
    .flatMap((s) => [...s.matchAll(/\[([^\]]*)\] TJ/g)])
    .map((tj) =>
      [...tj[1]!.matchAll(/<([0-9a-f]*)>/gi)]
        .map((h) => (h[1]!.match(/.{4}/g) ?? []).map((g) => glyphs.get(parseInt(g, 16)) ?? '?').join(''))
        .join(''),
    )
    .join('\n');
  return { pages: (raw.match(/\/Type \/Page\b/g) ?? []).length, streams, text };
}
