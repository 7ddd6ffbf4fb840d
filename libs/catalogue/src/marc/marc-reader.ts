import { ISO2709, MARCXML } from '@natlibfi/marc-record-serializers';
import type { MarcRecord } from '@natlibfi/marc-record';

export type MarcFormat = 'iso2709' | 'marcxml';

/** One record of an upload: parsed, or the reason it could not be. Positions count from 1 in file order. */
export type ReadResult = { position: number; record: MarcRecord } | { position: number; error: string };

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;

/**
 * Split a binary ISO 2709 file into records and parse each with the MARC library. Each record is checked against
 * its own leader (length, base address, directory) first, so one damaged record is reported and the rest are read.
 */
export function readIso2709(buf: Buffer): ReadResult[] {
  const out: ReadResult[] = [];
  let start = 0;
  let position = 0;
  while (start < buf.length) {
    // Skip line breaks some tools put between records.
    while (start < buf.length && (buf[start] === 0x0a || buf[start] === 0x0d)) start++;
    if (start >= buf.length) break;
    let end = buf.indexOf(RECORD_TERMINATOR, start);
    if (end === -1) end = buf.length - 1;
    const raw = buf.subarray(start, end + 1);
    start = end + 1;
    position++;
    const problem = checkIso2709(raw);
    if (problem) {
      out.push({ position, error: problem });
      continue;
    }
    try {
      const record = ISO2709.from(raw.toString('utf8'), { subfieldValues: false, fields: false });
      out.push({ position, record });
    } catch (e) {
      out.push({ position, error: `unreadable record: ${(e as Error).message}` });
    }
  }
  return out;
}

function checkIso2709(raw: Buffer): string | undefined {
  if (raw.length < 25) return `record too short (${raw.length} bytes)`;
  const leader = raw.subarray(0, 24).toString('latin1');
  if (!/^\d{5}/.test(leader)) return 'leader positions 0-4 (record length) are not digits';
  const declared = Number(leader.slice(0, 5));
  if (declared !== raw.length) return `leader says ${declared} bytes but the record has ${raw.length}`;
  if (!/^\d{5}$/.test(leader.slice(12, 17))) return 'leader positions 12-16 (base address) are not digits';
  const base = Number(leader.slice(12, 17));
  if (base >= raw.length || raw[base - 1] !== FIELD_TERMINATOR)
    return `base address ${base} does not follow the directory`;
  const dirLen = base - 1 - 24;
  if (dirLen % 12 !== 0) return 'directory length is not a multiple of 12';
  const dir = raw.subarray(24, base - 1).toString('latin1');
  for (let i = 0; i < dir.length; i += 12) {
    const e = dir.slice(i, i + 12);
    if (!/^[0-9A-Za-z]{3}\d{9}$/.test(e)) return `directory entry ${i / 12 + 1} is malformed`;
    const len = Number(e.slice(3, 7));
    const at = Number(e.slice(7, 12));
    if (base + at + len > raw.length) return `field ${e.slice(0, 3)} runs past the end of the record`;
  }
  if (leader.charAt(9) !== 'a')
    return 'leader position 9 is not "a": only UTF-8 (Unicode) MARC is accepted, not MARC-8';
  return undefined;
}

/** Split a MARCXML document (a collection or a single record, any namespace prefix) and parse each record. */
export async function readMarcXml(text: string): Promise<ReadResult[]> {
  const out: ReadResult[] = [];
  const re = /<(?:([A-Za-z_][\w.-]*):)?record(?:\s[^>]*)?>[\s\S]*?<\/(?:\1:)?record\s*>/g;
  let position = 0;
  for (const m of text.matchAll(re)) {
    position++;
    const prefix = m[1];
    let xml = m[0];
    if (prefix) xml = xml.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
    if (!/^<record[^>]*xmlns=/.test(xml))
      xml = xml.replace(/^<record/, '<record xmlns="http://www.loc.gov/MARC21/slim"');
    try {
      const record = await MARCXML.from(xml, { subfieldValues: false, fields: false });
      if (!record.leader) throw new Error('no <leader>');
      out.push({ position, record });
    } catch (e) {
      out.push({ position, error: `unreadable MARCXML record: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return out;
}

/** Guess the format from the first bytes when the Content-Type does not say. */
export function sniffMarc(buf: Buffer): MarcFormat | undefined {
  const head = buf
    .subarray(0, 200)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) return 'marcxml';
  if (/^\d{5}[a-z ]{5}\d\d\d{5}/.test(head.slice(0, 17))) return 'iso2709';
  return undefined;
}
