import { Module } from '@nestjs/common';
import { IdentityModule } from '@suotdoi/identity';
import { CalendarFeedsController } from './feeds/calendar-feeds.controller.js';
import { CalendarFeedsService } from './feeds/calendar-feeds.service.js';
import { EventsAccess } from './access.js';
import { ClubsController } from './clubs/clubs.controller.js';
import { ClubsService } from './clubs/clubs.service.js';
import { ListingController } from './listing/listing.controller.js';
import { ListingService } from './listing/listing.service.js';
import { RemindHandler } from './jobs/remind.job.js';
import { EventsNoticeConsumer } from './notices/events-notice.consumer.js';
import { ExpireOffersHandler } from './jobs/expire-offers.job.js';
import { EventsPersonalData } from './me/events-personal-data.js';
import { EventsReportsController } from './reports/reports.controller.js';
import { EventsReportsService } from './reports/reports.service.js';
import { EventsSeeder } from './seed/events.seeder.js';
import { ObligationsController } from './obligations/obligations.controller.js';
import { ObligationsService } from './obligations/obligations.service.js';
import { ProgrammesController } from './programmes/programmes.controller.js';
import { ProgrammesService } from './programmes/programmes.service.js';
import { RegistrationsController } from './registrations/registrations.controller.js';
import { RegistrationsService } from './registrations/registrations.service.js';

/**
 * Events: programmes, sessions (single or recurring), rooms, registration with waitlist, attendance, clubs,
 * obligations of the plans, public listing and reports. Tables in schema `events` (raw SQL, no entities).
 */
@Module({
  imports: [IdentityModule],
  controllers: [
    ProgrammesController,
    RegistrationsController,
    ListingController,
    ClubsController,
    ObligationsController,
    EventsReportsController,
    CalendarFeedsController,
  ],
  providers: [
    EventsAccess,
    ProgrammesService,
    RegistrationsService,
    CalendarFeedsService,
    ListingService,
    ClubsService,
    ObligationsService,
    EventsPersonalData,
    ExpireOffersHandler,
    EventsSeeder,
    EventsReportsService,
    EventsNoticeConsumer,
    RemindHandler,
  ],
  exports: [ProgrammesService, RegistrationsService, ClubsService, ObligationsService],
})
export class EventsModule {}
