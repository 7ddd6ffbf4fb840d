import { EventsInit1764840000000 } from './1764840000000-events-init.js';
import { EventsCalendarFeeds1764990000000 } from './1764990000000-events-calendar-feeds.js';

/** Events migrations, in order. Never edit one that has landed; add a new one. */
export const eventsMigrations = [EventsInit1764840000000, EventsCalendarFeeds1764990000000];
