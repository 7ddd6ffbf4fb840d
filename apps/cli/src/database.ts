import { DataSource } from 'typeorm';
import { allMigrations } from '@suotdoi/core';
import { buildDataSourceOptions, runMigrations, startEmbeddedPostgres, type AppConfig, type EmbeddedPostgresHandle } from '@suotdoi/platform';

/**
 * Make sure a database is reachable: DATABASE_URL if set, otherwise start the embedded PostgreSQL and point
 * the config (and any child process) at it. Returns the embedded handle to stop, if one was started.
 */
export async function ensureDatabase(config: AppConfig, log: (m: string) => void): Promise<EmbeddedPostgresHandle | undefined> {
  if (config.DATABASE_URL) return undefined;
  log(`no DATABASE_URL: starting embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}, port ${config.EMBEDDED_PG_PORT})`);
  const pg = await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log: (m) => /FATAL|ERROR|PANIC|^initialising/.test(m) && log(`[postgres] ${m}`) });
  config.DATABASE_URL = pg.url;
  return pg;
}

export async function migrate(config: AppConfig): Promise<string[]> {
  const ds = new DataSource(buildDataSourceOptions(config, { migrations: allMigrations, applicationName: 'suotdoi-cli' }));
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
