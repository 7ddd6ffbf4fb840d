import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { assertSafeKey, type FileStorage, type OpenedFile, type PutOptions, type StoredFile } from './file-storage.js';
import { inspectingStream } from './inspect.js';

/**
 * The few object-store calls the adapter needs. An S3 PUT is atomic (the object appears whole or not at all), so an
 * upload that fails half-way leaves the previous object in place; the client must abort the multipart upload when
 * `body` errors.
 */
export interface S3ObjectClient {
  putObject(input: { key: string; body: Readable }): Promise<void>;
  /** undefined when there is no such object (NoSuchKey / 404). */
  getObject(key: string): Promise<{ body: Readable; contentLength: number } | undefined>;
  deleteObject(key: string): Promise<void>;
}

/** Storage on an S3-compatible object store (MinIO, Viettel/VNPT/FPT cloud object storage, AWS S3) under an optional key prefix. */
export class S3CompatibleStorage implements FileStorage {
  constructor(
    private readonly client: S3ObjectClient,
    private readonly prefix = '',
  ) {}

  async put(key: string, body: Readable, options: PutOptions): Promise<StoredFile> {
    assertSafeKey(key);
    const hash = createHash('sha256');
    const inspect = inspectingStream(options, hash);
    body.on('error', (err) => inspect.destroy(err));
    body.pipe(inspect);
    try {
      await this.client.putObject({ key: this.prefix + key, body: inspect });
    } catch (err) {
      body.unpipe(inspect);
      body.resume();
      // The inspecting stream's own error (too large, wrong content) is the one the caller must see.
      throw inspect.errored ?? err;
    }
    return { sizeBytes: inspect.bytes, sha256: hash.digest('hex') };
  }

  async open(key: string): Promise<OpenedFile | undefined> {
    assertSafeKey(key);
    const got = await this.client.getObject(this.prefix + key);
    return got && { stream: got.body, sizeBytes: got.contentLength };
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.deleteObject(this.prefix + key);
  }
}
