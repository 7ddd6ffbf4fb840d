import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { EnvironmentVariables, MEILISEARCH_SERVER_VERSION } from '@suotdoi/platform';

// Docker cannot run here, so the production stack is checked as data: every variable compose passes to our image
// exists in the config schema, README documents every variable with its real default, and Redis is configured
// the way BullMQ needs it.
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const schemaKeys = Object.keys(new EnvironmentVariables()).sort();

interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[] | string;
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}
const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
const envOf = (s: ComposeService): string[] =>
  Array.isArray(s.environment) ? s.environment.map((e) => e.split('=')[0]) : Object.keys(s.environment ?? {});
const ourServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

describe('docker/compose.yaml', () => {
  it('runs PostgreSQL 16, Redis 7, Meilisearch 1.x, a one-shot migration, the API and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'meilisearch',
      'migrate',
      'postgres',
      'redis',
      'worker',
    ]);
    expect(compose.services.postgres.image).toMatch(/^postgres:16/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
    // The same Meilisearch major.minor as the tests and the embedded server run.
    expect(compose.services.meilisearch.image).toBe(
      `getmeili/meilisearch:v${MEILISEARCH_SERVER_VERSION.split('.').slice(0, 2).join('.')}`,
    );
    expect(ourServices.map(([n]) => n).sort()).toEqual(['api', 'migrate', 'worker']);
  });

  it('passes our image only variables the config schema declares', () => {
    for (const [name, service] of ourServices) {
      const unknown = envOf(service).filter((k) => !schemaKeys.includes(k));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('points every process at the production services', () => {
    for (const [, service] of ourServices) {
      expect(envOf(service)).toEqual(
        expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'MEILI_API_KEY', 'JWT_SECRET', 'NODE_ENV']),
      );
    }
  });

  it('configures Redis for BullMQ: noeviction and an append-only file', () => {
    const cmd = ([] as string[]).concat(compose.services.redis.command ?? []).join(' ');
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(cmd).toMatch(/--appendonly yes/);
  });

  it('migrates once, before the API and the worker start', () => {
    expect(([] as string[]).concat(compose.services.migrate.command ?? []).join(' ')).toMatch(
      /cli\/src\/main\.js migrate$/,
    );
    expect(compose.services.migrate.restart).toBe('no');
    for (const s of ['api', 'worker'])
      expect(compose.services[s].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
  });

  it('.env.example sets every variable compose requires', () => {
    const required = [...read('docker/compose.yaml').matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]);
    const example = new Set([...read('docker/.env.example').matchAll(/^(\w+)=/gm)].map((m) => m[1]));
    expect([...new Set(required)].filter((v) => !example.has(v))).toEqual([]);
  });

  it('the Dockerfile builds with tsc in one stage and runs from a slim stage as a non-root user', () => {
    const dockerfile = read('docker/Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/FROM node:\d+-\w+-slim AS runtime/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

describe('README configuration table', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## ', 3) === -1 ? undefined : section.indexOf('\n## ', 3));
  const rows = [...table.matchAll(/^\| `(\w+)` \| ([^|]*) \|/gm)].map((m) => ({ name: m[1], default: m[2].trim() }));

  it('lists every variable of the config schema, and nothing else', () => {
    expect(rows.map((r) => r.name).sort()).toEqual(schemaKeys);
  });

  it('gives each variable its real default', () => {
    const defaults = new EnvironmentVariables() as unknown as Record<string, unknown>;
    for (const r of rows) {
      const d = defaults[r.name];
      expect({ name: r.name, default: r.default }).toEqual({
        name: r.name,
        default: d === undefined ? '—' : `\`${String(d)}\``,
      });
    }
  });
});
