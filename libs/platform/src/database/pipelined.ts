import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** A query as pg's client takes it: a simple statement, or a named prepared one with its values. */
export type PgQuery = string | { name: string; text: string; values: unknown[] };

/** What of pg's client (and its connection's socket) sending several statements in one write needs. */
interface PgClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
  query(q: PgQuery): Promise<{ rows: unknown[] }>;
}

const STATE = Symbol('suotdoi.pipelinedTransaction');

interface PipelineState {
  client: PgClient;
  /** BEGIN has been sent. */
  begun: boolean;
  /** The transaction is over (committed, or ended by a failed statement sent with COMMIT). */
  ended: boolean;
  /** Statements to send together with COMMIT, in order. */
  atCommit: { query: PgQuery; sql: string; params: unknown[] }[];
}

type Runner = QueryRunner & { [STATE]?: PipelineState; transactionDepth: number; databaseConnection: PgClient };

/** What TypeORM's own startTransaction / commitTransaction set on the runner. */
function inTransaction(runner: Runner, active: boolean): void {
  (runner as { isTransactionActive: boolean }).isTransactionActive = active;
  runner.transactionDepth = active ? 1 : 0;
}

/**
 * Send statements in one socket write and wait for all their answers (pg's pipeline mode, switched on for this call
 * only: the client is idle before and after). The first failure is thrown, as TypeORM's QueryFailedError.
 */
export async function sendTogether(client: PgClient, queries: { query: PgQuery; sql: string; params: unknown[] }[]): Promise<{ rows: unknown[] }[]> {
  const stream = client.connection.stream;
  const wasPipelined = client.pipeline;
  client.pipeline = true;
  let answers: Promise<{ rows: unknown[] }>[];
  stream.cork();
  try {
    answers = queries.map((q) => client.query(q.query));
  } finally {
    stream.uncork();
  }
  const settled = await Promise.allSettled(answers);
  client.pipeline = wasPipelined;
  const failed = settled.findIndex((s) => s.status === 'rejected');
  if (failed >= 0) throw new QueryFailedError(queries[failed].sql, queries[failed].params, (settled[failed] as PromiseRejectedResult).reason as Error);
  return settled.map((s) => (s as PromiseFulfilledResult<{ rows: unknown[] }>).value);
}

/** The pipelined transaction `on` runs in, if any. */
export function pipelineOf(on: EntityManager | DataSource): PipelineState | undefined {
  return 'queryRunner' in on ? (on.queryRunner as Runner | undefined)?.[STATE] : undefined;
}

/** In a pipelined transaction that has not begun: BEGIN goes out with `q`, in the same write. Returns q's answer. */
export async function beginWith(state: PipelineState, q: { query: PgQuery; sql: string; params: unknown[] }): Promise<{ rows: unknown[] }> {
  state.begun = true;
  const [, answer] = await sendTogether(state.client, [{ query: 'BEGIN', sql: 'BEGIN', params: [] }, q]);
  return answer;
}

/**
 * A transaction for the hottest paths (the circulation desk), two round trips shorter than `DataSource.transaction`:
 * BEGIN is not a round trip of its own but goes out in the same write as the transaction's first prepared statement
 * (`preparedQuery`), and COMMIT goes out with the statements held for it (`preparedAtCommit`, e.g. the outbox rows of
 * `OutboxService.batch`). To everything inside, the manager is an ordinary transaction's: nested transactions are
 * savepoints, other queries run on the same connection (a first statement that is not a prepared one sends BEGIN on
 * its own first), `afterCommit` hooks run after the commit and are dropped on rollback.
 *
 * A statement held for COMMIT that fails ends the transaction (PostgreSQL answers the COMMIT of a failed transaction
 * with a rollback); its error is thrown, as is a failure of COMMIT itself (deferred constraints).
 */
export async function pipelinedTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner() as Runner;
  await runner.connect();
  const client = runner.databaseConnection;
  const state: PipelineState = { client, begun: false, ended: false, atCommit: [] };
  const query = runner.query.bind(runner);
  runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
    if (!state.begun) {
      state.begun = true;
      await query('BEGIN');
    }
    return query(...args);
  }) as QueryRunner['query'];
  runner[STATE] = state;
  inTransaction(runner, true);
  let broken: Error | undefined;
  try {
    const result = await work(runner.manager);
    if (state.begun) {
      const held = state.atCommit.splice(0);
      state.ended = true;
      await sendTogether(client, [...held, { query: 'COMMIT', sql: 'COMMIT', params: [] }]);
    } else if (state.atCommit.length) {
      // Nothing ran but statements held for the commit: they are the whole transaction.
      await beginWith(state, state.atCommit.shift()!);
      state.ended = true;
      await sendTogether(client, [...state.atCommit.splice(0), { query: 'COMMIT', sql: 'COMMIT', params: [] }]);
    }
    inTransaction(runner, false);
    await runner.broadcaster.broadcast('AfterTransactionCommit');
    return result;
  } catch (e) {
    if (state.begun && !state.ended) {
      await client.query('ROLLBACK').catch((err: Error) => {
        broken = err;
      });
    }
    inTransaction(runner, false);
    await runner.broadcaster.broadcast('AfterTransactionRollback');
    throw e;
  } finally {
    runner[STATE] = undefined;
    runner.query = query;
    // A connection that could not roll back is not given back to the pool.
    await (runner as unknown as { releasePostgresConnection(err?: Error): Promise<void> }).releasePostgresConnection(broken);
  }
}
