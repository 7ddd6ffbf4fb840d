/** Plans: plans and targets as data, indicators and attainment computed from usage rollups, scheduled reports. */
export * from './plans.module.js';
export * from './plans.errors.js';
export * from './plans/plan.types.js';
export * from './indicators/growth.js';
export {
  computeIndicator,
  type IndicatorResult,
  type TargetRow,
  type FigureTable,
} from './indicators/indicator-engine.js';
export { ReportsService, type ReportFormat } from './reports/reports.service.js';
export type { ReportContent } from './reports/report.types.js';
export { GenerateDueReportsJob, type GenerateDueReportsPayload } from './reports/generate-reports.job.js';
export { DEMO_PLANS, DEMO_EVIDENCE_RULES } from './seed/demo-plans.js';
export { plansMigrations } from './migrations/index.js';
