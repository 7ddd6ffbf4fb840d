import { Injectable } from '@nestjs/common';
import { staffInstitutions, type Principal } from '@suotdoi/platform';
import { InstitutionsService } from './institutions/institutions.service.js';
import { UnitsService } from './units/units.service.js';

/**
 * Who may change what in the network. System administrators: everything. Network administrators: units under their
 * scope (as of today) and the institutions in them. Managers: their own institutions (calendar, service points).
 */
@Injectable()
export class NetworkAccess {
  constructor(
    private readonly units: UnitsService,
    private readonly institutions: InstitutionsService,
  ) {}

  async administersUnit(p: Principal | undefined, unitId: string): Promise<boolean> {
    if (!p) return false;
    if (p.systemAdmin) return true;
    if (!p.adminUnitIds.length) return false;
    return (await this.units.unitsUnder(p.adminUnitIds)).includes(unitId);
  }

  /** Network administrators of the institution's jurisdiction (and system administrators). */
  async administersInstitution(p: Principal | undefined, institutionId: string): Promise<boolean> {
    if (!p) return false;
    if (p.systemAdmin) return true;
    if (!p.adminUnitIds.length) return false;
    return (await this.institutions.idsUnder(p.adminUnitIds)).includes(institutionId);
  }

  /** Managers of the institution, plus its administrators. */
  async managesInstitution(p: Principal | undefined, institutionId: string): Promise<boolean> {
    if (staffInstitutions(p, 'manager').includes(institutionId)) return true;
    return this.administersInstitution(p, institutionId);
  }
}
