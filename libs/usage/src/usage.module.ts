import { Module } from '@nestjs/common';
import { UsageEventsController } from './events/usage-events.controller.js';
import { UsageEventsRepository } from './events/usage-events.repository.js';
import { UsageIngestionService } from './events/ingestion.service.js';
import { UsageEventConsumer } from './events/usage-event.consumer.js';
import { ManualFiguresController } from './manual/manual-figures.controller.js';
import { ManualFiguresService } from './manual/manual-figures.service.js';
import { RollupsRepository } from './rollups/rollups.repository.js';
import { RollupService } from './rollups/rollup.service.js';
import { ReconcileUsageHandler, RollupUsageHandler } from './rollups/rollup.jobs.js';
import { UsageFiguresService } from './rollups/usage-figures.service.js';
import { UsageSeeder } from './seed/usage.seeder.js';
import { FiguresController } from './figures/figures.controller.js';
import { FiguresReaderService } from './figures/figures-reader.service.js';
import { CollectionUsageService } from './events/collection-usage.service.js';

/** Usage events, manual figures, rollups. Tables live in schema `usage` (raw SQL; no entities to register). */
@Module({
  controllers: [UsageEventsController, ManualFiguresController, FiguresController],
  providers: [
    UsageEventsRepository,
    UsageIngestionService,
    UsageEventConsumer,
    ManualFiguresService,
    RollupsRepository,
    RollupService,
    RollupUsageHandler,
    ReconcileUsageHandler,
    UsageFiguresService,
    FiguresReaderService,
    UsageSeeder,
    CollectionUsageService,
  ],
  exports: [UsageIngestionService, RollupService, UsageFiguresService, ManualFiguresService, CollectionUsageService],
})
export class UsageModule {}
