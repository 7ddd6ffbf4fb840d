import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@suotdoi/core';
import { SeedRunner, type AppConfig, type SeedReport } from '@suotdoi/platform';

/** Load the demo data (idempotent). */
export async function seed(config: AppConfig): Promise<SeedReport> {
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { worker: false, name: 'suotdoi-cli' }),
    { logger: ['error', 'warn'] },
  );
  try {
    return await app.get(SeedRunner).run();
  } finally {
    await app.close();
  }
}
