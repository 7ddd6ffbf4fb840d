import { UsageInit1763840000000 } from './1763840000000-usage-init.js';
import { UsageRollupPeriodIndex1763840000001 } from './1763840000001-usage-rollup-period-index.js';
import { UsageRotationContext1764830000200 } from './1764830000200-usage-rotation-context.js';
import { UsageDemoEventsIndex1764950000200 } from './1764950000200-usage-demo-events-index.js';

/** Usage migrations, in order. Never edit one that has landed; add a new one. */
export const usageMigrations = [
  UsageInit1763840000000,
  UsageRollupPeriodIndex1763840000001,
  UsageRotationContext1764830000200,
  UsageDemoEventsIndex1764950000200,
];
