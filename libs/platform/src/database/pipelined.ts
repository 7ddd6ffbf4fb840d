import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** A query as pg's client takes it: a simple statement, or a named prepared one with its values. */
export type PgQuery = string | { name: string; text: string; values: unknown[] };
/** A query and what to report if it fails. */
export interface Statement {
  query: PgQuery;
  sql: string;
  params: unknown[];
}
type Answer = { rows: unknown[] };

/** What of pg's client (and its connection's socket) sending several statements in one write needs. */
interface PgClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
  query(q: PgQuery): Promise<Answer>;
}

const STATE = Symbol('suotdoi.pipelined');
const BEGIN: Statement = { query: 'BEGIN', sql: 'BEGIN', params: [] };
const COMMIT: Statement = { query: 'COMMIT', sql: 'COMMIT', params: [] };

interface PipelineState {
  client: PgClient;
  /** A transaction (pipelinedTransaction), or reads in autocommit (pipelinedReads). */
  transaction: boolean;
  /** BEGIN has been sent. */
  begun: boolean;
  /** The transaction is over (committed, or ended by a failed statement sent with COMMIT). */
  ended: boolean;
  /** Statements to send together with COMMIT, in order. */
  atCommit: Statement[];
  /** Statements asked for in the current tick, sent together at its end. */
  batch?: { statement: Statement; resolve: (a: Answer) => void; reject: (e: unknown) => void }[];
  /** The last write's answers: one write at a time on the connection. Never rejects. */
  tail: Promise<unknown>;
}

type Runner = QueryRunner & { [STATE]?: PipelineState; transactionDepth: number; databaseConnection: PgClient };

/** What TypeORM's own startTransaction / commitTransaction set on the runner. */
function inTransaction(runner: Runner, active: boolean): void {
  (runner as { isTransactionActive: boolean }).isTransactionActive = active;
  runner.transactionDepth = active ? 1 : 0;
}

/**
 * Send statements in one socket write and wait for all their answers (pg's pipeline mode, switched on for this call
 * only: the connection is idle before and after, one write at a time).
 */
async function sendTogether(client: PgClient, statements: Statement[]): Promise<PromiseSettledResult<Answer>[]> {
  const stream = client.connection.stream;
  const wasPipelined = client.pipeline;
  client.pipeline = true;
  let answers: Promise<Answer>[];
  stream.cork();
  try {
    answers = statements.map((s) => client.query(s.query));
  } finally {
    stream.uncork();
  }
  const settled = await Promise.allSettled(answers);
  client.pipeline = wasPipelined;
  return settled;
}

const failure = (s: Statement, reason: unknown) => new QueryFailedError(s.sql, s.params, reason as Error);

async function sendOrThrow(state: PipelineState, statements: Statement[]): Promise<void> {
  const sent = state.tail.then(() => sendTogether(state.client, statements));
  state.tail = sent;
  const settled = await sent;
  const failed = settled.findIndex((s) => s.status === 'rejected');
  if (failed >= 0) throw failure(statements[failed], (settled[failed] as PromiseRejectedResult).reason);
}

/** The pipelined transaction or reads `on` runs in, if any. */
export function pipelineOf(on: EntityManager | DataSource): PipelineState | undefined {
  return 'queryRunner' in on ? (on.queryRunner as Runner | undefined)?.[STATE] : undefined;
}

/**
 * Run a statement in a pipelined context: the statements asked for in the same tick (e.g. under Promise.all) go out
 * in one write, after those already sent; a transaction's first write also carries its BEGIN.
 */
export function pipelinedQuery(state: PipelineState, statement: Statement): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (!state.batch) {
      const batch: NonNullable<PipelineState['batch']> = (state.batch = []);
      process.nextTick(() => {
        state.batch = undefined;
        state.tail = state.tail.then(() =>
          flush(state, batch).catch((e: unknown) => {
            for (const b of batch) b.reject(e);
          }),
        );
      });
    }
    state.batch.push({ statement, resolve, reject });
  });
}

async function flush(state: PipelineState, batch: NonNullable<PipelineState['batch']>): Promise<void> {
  const begin = state.transaction && !state.begun;
  state.begun ||= begin;
  const statements = batch.map((b) => b.statement);
  const settled = await sendTogether(state.client, begin ? [BEGIN, ...statements] : statements);
  if (begin && settled[0].status === 'rejected') {
    for (const b of batch) b.reject(failure(BEGIN, settled[0].reason));
    return;
  }
  batch.forEach((b, k) => {
    const s = settled[k + (begin ? 1 : 0)];
    if (s.status === 'fulfilled') b.resolve(s.value);
    else b.reject(failure(b.statement, s.reason));
  });
}

