import { Module } from '@nestjs/common';
import { UsageModule } from '@suotdoi/usage';
import { EventsModule } from '@suotdoi/events';
import { RotationModule } from '@suotdoi/rotation';
import { PlansController } from './plans/plans.controller.js';
import { PlansRepository } from './plans/plans.repository.js';
import { PlansService } from './plans/plans.service.js';
import { ReportsService } from './reports/reports.service.js';
import { GenerateDueReportsHandler } from './reports/generate-reports.job.js';
import { PlanReportTaskHandler } from './reports/report-task.js';
import { PlansSeeder } from './seed/plans.seeder.js';

/** Plans, targets, indicators, attainment and reports. Tables in schema `plans` (raw SQL; no entities). */
@Module({
  imports: [UsageModule, EventsModule, RotationModule],
  controllers: [PlansController],
  providers: [
    PlansRepository,
    PlansService,
    ReportsService,
    GenerateDueReportsHandler,
    PlanReportTaskHandler,
    PlansSeeder,
  ],
  exports: [ReportsService, PlansService],
})
export class PlansModule {}
