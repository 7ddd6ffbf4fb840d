import {
  EventSubscriber,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

/** Hooks waiting for their transaction's commit, per query runner. */
const hooks = new WeakMap<QueryRunner, (() => void)[]>();
/** Runners whose commit is confirmed by their owner (pipelinedTransaction), not by TypeORM's commit event. */
const confirmedByOwner = new WeakSet<QueryRunner>();

/**
 * Run `fn` once the manager's transaction has committed; at once when there is no transaction (the statement that
 * was just run has committed already). Dropped if the transaction rolls back. For in-process effects that must follow
 * the data, not precede it: clearing a cache, so that no request of this process reads the old value after the
 * writer's own response (another request may otherwise reload and keep the old rows before the commit).
 */
export function afterCommit(manager: EntityManager | undefined, fn: () => void): void {
  const runner = manager?.queryRunner;
  if (!runner?.isTransactionActive) return fn();
  const list = hooks.get(runner);
  if (list) list.push(fn);
  else hooks.set(runner, [fn]);
}

/**
 * For a transaction whose COMMIT may turn out to have rolled back (a statement sent with it failed): its owner runs
 * the hooks with `settleAfterCommit` once it knows, instead of TypeORM's commit event.
 */
export function confirmCommitByOwner(runner: QueryRunner): void {
  confirmedByOwner.add(runner);
}

/** Run (committed) or drop (rolled back) the hooks of a transaction confirmed by its owner. */
export function settleAfterCommit(runner: QueryRunner, committed: boolean): void {
  confirmedByOwner.delete(runner);
  const list = hooks.get(runner);
  hooks.delete(runner);
  if (committed && list) for (const fn of list) fn();
}

/** Runs afterCommit's hooks (listed in buildDataSourceOptions, so every DataSource has it). */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(e: TransactionCommitEvent): void {
    const runner = e.queryRunner;
    // A savepoint released inside an outer transaction commits nothing yet.
    if (runner.isTransactionActive || confirmedByOwner.has(runner)) return;
    settleAfterCommit(runner, true);
  }

  afterTransactionRollback(e: TransactionRollbackEvent): void {
    const runner = e.queryRunner;
    if (!runner.isTransactionActive) hooks.delete(runner);
  }
}
