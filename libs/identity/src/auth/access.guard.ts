import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ACCESS_RULES,
  PlatformErrors,
  staffInstitutions,
  type AccessRule,
  type Principal,
  type RequestWithPrincipal,
  type StaffRole,
} from '@suotdoi/platform';
import { IdentityErrors } from '../identity.errors.js';
import { Authenticator } from './authenticator.js';

/** Whether the principal satisfies one rule. A system administrator satisfies `system_admin` and `authenticated` only. */
export function satisfies(p: Principal, rule: AccessRule): boolean {
  switch (rule) {
    case 'public':
    case 'authenticated':
      return true;
    case 'patron':
      return !!p.patronId;
    case 'staff':
      return p.staff.length > 0;
    case 'network_admin':
      return p.adminUnitIds.length > 0;
    case 'system_admin':
      return p.systemAdmin;
    default:
      return staffInstitutions(p, rule.slice('staff:'.length) as StaffRole).length > 0;
  }
}

/**
 * The one authentication and authorisation gate (APP_GUARD): reads the Bearer token, sets `req.principal`, enforces
 * `@Access(...)`, and refuses every route that declares no rule, so nothing is open by accident.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly log = new Logger('AccessGuard');
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const rules = this.reflector.getAllAndOverride<AccessRule[] | undefined>(ACCESS_RULES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
    if (!rules?.length) {
      this.log.error(`route ${req.method} ${req.route?.path ?? req.path} declares no @Access rule; refused`);
      throw PlatformErrors.forbidden({ reason: 'route declares no access rule' });
    }
    const principal = await this.authenticator.fromHeader(req.headers.authorization);
    const isPublic = rules.includes('public');
    if (principal === null && !isPublic) throw IdentityErrors.invalidAccessToken();
    req.principal = principal ?? undefined;
    if (isPublic) return true;
    if (!principal) throw PlatformErrors.unauthenticated();
    if (rules.some((r) => satisfies(principal, r))) return true;
    throw PlatformErrors.forbidden();
  }
}
