import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '@suotdoi/platform';
import { ensureDatabase, migrate } from './database.js';
import { seed } from './commands/seed.command.js';
import { start } from './commands/start.command.js';
import { reindex } from './commands/reindex.command.js';
import { generate } from './commands/generate.command.js';
import { createAdmin } from './commands/create-admin.command.js';

const HELP = `Suốt Đời command line

  start      database (embedded unless DATABASE_URL), migrations, demo data, API and worker
  migrate    apply pending migrations
  seed       load the demo data (idempotent)
  create-admin --email <address> --name "<full name>" [--password-file <path>]
             create a system administrator (the first account of a production install); the password is
             prompted for, or read from a file — never given on the command line
  reindex    rebuild the search index from the catalogue (PostgreSQL or Meilisearch)
  generate   [name] [--count N] [--seed S]  synthetic Vietnamese data for benchmarks (no name: list generators)

Configuration comes from the environment; see README.md.`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'password-file': { type: 'string' },
    },
  });
  const [command] = positionals;
  if (!command || command === 'help') {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  const log = (m: string) => console.log(`[${command}] ${m}`);
  switch (command) {
    case 'start':
      return start(config);
    case 'reindex':
      return reindex(config, log);
    case 'generate': {
      const count = Number(values.count ?? 1000);
      const seed = Number(values.seed ?? 2025);
      if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed))
        throw new Error('--count and --seed must be whole numbers');
      const pg = await ensureDatabase(config, log);
      try {
        await migrate(config);
        await generate(config, { name: positionals[1], count, seed }, log);
      } finally {
        await pg?.stop();
      }
      return;
    }
    case 'create-admin': {
      if (values.password !== undefined)
        throw new Error(
          'a password is never taken from the command line (other users and the shell history would see it): omit it to be asked, or use --password-file <path>',
        );
      const pg = await ensureDatabase(config, log);
      try {
        await migrate(config);
        await createAdmin(
          config,
          {
            email: values.email as string | undefined,
            name: values.name as string | undefined,
            passwordFile: values['password-file'] as string | undefined,
          },
          log,
        );
      } finally {
        await pg?.stop();
      }
      return;
    }
    case 'migrate':
    case 'seed': {
      const pg = await ensureDatabase(config, log);
      try {
        const applied = await migrate(config);
        log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
        if (command === 'seed') for (const line of (await seed(config)).summary) log(line);
      } finally {
        await pg?.stop();
      }
      return;
    }
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  // What the person can act on (a bad option, a refusal, a configuration problem) is one message, no stack; a stack
  // only for what went wrong inside.
  const plain =
    err instanceof ConfigError || (err instanceof Error && (err.constructor === Error || err.name === 'DomainError'));
  console.error(plain ? `error: ${(err as Error).message}` : err);
  process.exit(1);
});
