import { EventsInit1764840000000 } from './1764840000000-events-init.js';

/** Events migrations, in order. Never edit one that has landed; add a new one. */
export const eventsMigrations = [EventsInit1764840000000];
