import { PlansInit1763850000000 } from './1763850000000-plans-init.js';
import { PlansVersions1764870000000 } from './1764870000000-plans-versions.js';
import { PlansSource1764870000001 } from './1764870000001-plans-source.js';

/** Plans migrations, in order. Never edit one that has landed; add a new one. */
export const plansMigrations = [PlansInit1763850000000, PlansVersions1764870000000, PlansSource1764870000001];
