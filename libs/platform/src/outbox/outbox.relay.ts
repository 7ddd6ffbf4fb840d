import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { outsideTransactionScope } from '../database/connection-guard.js';
import { OUTBOX_HANDLER, type OutboxHandler, type OutboxMessage } from './outbox.types.js';

const MAX_ATTEMPTS = 20;
/** How long rows claimed for an `outsideClaim` handler are kept from other relays: long enough for a batch of e-mail. */
export const OUTBOX_LEASE_SECONDS = 300;

interface OutboxRow {
  id: string;
  topic: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
}

/**
 * Delivers outbox rows to their handlers. Rows are claimed with FOR UPDATE SKIP LOCKED so any number of workers
 * share the load; a row is marked processed in the same transaction, after its handler succeeded. A worker that
 * dies mid-batch leaves its rows unclaimed (its transaction rolls back) and another worker delivers them.
 * Topics whose handler is `outsideClaim` (e-mail) are claimed with a lease instead and handled with no transaction
 * open; a worker that dies mid-batch leaves them to be delivered again when the lease runs out.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('OutboxRelay');
  private readonly handlers = new Map<string, OutboxHandler>();
  private running = false;
  private loop?: Promise<void>;
  private listener?: pg.Client;
  private wake?: () => void;

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Register a handler by hand (tests); providers marked @OutboxConsumer() are found automatically. */
  register(handler: OutboxHandler): void {
    if (this.handlers.has(handler.topic)) throw new Error(`two outbox handlers for topic ${handler.topic}`);
    this.handlers.set(handler.topic, handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const w of this.discovery.getProviders()) {
      if (w.instance && w.metatype && Reflect.getMetadata(OUTBOX_HANDLER, w.metatype))
        this.register(w.instance as OutboxHandler);
    }
    await this.start();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'suotdoi-outbox-listener',
    });
    this.listener.on('error', () => undefined);
    await this.listener.connect();
    this.listener.on('notification', () => this.wake?.());
    await this.listener.query('LISTEN platform_outbox');
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.deliverBatch();
      } catch (err) {
        this.log.error(`outbox batch failed: ${(err as Error).message}`);
      }
      if (claimed < this.config.OUTBOX_BATCH_SIZE && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.config.OUTBOX_POLL_MS);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** Claim and deliver one batch. Returns how many rows were claimed. */
  async deliverBatch(): Promise<number> {
    const handlers = [...this.handlers.values()];
    const inClaim = handlers.filter((h) => !h.outsideClaim).map((h) => h.topic);
    const leased = handlers.filter((h) => h.outsideClaim).map((h) => h.topic);
    return (
      (inClaim.length ? await this.deliverInClaim(inClaim) : 0) + (leased.length ? await this.deliverLeased(leased) : 0)
    );
  }

  private async deliverInClaim(topics: string[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, payload, attempts, created_at FROM platform.outbox
         WHERE processed_at IS NULL AND failed_at IS NULL AND available_at <= now() AND topic = ANY($1)
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [topics, this.config.OUTBOX_BATCH_SIZE],
      );
      if (!rows.length) return 0;
      const done: string[] = [];
      for (const [topic, messages] of byTopic(rows)) {
        await manager.query('SAVEPOINT outbox_handler');
        try {
          await outsideTransactionScope(() => this.handlers.get(topic)!.handle(messages, manager));
          await manager.query('RELEASE SAVEPOINT outbox_handler');
          done.push(...messages.map((m) => m.id));
        } catch (err) {
          await manager.query('ROLLBACK TO SAVEPOINT outbox_handler');
          await this.failed(manager, topic, messages, err);
        }
      }
      if (done.length)
        await manager.query(`UPDATE platform.outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [done]);
      return rows.length;
    });
  }

  /** Claim with a lease in one committed statement, handle with no transaction open, then mark. */
  private async deliverLeased(topics: string[]): Promise<number> {
    const [rows]: [OutboxRow[], number] = await this.dataSource.query(
      `UPDATE platform.outbox o SET available_at = now() + make_interval(secs => $3)
       FROM (SELECT id FROM platform.outbox
             WHERE processed_at IS NULL AND failed_at IS NULL AND available_at <= now() AND topic = ANY($1)
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) c
       WHERE o.id = c.id
       RETURNING o.id, o.topic, o.payload, o.attempts, o.created_at`,
      [topics, this.config.OUTBOX_BATCH_SIZE, OUTBOX_LEASE_SECONDS],
    );
    if (!rows.length) return 0;
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    const manager = this.dataSource.manager;
    for (const [topic, messages] of byTopic(rows)) {
      try {
        await this.handlers.get(topic)!.handle(messages, manager);
        await manager.query(`UPDATE platform.outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [
          messages.map((m) => m.id),
        ]);
      } catch (err) {
        await this.failed(manager, topic, messages, err);
      }
    }
    return rows.length;
  }

  /** A handler failed: retry the rows later (growing backoff), and give up after MAX_ATTEMPTS. */
  private async failed(manager: EntityManager, topic: string, messages: OutboxMessage[], err: unknown): Promise<void> {
    const message = (err as Error).message ?? String(err);
    this.log.warn(`outbox handler ${topic} failed for ${messages.length} rows: ${message}`);
    await manager.query(
      `UPDATE platform.outbox SET attempts = attempts + 1, last_error = $2,
         available_at = now() + least(interval '1 second' * power(2, attempts), interval '1 hour'),
         failed_at = CASE WHEN attempts + 1 >= $3 THEN now() END
       WHERE id = ANY($1::bigint[])`,
      [messages.map((m) => m.id), message.slice(0, 2000), MAX_ATTEMPTS],
    );
  }

  /** Stop claiming; the batch in hand finishes first. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}

function byTopic(rows: OutboxRow[]): Map<string, OutboxMessage[]> {
  const out = new Map<string, OutboxMessage[]>();
  for (const r of rows) {
    const list = out.get(r.topic) ?? [];
    list.push({ id: String(r.id), topic: r.topic, payload: r.payload, attempts: r.attempts, createdAt: r.created_at });
    out.set(r.topic, list);
  }
  return out;
}
