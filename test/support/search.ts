import { it } from '@jest/globals';
import type { EnvKey } from '@suotdoi/platform';

export type SearchEngineKind = 'postgres' | 'meilisearch';

/** The Meilisearch server of this test run (global setup), or undefined where none exists (not Linux x64, no MEILI_URL). */
export function testMeili(): { url: string; apiKey: string } | undefined {
  const url = process.env.SUOTDOI_TEST_MEILI_URL;
  return url ? { url, apiKey: process.env.SUOTDOI_TEST_MEILI_KEY ?? '' } : undefined;
}

/**
 * The search engines this run exercises: PostgreSQL always, Meilisearch whenever a server was started. On Linux x64 the
 * server ships with the optional dependency, so its absence there is an error, never a silent skip.
 */
export function searchEngines(): SearchEngineKind[] {
  if (testMeili()) return ['postgres', 'meilisearch'];
  if (process.platform === 'linux' && process.arch === 'x64')
    throw new Error('no Meilisearch server for the tests on Linux x64: is the optional dependency installed?');
  return ['postgres'];
}

/** Environment of a test app on `engine` (its index is its own: the uid begins with the app's QUEUE_PREFIX). */
export function searchEnv(engine: SearchEngineKind): Partial<Record<EnvKey, string>> {
  const m = testMeili();
  if (engine === 'postgres') return { SEARCH_ENGINE: 'postgres' };
  if (!m) throw new Error('no Meilisearch server in this run');
  return { SEARCH_ENGINE: 'meilisearch', MEILI_URL: m.url, MEILI_API_KEY: m.apiKey };
}

/** Where Meilisearch cannot run, one skipped test says so (counted as skipped in the summary, never as passed). */
export function reportMeilisearchSkipped(what: string): void {
  if (!testMeili())
    it.skip(`${what}: meilisearch (SKIPPED: no Meilisearch server on ${process.platform}-${process.arch})`, () =>
      undefined);
}
