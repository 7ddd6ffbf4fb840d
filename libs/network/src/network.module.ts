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

/**
 * Institutions and the versioned administrative hierarchy. Global so that every module gets the
 * JURISDICTION_DIRECTORY port without importing this one.
 */
@Global()
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
    { provide: JURISDICTION_DIRECTORY, useExisting: NetworkJurisdictionDirectory },
  ],
  exports: [
    UnitsService,
    UnitHistoryService,
    InstitutionsService,
    CalendarService,
    NetworkAccess,
    JURISDICTION_DIRECTORY,
  ],
})
export class NetworkModule {}
