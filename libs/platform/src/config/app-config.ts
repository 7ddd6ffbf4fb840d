import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { EnvironmentVariables } from './env.schema.js';
import { localSecret } from './local-secret.js';

/** Thrown at boot when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n') +
        '\nSee the configuration table in README.md.',
    );
    this.name = 'ConfigError';
  }
}

/** Tests without JWT_SECRET: one random secret per process (never a constant anyone can read in the source). */
let testSecret: string | undefined;
/** The secret read from (or generated into) `.data/jwt-secret`, once per process. */
let generatedSecret: string | undefined;

/** Validated, typed configuration. Read once at boot and injected; nothing else reads process.env. */
export class AppConfig extends EnvironmentVariables {
  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
  /**
   * JWT_SECRET (required in production); else, in tests, a random secret for this process; else the random secret
   * generated at first start in `.data/jwt-secret` (owner-only), shared by the start command's processes.
   */
  get jwtSecret(): string {
    if (this.JWT_SECRET) return this.JWT_SECRET;
    if (this.NODE_ENV === 'test') return (testSecret ??= randomBytes(48).toString('base64url'));
    return (generatedSecret ??= localSecret().secret);
  }
  /** Load the demo data on start: DEMO_DATA when set, else everywhere but production. */
  get demoData(): boolean {
    return this.DEMO_DATA ?? !this.isProduction;
  }
  get queueBackend(): 'redis' | 'postgres' {
    return this.REDIS_URL ? 'redis' : 'postgres';
  }
  get searchBackend(): 'meilisearch' | 'postgres' {
    return this.SEARCH_ENGINE !== 'postgres' && this.MEILI_URL ? 'meilisearch' : 'postgres';
  }
  get mailBackend(): 'smtp' | 'log' {
    return this.SMTP_URL ? 'smtp' : 'log';
  }
  get corsOrigins(): string[] | '*' {
    const v = this.CORS_ORIGINS.trim();
    return v === '*'
      ? '*'
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }
  /** The database URL in force; set by the start command when it runs embedded PostgreSQL. */
  get databaseUrl(): string {
    if (!this.DATABASE_URL)
      throw new ConfigError([
        { variable: 'DATABASE_URL', problem: 'is not set and no embedded PostgreSQL was started' },
      ]);
    return this.DATABASE_URL;
  }
}

/** One problem per variable (its constraints joined), quoting the value as given, not as coerced. */
function flatten(errors: ValidationError[], raw: Record<string, unknown>): { variable: string; problem: string }[] {
  return errors.map((e) => {
    const given = raw[e.property];
    const what = Object.values(e.constraints ?? {}).map((c) => c.replace(new RegExp(`^${e.property} `), ''));
    return {
      variable: e.property,
      problem: `${what.join('; ')} (got ${given === undefined ? 'nothing' : JSON.stringify(String(given))})`,
    };
  });
}

/** Parse and validate an environment (process.env by default). Throws ConfigError naming each bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Record<keyof EnvironmentVariables, unknown>> = {},
): AppConfig {
  const known = new Set(
    Object.keys(new EnvironmentVariables()).concat([
      'DATABASE_URL',
      'REDIS_URL',
      'MEILI_URL',
      'MEILI_API_KEY',
      'JWT_SECRET',
      'S3_BUCKET',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'S3_PREFIX',
      'SMTP_URL',
      'DEMO_DATA',
    ]),
  );
  const plain: Record<string, unknown> = {};
  for (const key of known) if (env[key] !== undefined) plain[key] = env[key];
  Object.assign(plain, overrides);
  // Links must point where the API listens: without an explicit PUBLIC_URL, follow PORT.
  const port = Number(plain.PORT);
  if (plain.PUBLIC_URL === undefined && Number.isInteger(port) && port > 0 && port < 65536)
    plain.PUBLIC_URL = `http://localhost:${port}`;
  const config = plainToInstance(AppConfig, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length) throw new ConfigError(flatten(errors, plain));
  return config;
}
