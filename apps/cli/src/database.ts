import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { allMigrations } from '@suotdoi/core';
import {
  buildDataSourceOptions,
  runMigrations,
  startEmbeddedPostgres,
  type AppConfig,
  type EmbeddedPostgresHandle,
} from '@suotdoi/platform';

/**
 * Make sure a database is reachable: DATABASE_URL if set, otherwise start the embedded PostgreSQL and point
 * the config (and any child process) at it. Returns the embedded handle to stop, if one was started.
 */
export async function ensureDatabase(
  config: AppConfig,
  log: (m: string) => void,
): Promise<EmbeddedPostgresHandle | undefined> {
  if (config.DATABASE_URL) return undefined;
  if (existsSync(join(config.EMBEDDED_PG_DIR, 'postmaster.pid'))) {
    // Another process (usually a running `npm start`) has the embedded database open; PostgreSQL's own message for
    // this ("postmaster.pid already exists") is cryptic.
    throw new Error(
      `the embedded database in ${config.EMBEDDED_PG_DIR} is in use (a running \`npm start\`, or one that did not stop cleanly).\n` +
        `  - to use the running one: DATABASE_URL=postgresql://postgres:suotdoi-local@127.0.0.1:${config.EMBEDDED_PG_PORT}/suotdoi npm run cli -- <command>\n` +
        `  - otherwise stop it (Ctrl-C in its terminal); if none is running, delete ${join(config.EMBEDDED_PG_DIR, 'postmaster.pid')}`,
    );
  }
  log(
    `no DATABASE_URL: starting embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}, port ${config.EMBEDDED_PG_PORT})`,
  );
  const pg = await startEmbeddedPostgres({
    dir: config.EMBEDDED_PG_DIR,
    port: config.EMBEDDED_PG_PORT,
    log: (m) => /FATAL|ERROR|PANIC|^initialising/.test(m) && log(`[postgres] ${m}`),
  });
  config.DATABASE_URL = pg.url;
  return pg;
}

export async function migrate(config: AppConfig): Promise<string[]> {
  const ds = new DataSource(
    buildDataSourceOptions(config, { migrations: allMigrations, applicationName: 'suotdoi-cli' }),
  );
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
