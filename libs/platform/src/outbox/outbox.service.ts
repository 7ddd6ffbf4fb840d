import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { preparedAtCommit, preparedQuery } from '../database/prepared.js';

export interface OutboxEntry {
  topic: string;
  payload: unknown;
  /** Unique per topic: a second entry with the same key is dropped (e.g. one notice per event). */
  dedupeKey?: string;
  availableAt?: Date;
}

const INSERT_SQL = `INSERT INTO platform.outbox (topic, payload, dedupe_key, available_at)
       SELECT t.topic, t.payload, t.dedupe_key, coalesce(t.available_at, now())
       FROM jsonb_to_recordset($1::jsonb) AS t(topic text, payload jsonb, dedupe_key text, available_at timestamptz)
       ON CONFLICT (topic, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;
const insertParams = (entries: OutboxEntry[]) => [
  JSON.stringify(
    entries.map((e) => ({
      topic: e.topic,
      payload: e.payload,
      dedupe_key: e.dedupeKey ?? null,
      available_at: e.availableAt?.toISOString() ?? null,
    })),
  ),
];

/** Writes outbox rows. Always pass the EntityManager of the business transaction so both commit or neither. */
@Injectable()
export class OutboxService {
  /** Entries held back by `batch`, per transaction (its query runner), until the batch ends. */
  private readonly pending = new WeakMap<QueryRunner, OutboxEntry[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(manager: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    if (!entries.length) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add must run inside the business transaction');
    }
    const held = this.pending.get(manager.queryRunner);
    if (held) {
      held.push(...entries);
      return;
    }
    await this.insert(manager, entries);
  }

  /**
   * Run `work` inside the business transaction with every `add` of that transaction held back, then write all the
   * entries in one statement (still before the commit). For hot paths that add several entries: one round trip
   * instead of one per `add`. If `work` throws, nothing is written (the transaction rolls back anyway).
   */
  async batch<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('OutboxService.batch must run inside the business transaction');
    if (this.pending.has(runner)) return work();
    const held: OutboxEntry[] = [];
    this.pending.set(runner, held);
    try {
      const result = await work();
      this.pending.delete(runner);
      // In a pipelinedTransaction the rows go out with its COMMIT, in the same write.
      if (held.length) await preparedAtCommit(manager, INSERT_SQL, insertParams(held));
      return result;
    } finally {
      this.pending.delete(runner);
    }
  }

  private async insert(manager: EntityManager, entries: OutboxEntry[]): Promise<void> {
    await preparedQuery(manager, INSERT_SQL, insertParams(entries));
  }

  /** Pending rows and the age of the oldest, in seconds (outbox lag). */
  async stats(): Promise<{ topic: string; pending: number; failed: number; lagSeconds: number }[]> {
    const rows: { topic: string; pending: string; failed: string; lag: string | null }[] = await this.dataSource.query(
      `SELECT topic,
              count(*) FILTER (WHERE failed_at IS NULL) AS pending,
              count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed,
              extract(epoch FROM now() - min(created_at) FILTER (WHERE failed_at IS NULL)) AS lag
       FROM platform.outbox WHERE processed_at IS NULL GROUP BY topic`,
    );
    return rows.map((r) => ({
      topic: r.topic,
      pending: Number(r.pending),
      failed: Number(r.failed),
      lagSeconds: Number(r.lag ?? 0),
    }));
  }
}
