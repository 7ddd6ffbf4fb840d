import { AsyncLocalStorage } from 'node:async_hooks';
import {
  EntityManager,
  type DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
  type TransactionStartEvent,
} from 'typeorm';

/**
 * The nested-connection guard.
 *
 * Code that holds a transaction (a pooled connection, often row locks) and then asks the pool for another connection —
 * a repository or `DataSource` read that does not go through the transaction's manager — deadlocks under load: with
 * every connection held by a transaction waiting for the same row lock, the second connection never comes, and every
 * other request waits with them until the pool's timeout. It also reads outside the transaction's snapshot.
 *
 * With the guard on (the test harness switches it on for every app it boots), every transaction runs in an async
 * context of its own, and a pool connection asked for from inside it (by the same async call chain, before the
 * transaction ends) throws `NestedConnectionError` at once, and writes its stack to stderr. Off by default: nothing
 * is wrapped, nothing costs.
 */
export class NestedConnectionError extends Error {
  constructor() {
    super(
      'A transaction asked the pool for a second connection: every read and write inside a transaction must use the ' +
        "transaction's manager (pass it down), or run after the transaction ends",
    );
    this.name = 'NestedConnectionError';
  }
}

interface Scope {
  /** The transaction's own connection has been taken from the pool. */
  holding: boolean;
  /** The transaction is over: work it started and left running may use the pool. */
  done: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();
const byRunner = new WeakMap<QueryRunner, Scope>();
let patched = false;

const active = (): Scope | undefined => {
  const s = scopes.getStore();
  return s && !s.done ? s : undefined;
};

/**
 * Marks transactions started on a query runner directly (`runner.startTransaction()`, as pipelinedTransaction does):
 * TypeORM calls `beforeTransactionStart` before its first await, so the scope entered here is the caller's for the
 * rest of its async chain. `EntityManager.transaction` gets its scope from the wrapper below instead.
 */
class GuardSubscriber implements EntitySubscriberInterface {
  beforeTransactionStart(e: TransactionStartEvent): void {
    if (active() || e.queryRunner.isTransactionActive === false) return;
    const runner = e.queryRunner as QueryRunner & { databaseConnection?: unknown };
    if (byRunner.has(runner)) return;
    const scope: Scope = { holding: runner.databaseConnection !== undefined, done: false };
    byRunner.set(runner, scope);
    scopes.enterWith(scope);
  }

  afterTransactionCommit(e: TransactionCommitEvent): void {
    this.ended(e.queryRunner);
  }

  afterTransactionRollback(e: TransactionRollbackEvent): void {
    this.ended(e.queryRunner);
  }

  private ended(runner: QueryRunner): void {
    if (runner.isTransactionActive) return; // a savepoint
    const scope = byRunner.get(runner);
    if (!scope) return;
    scope.done = true;
    byRunner.delete(runner);
  }
}

type Connect = (cb?: (err: Error | undefined, client?: unknown, release?: unknown) => void) => unknown;

/** Switch the guard on for this DataSource (tests): a pool connection asked for inside a transaction throws. */
export function guardNestedConnections(ds: DataSource): void {
  patchEntityManager();
  const pool = (ds.driver as unknown as { master?: { connect: Connect; suotdoiGuarded?: boolean } }).master;
  if (!pool || pool.suotdoiGuarded) return;
  pool.suotdoiGuarded = true;
  (ds.subscribers as EntitySubscriberInterface[]).push(new GuardSubscriber());
  const connect = pool.connect.bind(pool) as Connect;
  pool.connect = ((cb?: Parameters<Connect>[0]) => {
    const scope = active();
    if (scope?.holding) {
      const err = new NestedConnectionError();
      // Loud: the caller may turn it into a 500 whose body hides the place.
      const ours = (err.stack ?? '')
        .split('\n')
        .filter((l) => /\/(libs|apps|test)\//.test(l) && !l.includes('connection-guard'));
      process.stderr.write(`${err.name}: a second connection asked for inside a transaction\n${ours.join('\n')}\n`);
      if (cb) {
        process.nextTick(() => cb(err));
        return undefined;
      }
      return Promise.reject(err);
    }
    if (scope) scope.holding = true;
    return connect(cb);
  }) as Connect;
}

/** Every `EntityManager.transaction` (and so `DataSource.transaction`) runs in a scope of its own. */
function patchEntityManager(): void {
  if (patched) return;
  patched = true;
  const proto = EntityManager.prototype as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = proto.transaction;
  proto.transaction = function (this: EntityManager, ...args: unknown[]) {
    // A manager bound to a runner (inside a transaction) opens a savepoint on that runner's connection; inside an open
    // scope, a transaction that asks for a connection of its own is caught when it does.
    if (this.queryRunner || active()) return transaction.apply(this, args);
    const scope: Scope = { holding: false, done: false };
    return scopes.run(scope, async () => {
      try {
        return await transaction.apply(this, args);
      } finally {
        scope.done = true;
      }
    });
  };
}

/**
 * Run `work` as if no transaction were open, for the one holder of a transaction whose callees may take connections of
 * their own: the outbox relay, whose claim locks only outbox rows that no one waits for (`SKIP LOCKED`), and whose
 * handlers reach out to other systems (mail, the search index) and to other modules' reads. Their writes that must
 * commit with the claim still go through the manager they are given.
 */
export function outsideTransactionScope<T>(work: () => T): T {
  return scopes.exit(work);
}
