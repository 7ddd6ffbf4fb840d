import { Global, Module } from '@nestjs/common';
import { JURISDICTION_DIRECTORY } from '@suotdoi/platform';
import { CalendarController } from './calendar/calendar.controller.js';
import { InstitutionsController } from './institutions/institutions.controller.js';
import { UnitsController } from './units/units.controller.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import { InstitutionsRepository } from './institutions/institutions.repository.js';
import { InstitutionsService } from './institutions/institutions.service.js';
import { NetworkJurisdictionDirectory } from './jurisdiction-directory.js';
import { NetworkAccess } from './network-access.js';
import { NetworkSeeder } from './seed/network.seeder.js';
import { UnitsRepository } from './units/units.repository.js';
import { UnitsService } from './units/units.service.js';
import { UnitHistoryService } from './units/unit-history.service.js';

/** Institutions and the versioned administrative hierarchy; imported by the modules that use its services. */
@Module({
  controllers: [UnitsController, InstitutionsController, CalendarController],
  providers: [
    UnitsRepository,
    UnitsService,
    UnitHistoryService,
    InstitutionsRepository,
    InstitutionsService,
    CalendarRepository,
    CalendarService,
    NetworkAccess,
    NetworkJurisdictionDirectory,
    NetworkSeeder,
  ],
  exports: [
    UnitsService,
    UnitHistoryService,
    InstitutionsService,
    CalendarService,
    NetworkAccess,
    NetworkJurisdictionDirectory,
  ],
})
export class NetworkModule {}

/**
 * The JURISDICTION_DIRECTORY port (which units and institutions lie under an administrator's units), for every module:
 * nearly every module's access checks ask it, and so does the platform's, which lies below network and cannot import
 * it. Global for that port only; network's services are imported with NetworkModule where they are used.
 */
@Global()
@Module({
  imports: [NetworkModule],
  providers: [{ provide: JURISDICTION_DIRECTORY, useExisting: NetworkJurisdictionDirectory }],
  exports: [JURISDICTION_DIRECTORY],
})
export class NetworkJurisdictionModule {}
