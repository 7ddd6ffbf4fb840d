import type pg from 'pg';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { confirmCommitByOwner, settleAfterCommit } from './after-commit.js';

/**
 * The hot-path facade over pg's pool: what the desk needs to spend fewer round trips, through public APIs only.
 *
 * Every pooled connection is opened in pg's pipeline mode (`pipeline: true` in the pool's client options, see
 * buildDataSourceOptions): a statement is written to the server the moment `client.query` is called, without waiting
 * for the answers to the ones before it, and the answers come back in order. Code that awaits each statement (all of
 * TypeORM, every ordinary transaction) behaves exactly as before; code that does not wait — the functions below —
 * saves the round trips.
 */

/** A query as pg's client takes it: a simple statement, or a named prepared one with its values. */
export type PgQuery = string | { name: string; text: string; values: unknown[] };
/** A query and what to report if it fails. */
export interface Statement {
  query: PgQuery;
  sql: string;
  params: unknown[];
}
type Answer = { rows: unknown[] };

interface PipelineState {
  client: pg.PoolClient;
  /** A transaction (pipelinedTransaction), or reads in autocommit (pipelinedReads). */
  transaction: boolean;
  /** The answer to the transaction's BEGIN, once it is written. */
  started?: Promise<void>;
  /** The transaction is committing or over: nothing more may be held for its COMMIT. */
  ended: boolean;
  /** Statements to send together with COMMIT, in order. */
  atCommit: Statement[];
  /** Statements sent and not yet answered: the connection goes back to the pool only once they all are. */
  inFlight: Set<Promise<unknown>>;
}

const BEGIN: Statement = { query: 'BEGIN', sql: 'BEGIN', params: [] };

const failure = (s: Statement, reason: unknown) => new QueryFailedError(s.sql, s.params, reason as Error);

/** Write a statement now (pipeline mode) and keep track of it until it is answered. */
function send(state: PipelineState, s: Statement): Promise<Answer> {
  const answer = (state.client.query as (q: PgQuery) => Promise<Answer>)(s.query);
  const settled = answer.then(
    () => undefined,
    () => undefined,
  );
  state.inFlight.add(settled);
  void settled.then(() => state.inFlight.delete(settled));
  return answer.catch((e: unknown) => {
    throw failure(s, e);
  });
}

/**
 * TypeORM's PostgreSQL query runner, whose outermost transaction starts the pipelined way: `startTransaction` writes
 * BEGIN at once and does not wait for its answer, so the work's first statements travel with it; TypeORM's own
 * `START TRANSACTION` is never sent (one BEGIN per transaction, no "already a transaction in progress" warning).
 * Everything else is TypeORM's: the transaction events (after-commit hooks, the connection guard), savepoints for
 * nested transactions (started at once, queued behind BEGIN), COMMIT and ROLLBACK.
 */
class PipelinedQueryRunner extends PostgresQueryRunner {
  pipeline?: PipelineState;

  constructor(ds: DataSource) {
    super(ds.driver as PostgresDriver, 'master');
    this.manager = ds.createEntityManager(this);
  }

  override async startTransaction(isolationLevel?: IsolationLevel): Promise<void> {
    const state = this.pipeline;
    if (!state?.transaction || this.transactionDepth > 0) return super.startTransaction(isolationLevel);
    if (isolationLevel) throw new Error('A pipelined transaction runs at the default isolation level');
    this.isTransactionActive = true;
    // Subscribers see the start before BEGIN is written (the connection guard enters its scope here, synchronously).
    const before = this.broadcaster.broadcast('BeforeTransactionStart');
    const begun = send(state, BEGIN);
    // From here on a nested transaction is a savepoint, written behind BEGIN.
    this.transactionDepth = 1;
    state.started = begun.then(
      () => undefined,
      () => undefined,
    );
    // A failure leaves the transaction marked open: its owner rolls it back (BEGIN was written).
    await before;
    await begun;
    await this.broadcaster.broadcast('AfterTransactionStart');
  }
}

