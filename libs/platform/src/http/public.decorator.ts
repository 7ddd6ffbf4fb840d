import { Access } from '../auth/principal.js';

/** The route needs no sign-in (shorthand for `@Access('public')`). */
export const Public = () => Access('public');
