/**
 * Rotation (luân chuyển tài liệu): rotating collections, itineraries, shipments with manifests and receipts. See
 * libs/rotation/README.md for who owns what (home, base and status of a copy) and the state machine.
 */
export * from './rotation.module.js';
export * from './rotation.errors.js';
export { rotationMigrations } from './migrations/index.js';
export { CollectionsService, type CollectionMakeup, type CollectionCopy } from './collections/collections.service.js';
export { ItinerariesService, type StageInput, type ItineraryView } from './itineraries/itineraries.service.js';
export { ShipmentsService, type ShipmentView, type ReceiptResult } from './shipments/shipments.service.js';
export {
  RotationFiguresService,
  type CollectionFigures,
  type StageFigures,
  type HostYearFigures,
  type RotationReach,
} from './figures/figures.service.js';
export { AdvancingService } from './advancing/advancing.service.js';
export { AdvanceStagesHandler, AdvanceStagesJob, type AdvanceStagesPayload } from './advancing/advance-stages.job.js';
export { RotationNotices } from './notices/rotation.notices.js';
export { OfflineBatchesService, type OfflineOpInput, type BatchView } from './mobile/offline-batches.service.js';
export { RotationSeeder } from './seed/rotation.seeder.js';
