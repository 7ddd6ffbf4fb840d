import { CatalogueErrors } from '../catalogue.errors.js';
import type { DigitalKind } from '../catalogue.types.js';

const MB = 1024 * 1024;

/** What each kind of file may be, and how large. DAISY talking books arrive as a zip of MP3s and SMIL. */
export const UPLOAD_RULES: Record<DigitalKind | 'cover', { mediaTypes: readonly string[]; maxBytes: number }> = {
  cover: { mediaTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  ebook: { mediaTypes: ['application/epub+zip', 'application/pdf'], maxBytes: 200 * MB },
  audiobook: { mediaTypes: ['audio/mpeg', 'audio/mp4', 'application/zip'], maxBytes: 1024 * MB },
  video: { mediaTypes: ['video/mp4', 'video/webm'], maxBytes: 4096 * MB },
  heritage_document: { mediaTypes: ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'], maxBytes: 500 * MB },
};

/** File name extension per accepted media type. */
export const EXTENSION: Record<string, string> = {
  'application/epub+zip': 'epub',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
};

/** Common aliases clients send for the same types. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4b': 'audio/mp4',
  'application/x-zip-compressed': 'application/zip',
};

/** The normalised media type of an upload, or `catalogue/unsupported_file_type` (415) when this kind does not take it. */
export function acceptedMediaType(kind: DigitalKind | 'cover', contentType: string | undefined): string {
  const raw = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const mediaType = ALIASES[raw] ?? raw;
  const rule = UPLOAD_RULES[kind];
  if (!rule.mediaTypes.includes(mediaType)) {
    throw CatalogueErrors.unsupportedFileType({
      mediaType: raw || '(none)',
      what: kind,
      allowed: rule.mediaTypes.join(', '),
    });
  }
  return mediaType;
}

const startsWith = (head: Buffer, bytes: number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Magic numbers: does the start of the file look like the declared type? (A renamed .exe is not a PDF.) */
export function looksLike(mediaType: string, head: Buffer): boolean {
  switch (mediaType) {
    case 'application/pdf':
      return head.subarray(0, 1024).includes('%PDF-');
    case 'application/epub+zip':
    case 'application/zip':
      return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
    case 'audio/mpeg':
      return startsWith(head, ascii('ID3')) || (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0);
    case 'audio/mp4':
    case 'video/mp4':
      return startsWith(head, ascii('ftyp'), 4);
    case 'video/webm':
      return startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]);
    case 'image/jpeg':
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case 'image/png':
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/tiff':
      return startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]);
    default:
      return false;
  }
}
