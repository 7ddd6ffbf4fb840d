import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { SeededRandom } from './random.js';
import { VietnameseVocabulary } from './vietnamese.vocabulary.js';

/** What a generator gets: how many to make, a seeded random source and the Vietnamese vocabulary over it. */
export interface GenerateContext {
  count: number;
  seed: number;
  rng: SeededRandom;
  vocabulary: VietnameseVocabulary;
  log(message: string): void;
}

/**
 * Produces a large synthetic data set for benchmarks (`cli generate <name> --count N --seed S`). Each module adds
 * its own (catalogue records, circulation history, usage events…) and writes through its own services or
 * repositories. Same seed, same data.
 */
export interface DataGenerator {
  /** Unique, kebab-case: the CLI argument. */
  readonly name: string;
  /** One line for `cli generate` without arguments. */
  readonly description: string;
  generate(ctx: GenerateContext): Promise<{ summary: string[] }>;
}

const GENERATOR = Symbol('suotdoi:data-generator');

/** Marks a provider as a DataGenerator; the registry discovers it. */
export function BenchGenerator(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(GENERATOR, true, target);
  };
}

/** Every @BenchGenerator() provider of the running app, by name. */
@Injectable()
export class GeneratorRegistry {
  constructor(private readonly discovery: DiscoveryService) {}

  all(): DataGenerator[] {
    const found = this.discovery
      .getProviders()
      .filter((w) => w.instance && w.metatype && Reflect.getMetadata(GENERATOR, w.metatype))
      .map((w) => w.instance as DataGenerator);
    const names = new Set<string>();
    for (const g of found) {
      if (names.has(g.name)) throw new Error(`two data generators named ${g.name}`);
      names.add(g.name);
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  async run(
    name: string,
    opts: { count: number; seed: number; log: (m: string) => void },
  ): Promise<{ summary: string[] }> {
    const generator = this.all().find((g) => g.name === name);
    if (!generator)
      throw new Error(
        `no data generator "${name}"; known: ${
          this.all()
            .map((g) => g.name)
            .join(', ') || 'none'
        }`,
      );
    const rng = new SeededRandom(opts.seed);
    return generator.generate({
      count: opts.count,
      seed: opts.seed,
      rng,
      vocabulary: new VietnameseVocabulary(rng),
      log: opts.log,
    });
  }
}

/** Prints sample people, places, institutions and titles as JSON lines: a look at the vocabulary, writes nothing. */
@Injectable()
@BenchGenerator()
export class VocabularySampleGenerator implements DataGenerator {
  readonly name = 'vocabulary-sample';
  readonly description =
    'print N sample Vietnamese people, places, institutions and titles as JSON lines (writes nothing)';
  async generate(ctx: GenerateContext): Promise<{ summary: string[] }> {
    const today = new Date(Date.UTC(2026, 0, 1));
    for (let i = 0; i < ctx.count; i++) {
      const v = ctx.vocabulary;
      process.stdout.write(
        JSON.stringify({
          person: v.person().fullName,
          born: v.birthDate(today),
          phone: v.phone(),
          province: v.province(),
          commune: v.commune(),
          institution: v.institution(),
          title: v.title(),
          publisher: v.publisher(),
        }) + '\n',
      );
    }
    return { summary: [`${ctx.count} samples (seed ${ctx.seed})`] };
  }
}
