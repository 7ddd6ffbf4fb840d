import { createPostgresBackend, type BackendFactory, type IQueueBackend } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';

/** How to reach the queue store: BullMQ on Redis when REDIS_URL is set, else on PostgreSQL (schema `<prefix>_queues`). */
export interface QueueBackend {
  kind: 'redis' | 'postgres';
  /** Options for Queue/Worker constructors. */
  queueOptions(): { connection: unknown; prefix?: string };
  factory?: BackendFactory<IQueueBackend, unknown>;
  close(): Promise<void>;
  /** Cheap round-trip for readiness checks. */
  ping(): Promise<void>;
}

export class QueueBackendError extends Error {}

export async function createQueueBackend(config: AppConfig): Promise<QueueBackend> {
  if (config.REDIS_URL) {
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
    try {
      await redis.connect();
      await assertNoEviction(redis);
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    return {
      kind: 'redis',
      queueOptions: () => ({ connection: redis, prefix: config.QUEUE_PREFIX }),
      close: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
      ping: async () => {
        await redis.ping();
      },
    };
  }
  const schema = `${config.QUEUE_PREFIX}_queues`;
  const connection = { connectionString: config.databaseUrl, schema, migrate: true, max: 5 };
  // BullMQ opens its own pools per Queue/Worker; readiness gets one small pool of its own so a probe never waits
  // behind job traffic, and it checks the queue schema exists, not merely that the server answers.
  const probe = new pg.Pool({
    connectionString: config.databaseUrl,
    max: 1,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 3000,
    application_name: 'suotdoi-queue-probe',
  });
  probe.on('error', () => undefined);
  return {
    kind: 'postgres',
    factory: createPostgresBackend as unknown as BackendFactory<IQueueBackend, unknown>,
    queueOptions: () => ({ connection }),
    close: async () => {
      await probe.end().catch(() => undefined);
    },
    ping: async () => {
      const { rowCount } = await probe.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      // The schema appears when the first Queue or Worker connects (migrate: true); before that the store is empty.
      if (!rowCount) throw new QueueBackendError(`queue schema "${schema}" does not exist yet`);
    },
  };
}

/** BullMQ loses jobs if Redis may evict keys; refuse to start rather than lose work silently. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  let policy: string | undefined;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    // Managed Redis often disables CONFIG; fall back to INFO.
    const info = await redis.info('memory');
    policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  }
  if (policy !== undefined && policy !== 'noeviction') {
    throw new QueueBackendError(
      `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" (set it in redis.conf or with CONFIG SET maxmemory-policy noeviction).`,
    );
  }
}
