import type pg from 'pg';
import {
  EventSubscriber,
  QueryFailedError,
  type DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionStartEvent,
} from 'typeorm';
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
  /** Set until the transaction's BEGIN is sent (by PipelineSubscriber, when TypeORM starts the transaction). */
  sendBegin?: () => void;
  /** TypeORM's own start of the transaction (its START TRANSACTION answered); nested transactions wait for it. */
  started?: Promise<void>;
  /** The transaction is committing or over: nothing more may be held for its COMMIT. */
  ended: boolean;
  /** Statements to send together with COMMIT, in order. */
  atCommit: Statement[];
  /** Statements sent and not yet answered: the connection goes back to the pool only once they all are. */
  inFlight: Set<Promise<unknown>>;
}

const pipelines = new WeakMap<QueryRunner, PipelineState>();
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

/** The pipelined transaction or reads `on` runs in, if any. */
export function pipelineOf(on: EntityManager | DataSource): PipelineState | undefined {
  const runner = 'queryRunner' in on ? on.queryRunner : undefined;
  return runner ? pipelines.get(runner) : undefined;
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

/**
 * TypeORM's transaction events (public subscriber hooks) for the pipelined transactions: when the transaction starts,
 * BEGIN is written before TypeORM's own START TRANSACTION is even sent (which then only earns a warning), so the
 * work can write its first statements without waiting for either answer. A nested transaction started before that
 * answer came back waits for it, so TypeORM makes it a savepoint.
 */
@EventSubscriber()
export class PipelineSubscriber implements EntitySubscriberInterface {
  beforeTransactionStart(e: TransactionStartEvent): Promise<void> | void {
    const state = pipelines.get(e.queryRunner);
    if (!state) return;
    if (state.sendBegin) {
      const sendBegin = state.sendBegin;
      state.sendBegin = undefined;
      sendBegin();
      return;
    }
    return state.started;
  }
}

async function connect(ds: DataSource, transaction: boolean): Promise<{ runner: QueryRunner; state: PipelineState }> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as pg.PoolClient;
  const state: PipelineState = { client, transaction, ended: false, atCommit: [], inFlight: new Set() };
  pipelines.set(runner, state);
  return { runner, state };
}

/** Wait for every statement written so far to be answered, then give the connection back to the pool. */
async function release(runner: QueryRunner, state: PipelineState, broken?: unknown): Promise<void> {
  while (state.inFlight.size) await Promise.all(state.inFlight);
  pipelines.delete(runner);
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
  state.sendBegin = () => void send(state, BEGIN).catch(() => undefined);
  confirmCommitByOwner(runner);
  // TypeORM marks the runner in a transaction at once and calls PipelineSubscriber, which writes BEGIN, before
  // returning this promise; its START TRANSACTION follows and is answered while the work runs.
  const started = runner.startTransaction();
  state.started = started.catch(() => undefined);
  try {
    // No PipelineSubscriber on this data source: no BEGIN written; wait for TypeORM's own.
    if (state.sendBegin) {
      state.sendBegin = undefined;
      await started;
    }
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
    await state.started;
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
