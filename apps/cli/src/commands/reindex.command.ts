import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@suotdoi/core';
import { ReindexService } from '@suotdoi/catalogue';
import type { AppConfig } from '@suotdoi/platform';
import { ensureDatabase, migrate } from '../database.js';
import { ensureSearchEngine } from '../search-engine.js';

/** `cli reindex`: rebuild the search index (PostgreSQL or Meilisearch, whichever is configured) from the catalogue. */
export async function reindex(config: AppConfig, log: (m: string) => void): Promise<void> {
  const pg = await ensureDatabase(config, log);
  // The engine `npm start` would use (the embedded Meilisearch: the running one if the stack is up).
  const search = await ensureSearchEngine(config, log).catch(async (e: unknown) => {
    await pg?.stop();
    throw e;
  });
  try {
    await migrate(config);
    const app = await NestFactory.createApplicationContext(
      CoreModule.forRoot(config, { worker: false, name: 'suotdoi-cli' }),
      { logger: ['error', 'warn'] },
    );
    try {
      let last = 0;
      const r = await app.get(ReindexService).rebuild({
        onProgress: (done) => {
          if (done - last >= 50_000) {
            last = done;
            log(`${done.toLocaleString('en')} documents…`);
          }
        },
      });
      log(`rebuilt the ${r.backend} search index: ${r.documents.toLocaleString('en')} documents in ${r.seconds} s`);
    } finally {
      await app.close();
    }
  } finally {
    await search?.stop();
    await pg?.stop();
  }
}
