import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  JURISDICTION_DIRECTORY,
  staffInstitutions,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';

/**
 * Who sees and does what in rotation. The owner's staff manage collections, itineraries and shipments (circulation
 * role, or manager); a host's staff see what comes to them, receive it and circulate it; network administrators read
 * what institutions of their jurisdiction own or host. Anything else is answered as not found.
 */
@Injectable()
export class RotationAccess {
  constructor(@Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory) {}

  /** Staff (any role) at one of these institutions, or a system administrator. */
  staffAt(p: Principal, ...institutionIds: (string | null | undefined)[]): boolean {
    if (p.systemAdmin) return true;
    const mine = staffInstitutions(p);
    return institutionIds.some((id) => !!id && mine.includes(id));
  }

  /** Circulation staff (or managers) at the institution, or a system administrator. */
  manages(p: Principal, institutionId: string): boolean {
    return p.systemAdmin || staffInstitutions(p, 'circulation').includes(institutionId);
  }

  /** A network administrator whose jurisdiction holds one of these institutions (today). */
  async administers(p: Principal, ...institutionIds: (string | null | undefined)[]): Promise<boolean> {
    if (p.systemAdmin) return true;
    if (!p.adminUnitIds.length || !this.directory) return false;
    const under = new Set(await this.directory.institutionsUnder(p.adminUnitIds));
    return institutionIds.some((id) => !!id && under.has(id));
  }

  /** Institutions a network administrator reads (undefined: not an administrator). */
  async jurisdictionInstitutions(p: Principal): Promise<string[] | undefined> {
    if (!p.adminUnitIds.length || !this.directory) return undefined;
    return this.directory.institutionsUnder(p.adminUnitIds);
  }
}
