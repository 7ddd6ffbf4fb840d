import { Module } from '@nestjs/common';
import { CatalogueModule } from '@suotdoi/catalogue';
import { CirculationModule } from '@suotdoi/circulation';
import { IdentityModule } from '@suotdoi/identity';
import { NetworkModule } from '@suotdoi/network';
import { UsageModule } from '@suotdoi/usage';
import { RotationAccess } from './access.js';
import { AdvanceStagesHandler } from './advancing/advance-stages.job.js';
import { AdvancingService } from './advancing/advancing.service.js';
import { CollectionsController } from './collections/collections.controller.js';
import { CollectionsRepository } from './collections/collections.repository.js';
import { CollectionsService } from './collections/collections.service.js';
import { ShipmentDocumentsService } from './documents/shipment-documents.service.js';
import { ShipmentDocumentsHandler } from './documents/shipment-documents.task.js';
import { FiguresExportHandler } from './figures/figures-export.task.js';
import { FiguresController } from './figures/figures.controller.js';
import { RotationFiguresService } from './figures/figures.service.js';
import { RotationUsageContextModule } from './figures/usage-context.js';
import { DepositReportsController } from './deposits/deposit-reports.controller.js';
import { DepositReportsRepository } from './deposits/deposit-reports.repository.js';
import { DepositReportsService } from './deposits/deposit-reports.service.js';
import { MobileRoutesController } from './mobile/mobile-routes.controller.js';
import { MobileRoutesRepository } from './mobile/mobile-routes.repository.js';
import { MobileRoutesService } from './mobile/mobile-routes.service.js';
import { OfflineBatchesController } from './mobile/offline-batches.controller.js';
import { OfflineBatchesRepository } from './mobile/offline-batches.repository.js';
import { OfflineBatchesService } from './mobile/offline-batches.service.js';
import { RotationSeeder } from './seed/rotation.seeder.js';
import { ItinerariesController } from './itineraries/itineraries.controller.js';
import { ItinerariesRepository } from './itineraries/itineraries.repository.js';
import { ItinerariesService } from './itineraries/itineraries.service.js';
import { ShipmentsController } from './shipments/shipments.controller.js';
import { ShipmentsRepository } from './shipments/shipments.repository.js';
import { ShipmentsService } from './shipments/shipments.service.js';

/**
 * Rotation: rotating collections, itineraries of stages, shipments with manifests, receipts and every copy's journey.
 * Tables live in schema `rotation`. Copies are the catalogue's: rotation moves their base and status only through
 * CopiesService; circulation never imports rotation (a return is routed to the copy's base). Usage gets its
 * USAGE_CONTEXT port from RotationUsageContextModule.
 */
@Module({
  imports: [CatalogueModule, CirculationModule, NetworkModule, UsageModule, IdentityModule, RotationUsageContextModule],
  controllers: [
    CollectionsController,
    ItinerariesController,
    ShipmentsController,
    FiguresController,
    OfflineBatchesController,
    MobileRoutesController,
    DepositReportsController,
  ],
  providers: [
    RotationAccess,
    CollectionsRepository,
    CollectionsService,
    ItinerariesRepository,
    ItinerariesService,
    ShipmentsRepository,
    ShipmentsService,
    RotationFiguresService,
    AdvancingService,
    OfflineBatchesRepository,
    OfflineBatchesService,
    RotationSeeder,
    AdvanceStagesHandler,
    ShipmentDocumentsService,
    ShipmentDocumentsHandler,
    FiguresExportHandler,
    MobileRoutesRepository,
    MobileRoutesService,
    DepositReportsRepository,
    DepositReportsService,
  ],
  exports: [CollectionsService, ItinerariesService, ShipmentsService, RotationFiguresService],
})
export class RotationModule {}
