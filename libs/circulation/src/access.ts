import { staffInstitutions, type Principal } from '@suotdoi/platform';
import { CirculationErrors } from './circulation.errors.js';

/** The institution a desk action happens at: must be one the caller serves with the circulation role (else 404). */
export function assertDesk(p: Principal, institutionId: string): void {
  if (p.systemAdmin) return;
  if (!staffInstitutions(p, 'circulation').includes(institutionId))
    throw CirculationErrors.institutionNotServed({ institutionId });
}

/** Where the caller works, when the request does not say: their only circulation desk, else undefined. */
export function soleDesk(p: Principal): string | undefined {
  const list = staffInstitutions(p, 'circulation');
  return list.length === 1 ? list[0] : undefined;
}

/** Whether the caller may see circulation data of an institution (staff there with any role, or system admin). */
export function seesInstitution(p: Principal, institutionId: string): boolean {
  return p.systemAdmin || staffInstitutions(p).includes(institutionId);
}
