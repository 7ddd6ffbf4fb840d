import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { AfterCommitSubscriber } from './after-commit.js';

type Entities = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;
type Migrations = MixedList<string | (new (...args: never[]) => unknown)>;

/** The one set of DataSource options, shared by the API, the worker, the CLI and the tests. */
export function buildDataSourceOptions(
  config: AppConfig,
  parts: { entities?: Entities; migrations: Migrations; applicationName?: string },
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities: parts.entities ?? [],
    migrations: parts.migrations,
    subscribers: [AfterCommitSubscriber],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Query errors reach their callers (and the JSON logs through them); TypeORM's own logger would print
    // plain-text lines into the JSON log stream.
    logging: false,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: parts.applicationName ?? 'suotdoi',
    // pipeline: pg writes each statement as soon as it is asked for (see pipelined.ts); code that awaits each one
    // sees no difference.
    extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 10000, pipeline: true },
  } as DataSourceOptions;
}

// Arbitrary constant: serialises concurrent `migrate` runs (api + worker + cli starting together).
const MIGRATION_LOCK = 7_305_512_026;

/** Apply pending migrations under an advisory lock. Returns the names applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
