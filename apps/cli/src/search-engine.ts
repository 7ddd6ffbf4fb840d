import {
  ConfigError,
  meilisearchAnswers,
  meilisearchBinary,
  meilisearchMasterKey,
  startMeilisearch,
  MEILISEARCH_SERVER_PACKAGE,
  type AppConfig,
} from '@suotdoi/platform';

export interface SearchEngineHandle {
  /** What the start banner shows. */
  describe: string;
  stop(): Promise<void>;
}

/**
 * The search engine the stack uses, decided once here (SEARCH_ENGINE): Meilisearch at MEILI_URL; else the embedded
 * Meilisearch of the optional dependency (data in EMBEDDED_MEILI_DIR, master key generated once and kept beside it with
 * owner-only permissions, 127.0.0.1, analytics off, an indexing memory budget), started now and stopped with the stack;
 * else PostgreSQL. Sets MEILI_URL / MEILI_API_KEY on `config` so that the API and worker it launches use the same one.
 * An embedded server already answering on its port with the kept key (another command of the same stack, e.g.
 * `cli reindex` beside `npm start`) is used, not started twice.
 */
export async function ensureSearchEngine(
  config: AppConfig,
  log: (m: string) => void,
): Promise<SearchEngineHandle | undefined> {
  if (config.SEARCH_ENGINE === 'postgres') {
    config.MEILI_URL = undefined;
    return { describe: 'PostgreSQL full-text search (SEARCH_ENGINE=postgres)', stop: async () => undefined };
  }
  if (config.MEILI_URL) return { describe: `Meilisearch at ${config.MEILI_URL}`, stop: async () => undefined };
  if (!meilisearchBinary()) {
    if (config.SEARCH_ENGINE === 'meilisearch') {
      throw new ConfigError([
        {
          variable: 'SEARCH_ENGINE',
          problem: `is meilisearch, but MEILI_URL is not set and ${MEILISEARCH_SERVER_PACKAGE} (Linux x64 only) is not installed`,
        },
      ]);
    }
    log(
      `Meilisearch is not installed for ${process.platform}-${process.arch}: search runs on PostgreSQL (set MEILI_URL to use your own server)`,
    );
    return {
      describe: 'PostgreSQL full-text search (no embedded Meilisearch on this platform)',
      stop: async () => undefined,
    };
  }
  const key = meilisearchMasterKey(`${config.EMBEDDED_MEILI_DIR.replace(/\/+$/, '')}.key`);
  const url = `http://127.0.0.1:${config.EMBEDDED_MEILI_PORT}`;
  config.MEILI_URL = url;
  config.MEILI_API_KEY = key;
  if (await meilisearchAnswers(url, key)) {
    log(`embedded Meilisearch already running on ${url}: using it`);
    return { describe: `embedded Meilisearch on ${url} (already running)`, stop: async () => undefined };
  }
  log(
    `starting embedded Meilisearch (data in ${config.EMBEDDED_MEILI_DIR}, port ${config.EMBEDDED_MEILI_PORT}, indexing memory ${config.EMBEDDED_MEILI_INDEXING_MEMORY})`,
  );
  const server = await startMeilisearch({
    dir: config.EMBEDDED_MEILI_DIR,
    port: config.EMBEDDED_MEILI_PORT,
    masterKey: key,
    maxIndexingMemory: config.EMBEDDED_MEILI_INDEXING_MEMORY,
    log: (line) => /\b(WARN|ERROR)\b/.test(line) && log(`[meilisearch] ${line}`),
  });
  return {
    describe: `embedded Meilisearch on ${url} (${config.EMBEDDED_MEILI_DIR})`,
    async stop() {
      log('stopping embedded Meilisearch');
      await server.stop().catch((e: unknown) => log(`embedded Meilisearch did not stop cleanly: ${String(e)}`));
    },
  };
}
