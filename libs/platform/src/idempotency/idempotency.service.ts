import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PlatformErrors } from '../errors/platform.errors.js';

export type IdempotencyStart = { kind: 'proceed' } | { kind: 'replay'; status: number; body: unknown };

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** Stable JSON: object keys sorted, so {a,b} and {b,a} hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** Stores the first response to a POST under (caller, Idempotency-Key) and replays it for repeats. */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** What a repeat must match: method, URL and body (the bytes themselves for a raw upload, e.g. a MARC file). */
  requestHash(method: string, path: string, body: unknown): string {
    const hash = createHash('sha256').update(`${method} ${path}\n`);
    return (Buffer.isBuffer(body) ? hash.update('raw:').update(body) : hash.update(canonicalJson(body ?? null))).digest(
      'hex',
    );
  }

  async begin(scope: string, key: string, hash: string, method: string, path: string): Promise<IdempotencyStart> {
    if (!KEY_FORMAT.test(key)) throw PlatformErrors.idempotencyKeyInvalid();
    for (let i = 0; i < 3; i++) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO platform.idempotency_keys (scope, key, request_hash, method, path, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, hash, method, path, this.config.IDEMPOTENCY_TTL_HOURS],
      );
      if (inserted.length) return { kind: 'proceed' };
      const [row]: {
        request_hash: string;
        state: string;
        response_status: number;
        response_body: unknown;
        expired: boolean;
      }[] = await this.dataSource.query(
        `SELECT request_hash, state, response_status, response_body, expires_at <= now() AS expired
         FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      if (!row) continue; // released concurrently; try to claim again
      if (row.expired) {
        await this.dataSource.query(
          `DELETE FROM platform.idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at <= now()`,
          [scope, key],
        );
        continue;
      }
      if (row.request_hash !== hash) throw PlatformErrors.idempotencyKeyMismatch();
      if (row.state === 'in_progress') throw PlatformErrors.idempotencyInProgress();
      return { kind: 'replay', status: row.response_status, body: row.response_body };
    }
    throw PlatformErrors.idempotencyInProgress();
  }

  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE platform.idempotency_keys SET state = 'completed', response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** The request failed: forget the key so the client may retry with it. */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM platform.idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_progress'`,
      [scope, key],
    );
  }

  async purgeExpired(): Promise<number> {
    const res: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM platform.idempotency_keys WHERE expires_at <= now()`,
    );
    return res[1];
  }
}
