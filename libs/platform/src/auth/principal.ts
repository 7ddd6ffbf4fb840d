import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

/** A librarian's role at one institution. */
export type StaffRole = 'circulation' | 'cataloguing' | 'events' | 'manager';

/**
 * Who is calling, as established by the identity module's guard from the access token. One account can hold
 * several capacities at once (a librarian is usually a patron too).
 */
export interface Principal {
  accountId: string;
  /** Set when the account has a patron profile (bạn đọc). */
  patronId?: string;
  /** Institutions the account works at, with the roles held at each. */
  staff: { institutionId: string; roles: StaffRole[] }[];
  /** Administrative units the account administers (the unit and everything under it, as of today). */
  adminUnitIds: string[];
  systemAdmin: boolean;
}

/**
 * Who may call a route. `public` needs no sign-in; the others need a principal with that capacity.
 * `staff:<role>` requires the role at some institution (the handler still checks the institution of the object).
 */
export type AccessRule =
  'public' | 'authenticated' | 'patron' | 'staff' | `staff:${StaffRole}` | 'network_admin' | 'system_admin';

export const ACCESS_RULES = 'suotdoi:access';

/** Declare who may call a route (any one rule suffices). Every route must declare it; the guard refuses undeclared routes. */
export const Access = (...rules: AccessRule[]) => SetMetadata(ACCESS_RULES, rules);

/** The authenticated principal of this request (undefined on public routes without a token). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});

/** Institutions where the principal holds `role` (or any role when omitted). */
export function staffInstitutions(p: Principal | undefined, role?: StaffRole): string[] {
  if (!p) return [];
  return p.staff
    .filter((s) => !role || s.roles.includes(role) || s.roles.includes('manager'))
    .map((s) => s.institutionId);
}
