import { NetworkInit1763800000000 } from './1763800000000-network-init.js';
import { NetworkCalendarSignals1764500000100 } from './1764500000100-network-calendar-signals.js';
import { NetworkUnitSuccessions1764870000100 } from './1764870000100-network-unit-successions.js';

/** Network migrations, in order. Never edit one that has landed; add a new one. */
export const networkMigrations = [
  NetworkInit1763800000000,
  NetworkCalendarSignals1764500000100,
  NetworkUnitSuccessions1764870000100,
];
