/**
 * Usage: immutable usage events, idempotent ingestion, manual figures, rollups per institution and unit.
 *
 * Other modules emit events one way, in their own transaction: `emitUsage(outbox, manager, { source, id, kind,
 * locationId, at, patronId?, quantity?, basis? })` (or an array). It writes one outbox row on USAGE_EVENT_TOPIC whose
 * events have `clientEventId` `source:kind:id` (idempotent delivery) and a pseudonymous patron key; the unit is
 * stamped as of `at`. A new module adds its kinds to USAGE_EVENT_KINDS. Gate counters and other systems use the
 * batch API (`POST /usage/events`).
 */
export * from './usage.module.js';
export * from './usage.errors.js';
export * from './events/usage-event.types.js';
export { usagePatronKey } from './events/patron-key.js';
export { emitUsage, usageEventInput, type UsageEmission } from './events/emit-usage.js';
export { UsageIngestionService, MAX_BATCH } from './events/ingestion.service.js';
export { USAGE_CONTEXT, type UsageContextSource, type CopyUsageContext } from './events/usage-context.js';
export {
  CollectionUsageService,
  type CollectionStageUsage,
  type HostYearUsage,
} from './events/collection-usage.service.js';
export { RollupService, type RollupResult, type RollupStepHook } from './rollups/rollup.service.js';
export type { ReconciliationMismatch } from './rollups/rollups.repository.js';
export { UsageFiguresService, type UsageFigure, type UsageRestatement } from './rollups/usage-figures.service.js';
export { ManualFiguresService, type ManualFigureInput } from './manual/manual-figures.service.js';
export * from './periods/periods.js';
export {
  RollupUsageJob,
  ReconcileUsageJob,
  type RollupUsagePayload,
  type ReconcileUsagePayload,
} from './rollups/rollup.jobs.js';
export { usageMigrations } from './migrations/index.js';
// The Vietnamese name of each usage kind (reports and exports of other modules name figures with it).
export { USAGE_KIND_NAMES_VI } from './figures/figures-reader.service.js';
