/**
 * Usage: immutable usage events, idempotent ingestion, manual figures, rollups per institution and unit.
 *
 * Other modules emit events through the outbox, in their own transaction:
 *   `outbox.add(manager, { topic: USAGE_EVENT_TOPIC, payload: <UsageEventPayload> })`
 * where the payload is one `UsageEventInput` (or `{ events: UsageEventInput[] }`): `clientEventId` (unique, e.g.
 * `circulation:loan:<loanId>`), `kind` (UsageEventKind), `locationId` (institution or service point id),
 * `occurredAt` (ISO instant), optional `patronKey` (pseudonymous), `quantity`, `crossings` (gate counters; visits
 * = crossings / 2) and `basis` ('counted' | 'estimated'). The unit is stamped as of `occurredAt`.
 */
export * from './usage.module.js';
export * from './usage.errors.js';
export * from './events/usage-event.types.js';
export { usagePatronKey } from './events/patron-key.js';
export { UsageIngestionService, MAX_BATCH } from './events/ingestion.service.js';
export { USAGE_CONTEXT, type UsageContextSource, type CopyUsageContext } from './events/usage-context.js';
export { CollectionUsageService, type CollectionStageUsage, type HostYearUsage } from './events/collection-usage.service.js';
export { RollupService, type RollupResult, type RollupStepHook } from './rollups/rollup.service.js';
export type { ReconciliationMismatch } from './rollups/rollups.repository.js';
export { UsageFiguresService, type UsageFigure, type UsageRestatement } from './rollups/usage-figures.service.js';
export { ManualFiguresService, type ManualFigureInput } from './manual/manual-figures.service.js';
export * from './periods/periods.js';
export { RollupUsageJob, ReconcileUsageJob, type RollupUsagePayload, type ReconcileUsagePayload } from './rollups/rollup.jobs.js';
export { usageMigrations } from './migrations/index.js';
