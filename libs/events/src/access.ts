import { Inject, Injectable } from '@nestjs/common';
import {
  JURISDICTION_DIRECTORY,
  staffInstitutions,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { EventsErrors } from './events.errors.js';

/** Whether the caller organises events at an institution: the events (or manager) role there, or system admin. */
export function organises(p: Principal | undefined, institutionId: string): boolean {
  return !!p && (p.systemAdmin || staffInstitutions(p, 'events').includes(institutionId));
}

/** Organisers act on their institution's programmes; for anyone else the institution does not exist (404). */
export function assertOrganiser(p: Principal, institutionId: string): void {
  if (!organises(p, institutionId)) throw EventsErrors.institutionNotFound({ institutionId });
}

/**
 * Who may read an institution's events data beyond the public listing: its staff (any role), the administrators of
 * a unit it lies in (jurisdiction, as of today), and system administrators.
 */
@Injectable()
export class EventsAccess {
  constructor(@Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory) {}

  /** Institutions the caller may read; `null` means every institution (system administrator). */
  async readable(p: Principal): Promise<string[] | null> {
    if (p.systemAdmin) return null;
    const own = staffInstitutions(p);
    const administered = p.adminUnitIds.length ? await this.directory.institutionsUnder(p.adminUnitIds) : [];
    return [...new Set([...own, ...administered])];
  }

  async reads(p: Principal, institutionId: string): Promise<boolean> {
    const list = await this.readable(p);
    return list === null || list.includes(institutionId);
  }

  async assertReads(p: Principal, institutionId: string): Promise<void> {
    if (!(await this.reads(p, institutionId))) throw EventsErrors.institutionNotFound({ institutionId });
  }

  /** Units the caller administers (or every unit for a system administrator): `unitId` must be one or under one. */
  async assertAdministers(p: Principal, unitId: string): Promise<void> {
    if (p.systemAdmin) return;
    const units = p.adminUnitIds.length ? await this.directory.unitsUnder(p.adminUnitIds) : [];
    if (!units.includes(unitId)) throw EventsErrors.unitNotFound({ unitId });
  }
}
