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
  // Objects by number (decoded streams), to follow each font resource (/F1 …) to its ToUnicode CMap.
  const objects = new Map<string, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*(<<[\s\S]*?>>)\s*(stream\r?\n)?/g)) {
    let stream: string | null = null;
    if (m[3]) {
      const start = m.index! + m[0].length;
      const bytes = pdf.subarray(start, raw.indexOf('endstream', start));
      try {
        stream = inflateSync(bytes).toString('latin1');
      } catch {
        stream = bytes.toString('latin1');
      }
    }
    objects.set(m[1]!, { dict: m[2]!, stream });
  }
  // pdfkit writes one bfrange per 256 glyphs: <start> <end> [<utf16> <utf16> …].
  const cmap = (s: string) => {
    const glyphs = new Map<number, string>();
    for (const r of s.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      [...r[2]!.matchAll(/<([0-9a-f ]+)>/gi)].forEach((e, k) => {
        glyphs.set(parseInt(r[1]!, 16) + k, String.fromCharCode(...e[1]!.split(' ').map((h) => parseInt(h, 16))));
      });
    }
    return glyphs;
  };
  const fonts = new Map<string, Map<number, string>>();
  for (const m of raw.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(m[2]!)?.dict ?? '')?.[1];
    const stream = toUnicode ? objects.get(toUnicode)?.stream : null;
    if (stream && !fonts.has(m[1]!)) fonts.set(m[1]!, cmap(stream));
  }
  // Text runs in drawing order, each decoded with the font selected before it (`/F2 9 Tf`).
  const runs: string[] = [];
  for (const s of streams) {
    let font = new Map<number, string>();
    for (const op of s.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map();
      else
        runs.push(
          [...op[2]!.matchAll(/<([0-9a-f]*)>/gi)]
            .map((h) => (h[1]!.match(/.{4}/g) ?? []).map((g) => font.get(parseInt(g, 16)) ?? '?').join(''))
            .join(''),
        );
    }
  }
  const text = runs.join('\n');
  return { pages: (raw.match(/\/Type \/Page\b/g) ?? []).length, streams, text };
}
