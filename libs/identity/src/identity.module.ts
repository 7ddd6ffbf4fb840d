import { Module } from '@nestjs/common';
import { NetworkModule } from '@suotdoi/network';
import { APP_GUARD } from '@nestjs/core';
import { DASHBOARD_AUTHORIZER } from '@suotdoi/platform';
import { AdminController } from './accounts/admin.controller.js';
import { MeController } from './accounts/me.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { BrowserSessionController } from './auth/browser-session.controller.js';
import { PatronsController } from './patrons/patrons.controller.js';
import { PersonalDataRegistry } from './privacy/personal-data.registry.js';
import { PrivacyService } from './privacy/privacy.service.js';
import { IdentitySeeder } from './seed/identity.seeder.js';
import { StaffController } from './staff/staff.controller.js';
import { StaffInvitationsService } from './staff/staff-invitations.service.js';
import { PrincipalCache } from './accounts/principal-cache.js';
import { AccountsRepository } from './accounts/accounts.repository.js';
import { AccountsService } from './accounts/accounts.service.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { AccessGuard } from './auth/access.guard.js';
import { AccessTokens } from './auth/access-tokens.js';
import { AuthService } from './auth/auth.service.js';
import { Authenticator } from './auth/authenticator.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { PurgeAuthRecordsHandler } from './auth/purge-auth-records.job.js';
import { TokensRepository } from './auth/tokens.repository.js';
import { IdentityNoticeContacts } from './notices/identity-notice-contacts.js';
import { PatronsRepository } from './patrons/patrons.repository.js';
import { PatronsService } from './patrons/patrons.service.js';

/**
 * Accounts, roles, authentication, patron profiles and consent. Provides the global access guard (every route must
 * declare @Access) and the queue dashboard's authorizer.
 */
@Module({
  // The demo data's staff and patrons belong to the network's institutions.
  imports: [NetworkModule],
  controllers: [
    AuthController,
    BrowserSessionController,
    MeController,
    PatronsController,
    StaffController,
    AdminController,
  ],
  providers: [
    PersonalDataRegistry,
    IdentitySeeder,
    PurgeAuthRecordsHandler,
    PrivacyService,
    AccountsRepository,
    PrincipalCache,
    AccountsService,
    AuditRepository,
    AuditService,
    AccessTokens,
    AuthService,
    Authenticator,
    PasswordHasher,
    TokensRepository,
    PatronsRepository,
    PatronsService,
    IdentityNoticeContacts,
    StaffInvitationsService,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: DASHBOARD_AUTHORIZER, useExisting: Authenticator },
  ],
  exports: [AccountsService, AuthService, PatronsService, AuditService, PrivacyService, PersonalDataRegistry],
})
export class IdentityModule {}
