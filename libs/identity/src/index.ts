export * from './identity.module.js';
export * from './identity.errors.js';
export { identityMigrations } from './migrations/index.js';
export { AccountsService, type AccountView, type CreateAccountInput } from './accounts/accounts.service.js';
export { AuthService, type Session, SIGN_IN_THROTTLE } from './auth/auth.service.js';
export {
  PatronsService,
  type Patron,
  type Consent,
  type PatronRegistration,
  type ConsentInput,
} from './patrons/patrons.service.js';
export { PATRON_CATEGORIES, type PatronCategory, type PatronStatus } from './patrons/patrons.repository.js';
export { AuditService, type AuditAction, type AuditEntry } from './audit/audit.service.js';
export { IdentityNotices } from './notices/identity.notices.js';
export { PrivacyService, type PersonalDataExport } from './privacy/privacy.service.js';
export { PersonalDataRegistry, type PersonalDataSource } from './privacy/personal-data.registry.js';
export { IdentitySeeder, DEMO_PASSWORD } from './seed/identity.seeder.js';
export {
  StaffInvitationsService,
  INVITATION_DAYS,
  type StaffInvitationView,
} from './staff/staff-invitations.service.js';
export { PurgeAuthRecordsHandler, PurgeAuthRecordsJob } from './auth/purge-auth-records.job.js';
