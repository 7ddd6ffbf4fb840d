import { PlatformErrors, staffInstitutions, type Principal } from '@suotdoi/platform';
import { CatalogueErrors } from './catalogue.errors.js';

/** Institutions where the principal may catalogue (system administrators may everywhere: undefined). */
export function cataloguingInstitutions(p: Principal | undefined): string[] | undefined {
  if (!p) throw PlatformErrors.unauthenticated();
  if (p.systemAdmin) return undefined;
  return staffInstitutions(p, 'cataloguing');
}

/** Throws unless the principal holds the cataloguing role (or manager) at `institutionId`. */
export function assertCataloguer(p: Principal | undefined, institutionId: string): void {
  const mine = cataloguingInstitutions(p);
  if (mine && !mine.includes(institutionId)) throw CatalogueErrors.notYourInstitution({ institutionId });
}

/** The institution a cataloguing action is for: the one asked, else the principal's only one. */
export function pickInstitution(p: Principal | undefined, asked?: string): string {
  const mine = cataloguingInstitutions(p);
  if (asked) {
    assertCataloguer(p, asked);
    return asked;
  }
  if (mine?.length === 1) return mine[0];
  throw PlatformErrors.validationFailed({
    summary: 'institutionId: say which institution this is for',
    fields: [{ field: 'institutionId', problems: ['required when you catalogue for several institutions'] }],
  });
}

/** Whether the principal is staff (any role) at the institution. */
export function isStaffAt(p: Principal | undefined, institutionId: string): boolean {
  return !!p && (p.systemAdmin || p.staff.some((s) => s.institutionId === institutionId));
}
