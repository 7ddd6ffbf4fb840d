import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '@suotdoi/platform';
import type { FileStorage, PutOptions } from './file-storage.js';
import { fileStorageFor } from './file-storage.factory.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { looksLike } from './media-types.js';
import { S3CompatibleStorage, type S3ObjectClient } from './s3-compatible.storage.js';

/**
 * One contract for every storage adapter. The object store is outside the system, so the S3 adapter runs here
 * against an in-memory S3ObjectClient that behaves like S3: a PUT is atomic and an upload whose body fails keeps
 * nothing.
 */
class MemoryS3 implements S3ObjectClient {
  readonly objects = new Map<string, Buffer>();
  async putObject(input: { key: string; body: Readable }): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of input.body) chunks.push(c as Buffer);
    this.objects.set(input.key, Buffer.concat(chunks));
  }
  async getObject(key: string) {
    const b = this.objects.get(key);
    return b && { body: Readable.from([b]), contentLength: b.length };
  }
  async deleteObject(key: string): Promise<void> {
    this.objects.delete(key);
  }
}

const TooLarge = class extends Error {};
const Mismatch = class extends Error {};
const pdfOptions = (maxBytes = 1024 * 1024): PutOptions => ({
  maxBytes,
  onTooLarge: () => new TooLarge('too large'),
  check: (head) => {
    if (!looksLike('application/pdf', head)) throw new Mismatch('not a pdf');
  },
});
// A PDF in small chunks, the way a request body arrives.
const pdf = (extra: number) =>
  Buffer.concat([
    Buffer.from('%PDF-1.7\n% Truyện Kiều — Nguyễn Du\n'),
    Buffer.alloc(extra, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);
const chunked = (b: Buffer, size = 7) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));
const read = async (s: FileStorage, key: string) => {
  const f = await s.open(key);
  if (!f) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of f.stream) chunks.push(c as Buffer);
  return { bytes: Buffer.concat(chunks), sizeBytes: f.sizeBytes };
};

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const adapters: [string, () => Promise<{ storage: FileStorage; leftovers: () => Promise<number> }>][] = [
  [
    'local disk',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'suotdoi-storage-'));
      dirs.push(dir);
      const count = async (d: string): Promise<number> => {
        const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
        let n = 0;
        for (const e of entries) n += e.isDirectory() ? await count(join(d, e.name)) : 1;
        return n;
      };
      return { storage: new LocalDiskStorage(dir), leftovers: () => count(dir) };
    },
  ],
  [
    'S3-compatible',
    async () => {
      const s3 = new MemoryS3();
      return { storage: new S3CompatibleStorage(s3, 'suotdoi/'), leftovers: async () => s3.objects.size };
    },
  ],
];

describe.each(adapters)('file storage contract: %s', (_name, make) => {
  it('keeps the bytes, their size and SHA-256, and serves them back', async () => {
    const { storage } = await make();
    const body = pdf(5000);
    const stored = await storage.put('digital/ab/kieu.pdf', chunked(body), pdfOptions());
    expect(stored).toEqual({ sizeBytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    const got = await read(storage, 'digital/ab/kieu.pdf');
    expect(got?.sizeBytes).toBe(body.length);
    expect(Buffer.compare(got!.bytes, body)).toBe(0);
  });

  it('checks a file shorter than the inspected head as a whole', async () => {
    const { storage } = await make();
    const tiny = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect((await storage.put('digital/ab/tiny.pdf', chunked(tiny, 3), pdfOptions())).sizeBytes).toBe(tiny.length);
  });

  it('refuses an oversized body, keeps nothing new and leaves the previous file in place', async () => {
    const { storage, leftovers } = await make();
    const first = pdf(100);
    await storage.put('covers/ab/x.pdf', chunked(first), pdfOptions());
    await expect(storage.put('covers/ab/x.pdf', chunked(pdf(4000), 512), pdfOptions(2000))).rejects.toBeInstanceOf(
      TooLarge,
    );
    expect(Buffer.compare((await read(storage, 'covers/ab/x.pdf'))!.bytes, first)).toBe(0);
    await expect(storage.put('covers/ab/y.pdf', chunked(pdf(4000), 512), pdfOptions(2000))).rejects.toBeInstanceOf(
      TooLarge,
    );
    expect(await storage.open('covers/ab/y.pdf')).toBeUndefined();
    expect(await leftovers()).toBe(1);
  });

  it('refuses content that fails the check before keeping any of it', async () => {
    const { storage, leftovers } = await make();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(300)]);
    await expect(storage.put('digital/cd/fake.pdf', chunked(exe), pdfOptions())).rejects.toBeInstanceOf(Mismatch);
    expect(await storage.open('digital/cd/fake.pdf')).toBeUndefined();
    expect(await leftovers()).toBe(0);
  });

  it('deletes, and treats a missing key as nothing to do', async () => {
    const { storage } = await make();
    await storage.put('digital/ef/a.pdf', chunked(pdf(10)), pdfOptions());
    await storage.delete('digital/ef/a.pdf');
    await storage.delete('digital/ef/a.pdf');
    expect(await storage.open('digital/ef/a.pdf')).toBeUndefined();
  });

  it('refuses keys that could escape the storage root', async () => {
    const { storage } = await make();
    for (const key of ['../etc/passwd', 'digital/../../x.pdf', '/abs/x.pdf', 'digital/./x.pdf', 'x']) {
      await expect(storage.open(key)).rejects.toThrow(/Unsafe storage key/);
    }
  });
});

describe('file storage choice', () => {
  it('uses the local disk by default and S3 when S3_BUCKET is set', () => {
    expect(fileStorageFor(loadConfig({}))).toBeInstanceOf(LocalDiskStorage);
    expect(
      fileStorageFor(
        loadConfig({ S3_BUCKET: 'thu-vien-so', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_PREFIX: 'suotdoi/' }),
      ),
    ).toBeInstanceOf(S3CompatibleStorage);
    expect(() => loadConfig({ S3_BUCKET: 'Thư Viện', S3_PREFIX: 'no-slash' })).toThrow(
      /S3_BUCKET.*\n?.*S3_PREFIX|S3_PREFIX.*S3_BUCKET/s,
    );
  });
});
