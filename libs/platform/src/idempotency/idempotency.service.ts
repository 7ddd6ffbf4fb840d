import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PlatformErrors } from '../errors/platform.errors.js';

/** A stored response: status, the headers that matter, and the body exactly as it was sent (JSON text). */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export type IdempotencyStart =
  { kind: 'proceed'; claim: IdempotencyClaim } | { kind: 'replay'; response: StoredResponse };

/** A request's hold on a key: only its owner may renew, complete or release it. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  owner: string;
}

/** Response headers a replay repeats (a 202's `Location`, a download's type and name). */
export const REPLAYED_HEADERS = ['location', 'content-type', 'content-disposition', 'retry-after'] as const;

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The key of the request whose handler is running in this async context (set by the interceptor). */
const current = new AsyncLocalStorage<IdempotencyClaim>();

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

/**
 * Writes `committed_at` on the key of the request being served, inside the request's own transaction, just before a
 * COMMIT that writes something: after a crash, a key with `committed_at` was carried out (never run again), a key
 * without it was not (it may run again). Runs only while an idempotent request's handler runs; read-only transactions
 * (no transaction id assigned) leave the key alone.
 */
class IdempotencyCommitSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(e: TransactionCommitEvent): Promise<void> {
    const claim = current.getStore();
    const runner = e.queryRunner as QueryRunner & { transactionDepth?: number };
    if (!claim || (runner.transactionDepth ?? 1) > 1) return; // not an idempotent request, or a savepoint
    await runner.query(
      `UPDATE platform.idempotency_keys SET committed_at = coalesce(committed_at, now())
       WHERE scope = $1 AND key = $2 AND owner = $3 AND pg_current_xact_id_if_assigned() IS NOT NULL`,
      [claim.scope, claim.key, claim.owner],
    );
  }
}

