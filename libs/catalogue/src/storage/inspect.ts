import type { Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { HEAD_BYTES, type PutOptions } from './file-storage.js';

/**
 * A pass-through that counts and hashes the bytes, hands the first `HEAD_BYTES` to `options.check` before any
 * byte goes on, and fails with `options.onTooLarge()` as soon as the body passes `options.maxBytes`.
 * Shared by every storage adapter so that all of them refuse the same files the same way.
 */
export function inspectingStream(options: PutOptions, hash: Hash): Transform & { bytes: number } {
  let head: Buffer | null = Buffer.alloc(0);
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        stream.bytes += chunk.length;
        if (stream.bytes > options.maxBytes) return done(options.onTooLarge());
        hash.update(chunk);
        if (head === null) return done(null, chunk);
        head = Buffer.concat([head, chunk]);
        if (head.length < HEAD_BYTES) return done();
        const held = head;
        head = null;
        options.check?.(held.subarray(0, HEAD_BYTES));
        done(null, held);
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (head !== null && head.length > 0) {
          options.check?.(head);
          this.push(head);
        }
        head = null;
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  }) as Transform & { bytes: number };
  stream.bytes = 0;
  return stream;
}
