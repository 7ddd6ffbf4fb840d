// A relay in a child process, for the "worker killed mid-batch" test: it claims a batch, writes its effects inside
// the claiming transaction, prints IN_PROGRESS and then hangs until the parent SIGKILLs it.
// Plain ESM over dist/ (the test command builds first). Usage: node outbox-child.mjs <database-url> <topic>
import 'reflect-metadata';
import { DataSource } from 'typeorm';

const [url, topic] = process.argv.slice(2);
const platform = await import(new URL('../../dist/libs/platform/src/index.js', import.meta.url).href);
const config = platform.loadConfig({ DATABASE_URL: url, NODE_ENV: 'test', OUTBOX_BATCH_SIZE: '1000' });
const ds = new DataSource(
  platform.buildDataSourceOptions(config, { migrations: [], applicationName: 'suotdoi-outbox-child' }),
);
await ds.initialize();
const relay = new platform.OutboxRelay({ getProviders: () => [] }, ds, config);
relay.register({
  topic,
  async handle(messages, manager) {
    for (const m of messages)
      await manager.query('INSERT INTO public.outbox_effects (message_id, relay) VALUES ($1, $2)', [m.id, 'child']);
    process.stdout.write(`IN_PROGRESS ${messages.length}\n`);
    await new Promise(() => undefined); // hang: the parent kills us here
  },
});
await relay.deliverBatch();
