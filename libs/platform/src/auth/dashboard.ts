import type { IncomingMessage } from 'node:http';

/** Decides whether a request may open the queue dashboard (identity provides it: system administrators only). */
export interface DashboardAuthorizer {
  isSystemAdministrator(req: IncomingMessage): Promise<boolean>;
}
export const DASHBOARD_AUTHORIZER = Symbol('suotdoi:dashboard-authorizer');
