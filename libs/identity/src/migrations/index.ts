import { IdentityInit1763810000000 } from './1763810000000-identity-init.js';
import { IdentityPrincipalSignals1764600000000 } from './1764600000000-identity-principal-signals.js';
import { IdentityStaffInvitations1764950000100 } from './1764950000100-identity-staff-invitations.js';

/** Identity migrations, in order. Never edit one that has landed; add a new one. */
export const identityMigrations = [
  IdentityInit1763810000000,
  IdentityPrincipalSignals1764600000000,
  IdentityStaffInvitations1764950000100,
];
