import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type AppConfig } from '@suotdoi/platform';
import { allMigrations } from './migrations.js';
import { CatalogueModule } from '@suotdoi/catalogue';
import { CirculationModule } from '@suotdoi/circulation';
import { RotationModule } from '@suotdoi/rotation';
import { EventsModule } from '@suotdoi/events';
import { UsageModule } from '@suotdoi/usage';
import { PlansModule } from '@suotdoi/plans';
import { NetworkJurisdictionModule, NetworkModule } from '@suotdoi/network';
import { IdentityModule } from '@suotdoi/identity';
import { NoticesModule } from '@suotdoi/notices';

/** The domain modules every process loads; the api and the worker differ only in what they expose. */
export const domainModules: DynamicModule['imports'] = [
  NetworkModule,
  NetworkJurisdictionModule,
  NoticesModule,
  IdentityModule,
  CatalogueModule,
  CirculationModule,
  RotationModule,
  EventsModule,
  UsageModule,
  PlansModule,
];

/** Wires the platform and every domain module together. Used by the api, the worker, the cli and the tests. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, opts: { worker: boolean; name: string }): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        PlatformModule.forRoot({ config, migrations: allMigrations, worker: opts.worker, name: opts.name }),
        ...(domainModules ?? []),
      ],
    };
  }
}
