import { NetworkInit1763800000000 } from './1763800000000-network-init.js';

/** Network migrations, in order. Never edit one that has landed; add a new one. */
export const networkMigrations = [NetworkInit1763800000000];
