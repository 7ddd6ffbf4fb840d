import { NoticesInit1764820000100 } from './1764820000100-notices-init.js';

/** The notices module's migrations, in order. Never edit one that has landed; add a new one. */
export const noticesMigrations = [NoticesInit1764820000100];
