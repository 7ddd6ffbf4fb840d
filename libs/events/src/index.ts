/** Events: programmes, sessions, rooms, registrations and waitlists, attendance, clubs, obligations, listing, reports. */
export * from './events.module.js';
export * from './events.errors.js';
export * from './events.types.js';
export {
  ProgrammesService,
  type ProgrammeRow,
  type SessionRow,
  type RoomRow,
  type ProgrammeInput,
  type ScheduleInput,
} from './programmes/programmes.service.js';
export {
  RegistrationsService,
  EVENTS_NOTICE_TOPIC,
  type RegistrationRow,
  type Registrant,
  type EventsNoticePayload,
  type EventsNoticeKind,
} from './registrations/registrations.service.js';
export { eventsMigrations } from './migrations/index.js';
export { ClubsService, CLUB_CATEGORIES, type ClubRow, type MemberRow } from './clubs/clubs.service.js';
export {
  ObligationsService,
  type InstitutionObligations,
  type ObligationEvidence,
} from './obligations/obligations.service.js';
export { OBLIGATIONS, TEMPLATES, type Obligation, type ProgrammeTemplate } from './obligations/obligations.js';
export { EventsNotices } from './notices/events.notices.js';
// The scheduled jobs, for operators and tests that run one now (QueueService.enqueue).
export { RemindJob, type RemindPayload } from './jobs/remind.job.js';
export { ExpireOffersJob, type ExpireOffersPayload } from './jobs/expire-offers.job.js';
