import type { Request } from 'express';

/** Declared Content-Length of a request, if it sent one. */
export function contentLength(req: Request): number | undefined {
  const v = req.headers['content-length'];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Read a raw request body into memory, failing with `tooLarge()` past `max` bytes (declared or actual). */
export async function readRawBody(req: Request, max: number, tooLarge: () => Error): Promise<Buffer> {
  // Already read by the API's raw-upload parser (so that Idempotency-Key covers the bytes).
  if (Buffer.isBuffer(req.body)) {
    if (req.body.length > max) throw tooLarge();
    return req.body;
  }
  const declared = contentLength(req);
  if (declared !== undefined && declared > max) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** RFC 6266 Content-Disposition with a UTF-8 file name (Vietnamese names survive). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'file';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
