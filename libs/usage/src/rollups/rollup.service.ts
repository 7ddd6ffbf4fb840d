import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RollupsRepository, type ReconciliationMismatch } from './rollups.repository.js';

// Arbitrary constant: one rollup at a time across all workers.
const ROLLUP_LOCK = 7_305_840_001;

export interface RollupResult {
  /** False when another worker held the rollup lock (its run covers the work). */
  ran: boolean;
  days: number;
  months: number;
  years: number;
  restatements: number;
}

/** Test hook: called between steps with the backend pid of the rollup transaction. */
export type RollupStepHook = (step: 'days' | 'months' | 'years', backendPid: number) => Promise<void>;

/**
 * Rolls usage up per institution and per administrative unit, per Vietnam day, month and year. The whole run is one
 * transaction: a worker killed halfway leaves rollups and the dirty-day queue exactly as they were.
 */
@Injectable()
export class RollupService {
  private readonly log = new Logger('UsageRollup');
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: RollupsRepository,
  ) {}

  /**
   * Rolls up everything committed before the call, waiting for a run in progress instead of leaving the work to it
   * (that run may have taken its dirty days before the caller's last change committed).
   */
  async catchUp(): Promise<RollupResult> {
    return this.run(undefined, true);
  }

  async run(hook?: RollupStepHook, wait = false): Promise<RollupResult> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }]: { locked: boolean }[] = await m.query(
        wait
          ? `SELECT pg_advisory_xact_lock($1) IS NOT NULL AS locked`
          : `SELECT pg_try_advisory_xact_lock($1) AS locked`,
        [ROLLUP_LOCK],
      );
      if (!locked) return { ran: false, days: 0, months: 0, years: 0, restatements: 0 };
      // A full rebuild aggregates millions of rows: let the hash aggregates stay in memory.
      await m.query(`SET LOCAL work_mem = '256MB'`);
      const pid = hook ? Number((await m.query(`SELECT pg_backend_pid() AS pid`))[0].pid) : 0;
      const days = await this.rollups.takeDirtyDays(m);
      const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))];
      const years = [...new Set(days.map((d) => `${d.slice(0, 4)}-01-01`))];
      await this.rollups.replace(m, 'day', days);
      await hook?.('days', pid);
      let restatements = await this.rollups.replace(m, 'month', months);
      await hook?.('months', pid);
      restatements += await this.rollups.replace(m, 'year', years);
      await hook?.('years', pid);
      if (days.length)
        this.log.log(
          `rolled up ${days.length} days, ${months.length} months, ${years.length} years; ${restatements} restatements`,
        );
      return { ran: true, days: days.length, months: months.length, years: years.length, restatements };
    });
  }

  /** Recompute every rollup from the events (after a fix, or to prove they are derived data). */
  async recomputeAll(): Promise<RollupResult> {
    await this.dataSource.transaction((m) => this.rollups.markAllDirty(m));
    return this.run();
  }

  /** Mark days dirty inside a caller's transaction (manual figures). */
  markDirty(m: EntityManager, days: string[]): Promise<void> {
    return this.rollups.markDirty(m, days);
  }

  /** Compare year rollups with a recount of the events; also says how many days wait for the next rollup. */
  async reconcile(years?: number[]): Promise<{ pendingDays: number; mismatches: ReconciliationMismatch[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const [{ n }]: { n: string }[] = await m.query(`SELECT count(*) AS n FROM usage.dirty_days`);
      return { pendingDays: Number(n), mismatches: await this.rollups.reconcile(m, years) };
    });
  }
}
