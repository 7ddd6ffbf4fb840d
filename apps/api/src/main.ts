import 'reflect-metadata';
import { loadConfig, ConfigError } from '@suotdoi/platform';
import { createApiApp } from './api.app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
