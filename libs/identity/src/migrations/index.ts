import { IdentityInit1763810000000 } from './1763810000000-identity-init.js';

/** Identity migrations, in order. Never edit one that has landed; add a new one. */
export const identityMigrations = [IdentityInit1763810000000];
