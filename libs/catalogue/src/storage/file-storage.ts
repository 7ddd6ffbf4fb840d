import type { Readable } from 'node:stream';

/** Injection token of the storage port. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

export interface PutOptions {
  /** Refuse (and keep nothing) past this many bytes. */
  maxBytes: number;
  /** The error thrown when the body is larger than `maxBytes`. */
  onTooLarge: () => Error;
  /** Called once with the first bytes (up to 64) before anything is kept; throw to refuse the file. */
  check?: (head: Buffer) => void;
}

export interface StoredFile {
  sizeBytes: number;
  /** Hex SHA-256 of the bytes kept. */
  sha256: string;
}

export interface OpenedFile {
  stream: Readable;
  sizeBytes: number;
}

/**
 * Where the electronic library's files live: covers, e-books, audiobooks, videos, digitised documents.
 * Keys are relative paths such as `digital/ab/<uuid>.pdf`. A put either keeps the whole file under the key or
 * nothing: a refused or interrupted upload never leaves a partial file behind and never replaces the old one.
 */
export interface FileStorage {
  put(key: string, body: Readable, options: PutOptions): Promise<StoredFile>;
  /** The file, or undefined when nothing is kept under the key. */
  open(key: string): Promise<OpenedFile | undefined>;
  /** Remove the file; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** How many leading bytes a `check` sees. */
export const HEAD_BYTES = 64;

/** Keys are made by the service, never by a caller; this guards against a bug turning one into a path escape. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9_-]+(\/[A-Za-z0-9_.-]+)+$/.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`Unsafe storage key: ${key}`);
  }
}
