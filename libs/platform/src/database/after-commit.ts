import { EventSubscriber, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';

const HOOKS = Symbol('suotdoi.afterCommit');
type WithHooks = QueryRunner & { [HOOKS]?: (() => void)[] };

/**
 * Run `fn` once the manager's transaction has committed; at once when there is no transaction (the statement that
 * was just run has committed already). Dropped if the transaction rolls back. For in-process effects that must follow
 * the data, not precede it: clearing a cache, so that no request of this process reads the old value after the
 * writer's own response (another request may otherwise reload and keep the old rows before the commit).
 */
export function afterCommit(manager: EntityManager | undefined, fn: () => void): void {
  const runner = manager?.queryRunner as WithHooks | undefined;
  if (!runner?.isTransactionActive) return fn();
  (runner[HOOKS] ??= []).push(fn);
}

/** Runs afterCommit's hooks (listed in buildDataSourceOptions, so every DataSource has it). */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(e: TransactionCommitEvent): void {
    const runner = e.queryRunner as WithHooks;
    // A savepoint released inside an outer transaction commits nothing yet.
    if (runner.isTransactionActive || !runner[HOOKS]) return;
    const hooks = runner[HOOKS];
    runner[HOOKS] = undefined;
    for (const fn of hooks) fn();
  }

  afterTransactionRollback(e: TransactionRollbackEvent): void {
    const runner = e.queryRunner as WithHooks;
    if (!runner.isTransactionActive) runner[HOOKS] = undefined;
  }
}
