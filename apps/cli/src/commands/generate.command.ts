import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@suotdoi/core';
import { GeneratorRegistry, type AppConfig } from '@suotdoi/platform';

/**
 * `generate` without a name lists the generators every loaded module registered; with one, runs it:
 * `generate <name> [--count N] [--seed S]`. Data is synthetic but Vietnamese and deterministic for a seed.
 */
export async function generate(
  config: AppConfig,
  args: { name?: string; count: number; seed: number },
  log: (m: string) => void,
): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { worker: false, name: 'suotdoi-cli' }),
    { logger: ['error', 'warn'] },
  );
  try {
    const registry = app.get(GeneratorRegistry);
    if (!args.name) {
      log('generators (cli generate <name> --count N --seed S):');
      for (const g of registry.all()) log(`  ${g.name.padEnd(24)} ${g.description}`);
      return;
    }
    const t = performance.now();
    const { summary } = await registry.run(args.name, { count: args.count, seed: args.seed, log });
    for (const line of summary) log(line);
    log(`done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
  }
}