/**
 * Stores the first response to a POST under (caller, Idempotency-Key) and replays it for repeats. A key being served
 * is a lease renewed while its request runs, so a key whose request died with its process is free again after
 * `IDEMPOTENCY_LEASE_SECONDS` — unless the request's transaction committed, which `committed_at` says.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((s) => s instanceof IdempotencyCommitSubscriber))
      this.dataSource.subscribers.push(new IdempotencyCommitSubscriber());
  }

  /** What a repeat must match: method, URL and body (the bytes themselves for a raw upload, e.g. a MARC file). */
  requestHash(method: string, path: string, body: unknown): string {
    const hash = createHash('sha256').update(`${method} ${path}\n`);
    return (Buffer.isBuffer(body) ? hash.update('raw:').update(body) : hash.update(canonicalJson(body ?? null))).digest(
      'hex',
    );
  }

  /** Run the request's handler with its claim known to the transactions it starts. */
  runAs<T>(claim: IdempotencyClaim, fn: () => T): T {
    return current.run(claim, fn);
  }

  async begin(scope: string, key: string, hash: string, method: string, path: string): Promise<IdempotencyStart> {
    if (!KEY_FORMAT.test(key)) throw PlatformErrors.idempotencyKeyInvalid();
    const owner = randomUUID();
    for (let i = 0; i < 3; i++) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO platform.idempotency_keys (scope, key, request_hash, method, path, owner, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, hash, method, path, owner, this.config.IDEMPOTENCY_LEASE_SECONDS],
      );
      if (inserted.length) return { kind: 'proceed', claim: { scope, key, owner } };
      const [row]: {
        request_hash: string;
        state: string;
        response_status: number;
        response_body: unknown;
        response_text: string | null;
        response_headers: Record<string, string>;
        committed: boolean;
        expired: boolean;
      }[] = await this.dataSource.query(
        `SELECT request_hash, state, response_status, response_body, response_text, response_headers,
                committed_at IS NOT NULL AS committed, expires_at <= now() AS expired
         FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      if (!row) continue; // released concurrently; try to claim again
      if (row.request_hash !== hash && !row.expired) throw PlatformErrors.idempotencyKeyMismatch();
      if (row.state === 'completed' && !row.expired)
        return {
          kind: 'replay',
          response: {
            status: row.response_status,
            headers: row.response_headers,
            text: row.response_text ?? JSON.stringify(row.response_body),
          },
        };
      if (row.state === 'in_progress' && !row.expired) throw PlatformErrors.idempotencyInProgress();
      if (row.state === 'in_progress' && row.committed) {
        // The request's transaction committed, then its process stopped before the response was stored: running it
        // again would do it twice. Kept (and answered so) until the key's time to live has passed.
        const [kept]: { past_ttl: boolean }[] = await this.dataSource.query(
          `SELECT committed_at + make_interval(hours => $3) <= now() AS past_ttl
           FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`,
          [scope, key, this.config.IDEMPOTENCY_TTL_HOURS],
        );
        if (kept && !kept.past_ttl) {
          if (row.request_hash !== hash) throw PlatformErrors.idempotencyKeyMismatch();
          throw PlatformErrors.idempotencyOutcomeLost();
        }
      }
      // Expired: a completed key past its time to live, or a lease whose request stopped without committing. Take it
      // over (only one concurrent retry wins the row).
      const taken: unknown[] = await this.dataSource.query(
        `UPDATE platform.idempotency_keys
         SET request_hash = $3, method = $4, path = $5, owner = $6, state = 'in_progress', committed_at = NULL,
             response_status = NULL, response_body = NULL, response_text = NULL, response_headers = '{}'::jsonb,
             created_at = now(), expires_at = now() + make_interval(secs => $7)
         WHERE scope = $1 AND key = $2 AND expires_at <= now()
           AND (state = 'completed' OR committed_at IS NULL OR committed_at + make_interval(hours => $8) <= now())
         RETURNING key`,
        [
          scope,
          key,
          hash,
          method,
          path,
          owner,
          this.config.IDEMPOTENCY_LEASE_SECONDS,
          this.config.IDEMPOTENCY_TTL_HOURS,
        ],
      );
      if (taken.length) return { kind: 'proceed', claim: { scope, key, owner } };
    }
    throw PlatformErrors.idempotencyInProgress();
  }

  /** The request is still running: push its lease forward. False when the key is no longer its own. */
  async renew(claim: IdempotencyClaim): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE platform.idempotency_keys SET expires_at = now() + make_interval(secs => $4)
       WHERE scope = $1 AND key = $2 AND owner = $3 AND state = 'in_progress' RETURNING key`,
      [claim.scope, claim.key, claim.owner, this.config.IDEMPOTENCY_LEASE_SECONDS],
    );
    return rows.length === 1;
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    // Kept as JSON too (readable in the table); the replay sends `response_text`, byte for byte.
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = null;
    }
    await this.dataSource.query(
      `UPDATE platform.idempotency_keys
       SET state = 'completed', response_status = $4, response_text = $5, response_headers = $6::jsonb,
           response_body = $7::jsonb, expires_at = now() + make_interval(hours => $8)
       WHERE scope = $1 AND key = $2 AND owner = $3`,
      [
        claim.scope,
        claim.key,
        claim.owner,
        response.status,
        response.text,
        JSON.stringify(response.headers),
        JSON.stringify(body),
        this.config.IDEMPOTENCY_TTL_HOURS,
      ],
    );
  }

  /** The request failed: forget the key so the client may retry with it. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM platform.idempotency_keys WHERE scope = $1 AND key = $2 AND owner = $3 AND state = 'in_progress'`,
      [claim.scope, claim.key, claim.owner],
    );
  }

  async purgeExpired(): Promise<number> {
    const res: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM platform.idempotency_keys WHERE expires_at <= now()
       AND (committed_at IS NULL OR state = 'completed'
            OR committed_at + make_interval(hours => $1) <= now())`,
      [this.config.IDEMPOTENCY_TTL_HOURS],
    );
    return res[1];
  }
}
