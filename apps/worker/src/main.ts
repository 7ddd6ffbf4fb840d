import 'reflect-metadata';
import { loadConfig, ConfigError } from '@suotdoi/platform';
import { createWorkerApp } from './worker.app.js';

createWorkerApp(loadConfig()).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