/** Wait until every statement asked for so far has been answered (including a batch still gathering this tick). */
async function drain(state: PipelineState): Promise<void> {
  for (;;) {
    await new Promise((resolve) => process.nextTick(resolve));
    const tail = state.tail;
    await tail;
    if (tail === state.tail && !state.batch) return;
  }
}

/** Hold a statement for the commit of a pipelined transaction; false when `on` is not one (still open). */
export function holdForCommit(on: EntityManager, statement: Statement): boolean {
  const state = pipelineOf(on);
  if (!state?.transaction || state.ended || !on.queryRunner?.isTransactionActive) return false;
  state.atCommit.push(statement);
  return true;
}

/** A runner on one pooled connection whose queries wait for the pipelined writes before them. */
async function pipelinedRunner(ds: DataSource, transaction: boolean): Promise<{ runner: Runner; state: PipelineState; restore: () => void }> {
  const runner = ds.createQueryRunner() as Runner;
  await runner.connect();
  const state: PipelineState = { client: runner.databaseConnection, transaction, begun: false, ended: false, atCommit: [], tail: Promise.resolve() };
  const query = runner.query.bind(runner);
  // Queries that are not prepared (TypeORM's manager.query, savepoints) go one at a time behind the pipelined ones;
  // a transaction's first one sends BEGIN on its own first.
  runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
    // After this tick's batch, which is queued on the tail in a nextTick scheduled before this one.
    await new Promise((resolve) => process.nextTick(resolve));
    const run = async () => {
      if (state.transaction && !state.begun) {
        state.begun = true;
        await query('BEGIN');
      }
      return query(...args);
    };
    const done = state.tail.then(run);
    state.tail = done.catch(() => undefined);
    return done;
  }) as QueryRunner['query'];
  runner[STATE] = state;
  return {
    runner,
    state,
    restore: () => {
      runner[STATE] = undefined;
      runner.query = query;
    },
  };
}

/**
 * A transaction for the hottest paths (the circulation desk), two round trips shorter than `DataSource.transaction`:
 * BEGIN is not a round trip of its own but goes out in the same write as the transaction's first prepared statements
 * (`preparedQuery`; those asked for in one tick go out together), and COMMIT goes out with the statements held for
 * it (`preparedAtCommit`, e.g. the outbox rows of `OutboxService.batch`). To everything inside, the manager is an
 * ordinary transaction's: nested transactions are savepoints, other queries run on the same connection in order (a
 * first statement that is not a prepared one sends BEGIN on its own first), `afterCommit` hooks run after the commit
 * and are dropped on rollback.
 *
 * A statement held for COMMIT that fails ends the transaction (PostgreSQL answers the COMMIT of a failed transaction
 * with a rollback); its error is thrown, as is a failure of COMMIT itself (deferred constraints).
 */
export async function pipelinedTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const { runner, state, restore } = await pipelinedRunner(ds, true);
  let broken: Error | undefined;
  inTransaction(runner, true);
  try {
    const result = await work(runner.manager);
    await drain(state);
    const held = state.atCommit.splice(0);
    if (!state.begun && held.length) {
      // Nothing ran but statements held for the commit: they are the whole transaction.
      state.begun = true;
      held.unshift(BEGIN);
    }
    if (state.begun) {
      state.ended = true;
      await sendOrThrow(state, [...held, COMMIT]);
    }
    inTransaction(runner, false);
    await runner.broadcaster.broadcast('AfterTransactionCommit');
    return result;
  } catch (e) {
    await drain(state);
    if (state.begun && !state.ended) {
      await state.client.query('ROLLBACK').catch((err: Error) => {
        broken = err;
      });
    }
    inTransaction(runner, false);
    await runner.broadcaster.broadcast('AfterTransactionRollback');
    throw e;
  } finally {
    restore();
    // A connection that could not roll back is not given back to the pool.
    await (runner as unknown as { releasePostgresConnection(err?: Error): Promise<void> }).releasePostgresConnection(broken);
  }
}

/**
 * Reads in autocommit on one pooled connection, those asked for in one tick in one write: for independent lookups a
 * hot path makes at once (the desk's patron by card and copy by barcode). Pass the manager to the reads.
 */
export async function pipelinedReads<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const { runner, state, restore } = await pipelinedRunner(ds, false);
  try {
    const result = await work(runner.manager);
    await drain(state);
    return result;
  } catch (e) {
    await drain(state);
    throw e;
  } finally {
    restore();
    await runner.release();
  }
}
