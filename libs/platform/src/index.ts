export * from './config/env.schema.js';
export * from './config/app-config.js';
export * from './config/local-secret.js';
export * from './config/config.module.js';
export * from './errors/domain-error.js';
export * from './errors/platform.errors.js';
export * from './database/data-source.js';
export * from './database/embedded-postgres.js';
export * from './database/pg-errors.js';
export * from './database/prepared.js';
export { assignments } from './database/sql-set.js';
export { pipelinedReads, pipelinedTransaction } from './database/pipelined.js';
export * from './database/change-signals.js';
export * from './database/after-commit.js';
export * from './database/migrations/index.js';
export * from './queue/queue-names.js';
export * from './queue/job.js';
export * from './queue/queue-backend.js';
export * from './queue/queue.service.js';
export * from './queue/worker-host.js';
export * from './queue/queue.module.js';
export * from './outbox/outbox.types.js';
export * from './outbox/outbox.service.js';
export * from './outbox/outbox.relay.js';
export * from './idempotency/idempotency.service.js';
export * from './idempotency/idempotency.interceptor.js';
export * from './idempotency/migrations/index.js';
export * from './observability/metrics.service.js';
export * from './observability/logging.js';
export * from './health/health.controller.js';
export * from './http/public.decorator.js';
export * from './http/validation.js';
export { escapeMarkup } from './http/escape.js';
export * from './clock/clock.js';
export * from './pagination/pagination.js';
export * from './seed/seeder.js';
export * from './auth/principal.js';
export * from './auth/jurisdiction.js';
export * from './auth/dashboard.js';
export * from './platform.module.js';
// Search: only what other libraries, the apps and the tests use (the index, its adapters, the embedded server, and
// the Vietnamese folding and ISBN forms the catalogue shares with it); the rest stays inside the platform.
export {
  SEARCH_INDEX,
  type Availability,
  type SearchDocument,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search/search.types.js';
export { foldVi } from './search/vietnamese.js';
export { hyphenateIsbn, isbn10Of, normalizeIsbn } from './search/isbn.js';
export { PG_CANDIDATE_CAP, PostgresSearchIndex, type PostgresSearchTuning } from './search/postgres-search.adapter.js';
export { MEILI_SETTINGS, MeilisearchSearchIndex } from './search/meilisearch-search.adapter.js';
export {
  MEILISEARCH_SERVER_PACKAGE,
  MEILISEARCH_SERVER_VERSION,
  meilisearchAnswers,
  meilisearchBinary,
  meilisearchMasterKey,
  startMeilisearch,
  type MeilisearchServerHandle,
} from './search/meilisearch-server.js';
export { SearchModule } from './search/search.module.js';
export * from './mail/mail.types.js';
export * from './mail/logging-mail.transport.js';
export * from './mail/smtp-mail.transport.js';
export * from './mail/mail.module.js';
export * from './generate/random.js';
export * from './generate/vietnamese.vocabulary.js';
export * from './generate/generator.js';
export { NestedConnectionError, guardNestedConnections } from './database/connection-guard.js';
export * from './database/outage.js';
export * from './tasks/task.js';
export * from './tasks/tasks.errors.js';
export { TasksService, type StartTaskOptions } from './tasks/tasks.service.js';
export { TaskDto, TaskFileDto } from './tasks/dto/task.dto.js';
export { ApiTaskAccepted, taskAccepted } from './tasks/accepted.js';
export { TasksModule } from './tasks/tasks.module.js';
export { RunTaskJob, RunTaskHandler } from './tasks/run-task.job.js';
// Official documents (PDF, XLSX): Vietnamese fonts, the national header, signatures, Vietnamese figures and dates.
export * from './documents/vietnamese-format.js';
export * from './documents/official-document.js';
