import { Injectable } from '@nestjs/common';
import { defineTask, TaskProcessor, type TaskContext, type TaskHandler } from '@suotdoi/platform';
import { PlansErrors } from '../plans.errors.js';
import { PlansRepository } from '../plans/plans.repository.js';
import { ReportsService, type ReportFormat } from './reports.service.js';

export interface PlanReportTaskPayload {
  planId: string;
  period: string;
  /** The revision to store: 1 for the first report, latest + 1 (asked for at request time) for a regeneration. */
  revision: number;
  reason: string | null;
}

export type PlanReportTaskResult = { period: string; revision: number; result: 'generated' | 'exists' };

/** Generate a plan's report for a period (or a new revision of it) in the worker: `202` + `GET /tasks/{id}`. */
export const PlanReportTask = defineTask<PlanReportTaskPayload, PlanReportTaskResult>({
  kind: 'plans.report',
  title: { vi: 'Lập báo cáo thực hiện kế hoạch', en: 'Plan report' },
  attempts: 3,
});

const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * Computes the report, renders its XLSX, CSV and PDF outside any transaction, stores that revision in one short
 * transaction, and offers the files on the task. Storing a given revision number is idempotent: a retried run (or a
 * racing request for the same revision) finds it stored and answers `exists`.
 */
@Injectable()
@TaskProcessor()
export class PlanReportTaskHandler implements TaskHandler<PlanReportTaskPayload, PlanReportTaskResult> {
  readonly task = PlanReportTask;
  constructor(
    private readonly reports: ReportsService,
    private readonly plans: PlansRepository,
  ) {}

  async run(p: PlanReportTaskPayload, ctx: TaskContext): Promise<PlanReportTaskResult> {
    const plan = await this.plans.find(p.planId);
    if (!plan) throw PlansErrors.planNotFound({ id: p.planId });
    const period = this.reports.closedPeriodOf(plan, p.period);
    await ctx.progress(0, 3);
    const result = await this.reports.storeAs(plan, period, p.revision, p.reason);
    let done = 0;
    for (const format of ['pdf', 'xlsx', 'csv'] as const) {
      const content = await this.reports.file(plan, p.period, format, p.revision);
      await ctx.addFile({
        name: `${plan.code}-${p.period}-lan-${p.revision}.${format}`,
        contentType: CONTENT_TYPES[format],
        content,
      });
      await ctx.progress(++done, 3);
    }
    return { period: p.period, revision: p.revision, result };
  }
}
