import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

export interface DemoAccount {
  role: string;
  login: string;
  password: string;
  note?: string;
}

export interface SeedReport {
  /** One line per thing loaded, for the start command's summary. */
  summary: string[];
  accounts?: DemoAccount[];
}

/** Loads a module's share of the demo data. Must be idempotent: the start command runs it at every start. */
export interface Seeder {
  seed(): Promise<SeedReport>;
}

const SEEDER = Symbol('suotdoi:seeder');

/** Marks a provider as a demo-data seeder; lower `order` runs first (network before catalogue before circulation). */
export function DemoSeeder(order: number): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SEEDER, order, target);
  };
}

/** Runs every @DemoSeeder() provider in order. */
@Injectable()
export class SeedRunner {
  constructor(private readonly discovery: DiscoveryService) {}

  async run(): Promise<SeedReport> {
    const seeders = this.discovery
      .getProviders()
      .filter((w) => w.instance && w.metatype && Reflect.getMetadata(SEEDER, w.metatype) !== undefined)
      .sort((a, b) => Reflect.getMetadata(SEEDER, a.metatype!) - Reflect.getMetadata(SEEDER, b.metatype!));
    const report: SeedReport = { summary: [], accounts: [] };
    for (const w of seeders) {
      const r = await (w.instance as Seeder).seed();
      report.summary.push(...r.summary);
      report.accounts!.push(...(r.accounts ?? []));
    }
    return report;
  }
}
