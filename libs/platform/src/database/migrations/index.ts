import { PlatformInit1763798400000 } from './1763798400000-platform-init.js';
import { PlatformChangeSignals1764500000000 } from './1764500000000-platform-change-signals.js';
import { PlatformTasks1764820000000 } from './1764820000000-platform-tasks.js';

/** Platform migrations, in order. Never edit one that has landed; add a new one. */
export const platformMigrations = [
  PlatformInit1763798400000,
  PlatformChangeSignals1764500000000,
  PlatformTasks1764820000000,
];
