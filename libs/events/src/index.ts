/** Events: programmes, sessions, rooms, registrations and waitlists, attendance, clubs, obligations, listing, reports. */
export * from './events.module.js';
export * from './events.errors.js';
export * from './events.types.js';
export { ProgrammesService, type ProgrammeRow, type SessionRow, type RoomRow, type ProgrammeInput, type ScheduleInput } from './programmes/programmes.service.js';
export { RegistrationsService, EVENTS_NOTICE_TOPIC, type RegistrationRow, type Registrant, type EventsNoticePayload, type EventsNoticeKind } from './registrations/registrations.service.js';
export { eventsMigrations } from './migrations/index.js';
