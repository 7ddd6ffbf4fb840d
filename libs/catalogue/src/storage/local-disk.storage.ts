import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { assertSafeKey, type FileStorage, type OpenedFile, type PutOptions, type StoredFile } from './file-storage.js';
import { inspectingStream } from './inspect.js';
import { PlatformErrors } from '@suotdoi/platform';

/** The file system is out of space or quota: the upload is refused as such (507), not as an internal error. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The default storage adapter: files under one directory (`STORAGE_DIR`), written to a temporary name and renamed into place. */
export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<StoredFile> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true }).catch(fullAsStorageFull);
    const temp = `${target}.${randomUUID()}.part`;
    const hash = createHash('sha256');
    const inspect: Transform = inspectingStream(options, hash);
    try {
      await pipeline(body, inspect, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
    } catch (err) {
      body.resume();
      await rm(temp, { force: true });
      fullAsStorageFull(err);
    }
    return { sizeBytes: (inspect as Transform & { bytes: number }).bytes, sha256: hash.digest('hex') };
  }

  async open(key: string): Promise<OpenedFile | undefined> {
    const path = this.path(key);
    try {
      const s = await stat(path);
      if (!s.isFile()) return undefined;
      return { stream: createReadStream(path), sizeBytes: s.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    assertSafeKey(key);
    const p = join(this.root, key);
    if (!p.startsWith(this.root + '/')) throw new Error(`Unsafe storage key: ${key}`);
    return p;
  }
}

/** Rethrow, as `platform/storage_full` when the disk is full (nothing of the file is left: the caller removed it). */
function fullAsStorageFull(err: unknown): never {
  if (FULL.has((err as NodeJS.ErrnoException).code ?? '')) throw PlatformErrors.storageFull();
  throw err;
}
