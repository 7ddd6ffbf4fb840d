import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { ReportsService } from './reports.service.js';

export type GenerateDueReportsPayload = Record<string, never>;
/** Hourly: generate every plan report whose generation day (deadline − 7 days) has come; missed ones are caught up. */
export const GenerateDueReportsJob = defineJob<GenerateDueReportsPayload>(QUEUES.reports, 'generate-due');

@Injectable()
@JobProcessor()
export class GenerateDueReportsHandler implements ScheduledJobHandler<GenerateDueReportsPayload> {
  readonly job = GenerateDueReportsJob;
  readonly schedule = { id: 'plans-generate-due-reports', pattern: '15 * * * *', payload: {} };
  constructor(private readonly reports: ReportsService) {}
  handle(): Promise<{ generated: string[] }> {
    return this.reports.generateDue();
  }
}
