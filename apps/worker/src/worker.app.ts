import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { CoreModule } from '@suotdoi/core';
import { createLogger, PinoNestLogger, type AppConfig } from '@suotdoi/platform';

/** The worker process: job handlers, schedulers and the outbox relay. No HTTP. */
export async function createWorkerApp(
  config: AppConfig,
  opts: { quiet?: boolean } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { worker: true, name: 'suotdoi-worker' }),
    {
      logger: opts.quiet ? false : new PinoNestLogger(createLogger(config, 'suotdoi-worker')),
      abortOnError: false,
    },
  );
  app.enableShutdownHooks();
  await app.init();
  return app;
}
