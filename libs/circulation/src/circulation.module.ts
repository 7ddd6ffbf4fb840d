import { Module } from '@nestjs/common';
import { CatalogueModule } from '@suotdoi/catalogue';
import { IdentityModule } from '@suotdoi/identity';
import { NetworkModule } from '@suotdoi/network';
import { ChargesController, MyChargesController } from './charges/charges.controller.js';
import { ChargesRepository } from './charges/charges.repository.js';
import { ChargesService } from './charges/charges.service.js';
import { CirculationDigitalAccessModule } from './elending/digital-loan-checker.js';
import { LicencesController, MyELendingController } from './elending/elending.controller.js';
import { ELendingRepository } from './elending/elending.repository.js';
import { ELendingService } from './elending/elending.service.js';
import { ExpireELoansHandler } from './jobs/expire-e-loans.job.js';
import { CopyRouter } from './holds/copy-router.js';
import { HoldsController } from './holds/holds.controller.js';
import { HoldsRepository } from './holds/holds.repository.js';
import { HoldsService } from './holds/holds.service.js';
import { PullListService } from './holds/pull-list.service.js';
import { ExpireHoldsHandler } from './jobs/expire-holds.job.js';
import { AnonymiseChargesHandler } from './jobs/anonymise-charges.job.js';
import { ScanNoticesHandler } from './jobs/scan-notices.job.js';
import { NoticeScanService } from './notices/notice-scan.service.js';
import { LoansController } from './loans/loans.controller.js';
import { DeskReads } from './loans/desk-reads.js';
import { LoansRepository } from './loans/loans.repository.js';
import { LoansService } from './loans/loans.service.js';
import { OverridesRepository } from './loans/overrides.repository.js';
import { CirculationPersonalData } from './me/circulation-personal-data.js';
import { MyCirculationController } from './me/me.controller.js';
import { MyCirculationService } from './me/my-circulation.service.js';
import { PatronSettingsRepository } from './me/patron-settings.repository.js';
import { PatronNotices } from './notices/patron-notices.js';
import { PoliciesController } from './policies/policies.controller.js';
import { PoliciesRepository } from './policies/policies.repository.js';
import { PoliciesService } from './policies/policies.service.js';
import { CatalogueCopyDirectory } from './ports/adapters/catalogue-copies.adapter.js';
import { CatalogueTitleDirectory } from './ports/adapters/catalogue-titles.adapter.js';
import { IdentityPatronDirectory } from './ports/adapters/identity-patrons.adapter.js';
import { NetworkOpeningCalendar } from './ports/adapters/network-calendar.adapter.js';
import { COPY_DIRECTORY, OPENING_CALENDAR, PATRON_DIRECTORY, TITLE_DIRECTORY } from './ports/ports.js';
import { CirculationSeeder } from './seed/circulation.seeder.js';
import { DueDates } from './common/due-dates.js';
import { TransfersController } from './transfers/transfers.controller.js';
import { TransfersRepository } from './transfers/transfers.repository.js';
import { TransfersService } from './transfers/transfers.service.js';

/**
 * Circulation: rule matrix, loans, renewals, returns, holds and online reservation, transfers, patron notices (through the shared notices service). Tables live
 * in schema `circulation` (raw SQL repositories; no entities to register). Copies, patrons and calendars come
 * through ports whose default adapters use catalogue, identity and network's exported services.
 */
@Module({
  imports: [CatalogueModule, IdentityModule, NetworkModule, CirculationDigitalAccessModule],
  controllers: [
    PoliciesController,
    LoansController,
    HoldsController,
    TransfersController,
    MyCirculationController,
    LicencesController,
    MyELendingController,
    ChargesController,
    MyChargesController,
  ],
  providers: [
    PoliciesRepository,
    PoliciesService,
    LoansRepository,
    DeskReads,
    LoansService,
    OverridesRepository,
    ChargesRepository,
    ChargesService,
    HoldsRepository,
    HoldsService,
    PullListService,
    CopyRouter,
    TransfersRepository,
    TransfersService,
    PatronSettingsRepository,
    MyCirculationService,
    CirculationPersonalData,
    PatronNotices,
    DueDates,
    CirculationSeeder,
    ExpireHoldsHandler,
    ELendingRepository,
    AnonymiseChargesHandler,
    ELendingService,
    ExpireELoansHandler,
    NoticeScanService,
    ScanNoticesHandler,
    CatalogueCopyDirectory,
    CatalogueTitleDirectory,
    IdentityPatronDirectory,
    NetworkOpeningCalendar,
    { provide: COPY_DIRECTORY, useExisting: CatalogueCopyDirectory },
    { provide: TITLE_DIRECTORY, useExisting: CatalogueTitleDirectory },
    { provide: PATRON_DIRECTORY, useExisting: IdentityPatronDirectory },
    { provide: OPENING_CALENDAR, useExisting: NetworkOpeningCalendar },
  ],
  exports: [PoliciesService, LoansService, ChargesService, HoldsService, TransfersService, ELendingService],
})
export class CirculationModule {}