/** The pipelined transaction or reads `on` runs in, if any. */
export function pipelineOf(on: EntityManager | DataSource): PipelineState | undefined {
  const runner = 'queryRunner' in on ? on.queryRunner : undefined;
  return runner instanceof PipelinedQueryRunner ? runner.pipeline : undefined;
}

/**
 * Run a statement in a pipelined context: written at once, behind whatever the connection was already given (a
 * transaction's BEGIN went out before its work began); statements asked for together (e.g. under Promise.all) are
 * all on their way before the first answer comes back.
 */
export function pipelinedQuery(state: PipelineState, statement: Statement): Promise<Answer> {
  return send(state, statement);
}

/** Hold a statement for the commit of a pipelined transaction; false when `on` is not one (still open). */
export function holdForCommit(on: EntityManager, statement: Statement): boolean {
  const state = pipelineOf(on);
  if (!state?.transaction || state.ended || !on.queryRunner?.isTransactionActive) return false;
  state.atCommit.push(statement);
  return true;
}

async function connect(
  ds: DataSource,
  transaction: boolean,
): Promise<{ runner: PipelinedQueryRunner; state: PipelineState }> {
  const runner = new PipelinedQueryRunner(ds);
  const client = (await runner.connect()) as pg.PoolClient;
  const state: PipelineState = { client, transaction, ended: false, atCommit: [], inFlight: new Set() };
  runner.pipeline = state;
  return { runner, state };
}

/** Wait for every statement written so far to be answered, then give the connection back to the pool. */
async function release(runner: PipelinedQueryRunner, state: PipelineState, broken?: unknown): Promise<void> {
  while (state.inFlight.size) await Promise.all(state.inFlight);
  runner.pipeline = undefined;
  // A connection that could not roll back is closed, not given back as it is (pg's pool drops an ended client).
  if (broken) await state.client.end().catch(() => undefined);
  await runner.release();
}

/**
 * A transaction for the hottest paths (the circulation desk), two round trips shorter than `DataSource.transaction`:
 * BEGIN is written before the work starts and is not waited for, so it travels with the first statements
 * (`preparedQuery`; those asked for together travel together), and COMMIT goes out right behind the statements held
 * for it (`preparedAtCommit`, e.g. the outbox rows of `OutboxService.batch`). To everything inside, the manager is an
 * ordinary TypeORM transaction's: nested transactions are savepoints, other queries run on the same connection in
 * order, `afterCommit` hooks run after the commit and are dropped on rollback.
 *
 * A statement held for COMMIT that fails ends the transaction (PostgreSQL answers the COMMIT of a failed transaction
 * with a rollback); its error is thrown, as is a failure of COMMIT itself (deferred constraints).
 */
export async function pipelinedTransaction<T>(
  ds: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const { runner, state } = await connect(ds, true);
  let broken: unknown;
  confirmCommitByOwner(runner);
  // BEGIN is written before startTransaction returns; its answer comes while the work runs.
  const started = runner.startTransaction();
  try {
    const result = await work(runner.manager);
    await started;
    state.ended = true;
    // Written before COMMIT, answered before it: a failure is known before the commit is reported.
    const held = state.atCommit.splice(0).map((s) => send(state, s));
    const heldAnswers = Promise.allSettled(held);
    await runner.commitTransaction();
    const failed = (await heldAnswers).find((a) => a.status === 'rejected');
    if (failed) {
      settleAfterCommit(runner, false);
      throw failed.reason;
    }
    settleAfterCommit(runner, true);
    return result;
  } catch (e) {
    await started.catch(() => undefined);
    if (runner.isTransactionActive) {
      await runner.rollbackTransaction().catch((err: unknown) => {
        broken = err;
      });
    }
    settleAfterCommit(runner, false);
    throw e;
  } finally {
    await release(runner, state, broken);
  }
}

/**
 * Reads in autocommit on one pooled connection, all written before the first answer: for independent lookups a hot
 * path makes at once (the desk's patron by card and copy by barcode). Pass the manager to the reads. Each read
 * succeeds or fails on its own.
 */
export async function pipelinedReads<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const { runner, state } = await connect(ds, false);
  try {
    return await work(runner.manager);
  } finally {
    await release(runner, state);
  }
}
