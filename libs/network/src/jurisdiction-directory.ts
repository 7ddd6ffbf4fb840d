import { Injectable } from '@nestjs/common';
import { vietnamDate, type InstitutionSummary, type JurisdictionDirectory, type UnitSummary } from '@suotdoi/platform';
import { InstitutionsService } from './institutions/institutions.service.js';
import { UnitsService } from './units/units.service.js';
import { UnitHistoryService } from './units/unit-history.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validIds = (ids: string[]) => ids.filter((id) => UUID.test(id));

/** The network's answer to the platform's JURISDICTION_DIRECTORY port. Dates are taken as calendar days in Vietnam. */
@Injectable()
export class NetworkJurisdictionDirectory implements JurisdictionDirectory {
  constructor(
    private readonly units: UnitsService,
    private readonly institutions: InstitutionsService,
    private readonly history: UnitHistoryService,
  ) {}

  private day(d?: Date): string {
    return d ? vietnamDate(d) : this.units.today();
  }

  unitsUnder(unitIds: string[], asOf?: Date): Promise<string[]> {
    return this.units.unitsUnder(validIds(unitIds), this.day(asOf));
  }

  institutionsUnder(unitIds: string[], asOf?: Date): Promise<string[]> {
    return this.institutions.idsUnder(validIds(unitIds), this.day(asOf));
  }

  async unitOfInstitution(institutionId: string, at: Date): Promise<string | undefined> {
    if (!UUID.test(institutionId)) return undefined;
    return (await this.institutions.find(institutionId, this.day(at)))?.unitId ?? undefined;
  }

  async describeInstitutions(ids: string[], asOf?: Date): Promise<InstitutionSummary[]> {
    const rows = await this.institutions.findMany(validIds(ids), this.day(asOf));
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      type: r.type,
      level: r.level,
      unitId: r.unitId ?? '',
      parentInstitutionId: r.parentInstitutionId,
    }));
  }

  async resolveLocation(id: string): Promise<{ institutionId: string; servicePointId: string | null } | undefined> {
    if (!UUID.test(id)) return undefined;
    if (await this.institutions.find(id)) return { institutionId: id, servicePointId: null };
    const sp = await this.institutions.findServicePoint(id);
    return sp ? { institutionId: sp.institutionId, servicePointId: sp.id } : undefined;
  }

  async resolveLocations(
    ids: string[],
  ): Promise<Map<string, { institutionId: string; servicePointId: string | null }>> {
    const rows = await this.institutions.resolveLocations([...new Set(validIds(ids))]);
    return new Map(rows.map((r) => [r.id, { institutionId: r.institutionId, servicePointId: r.servicePointId }]));
  }

  async unitsOnDays(pairs: { institutionId: string; day: string }[]): Promise<Map<string, string>> {
    const valid = pairs.filter((p) => UUID.test(p.institutionId) && /^\d{4}-\d{2}-\d{2}$/.test(p.day));
    const rows = await this.institutions.unitsOnDays(
      valid.map((p) => p.institutionId),
      valid.map((p) => p.day),
    );
    return new Map(rows.map((r) => [`${r.institutionId}|${r.day}`, r.unitId]));
  }

  async describeUnits(ids: string[], asOf?: Date): Promise<UnitSummary[]> {
    return this.units.describe(validIds(ids), this.day(asOf));
  }

  async rootUnits(asOf?: Date): Promise<UnitSummary[]> {
    const rows = await this.units.list(this.day(asOf));
    return rows
      .filter((u) => !u.parentId)
      .map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.level, kind: u.kind, parentId: null }));
  }

  async unitByCode(code: string): Promise<UnitSummary | undefined> {
    const u = await this.units.findByCode(code);
    return u ? { id: u.id, code: u.code, name: u.name, level: u.level, kind: u.kind, parentId: u.parentId } : undefined;
  }

  async groundMembers(unitId: string, years: number[]): Promise<Map<number, string[]>> {
    if (!UUID.test(unitId)) return new Map(years.map((y) => [y, []]));
    return this.history.groundMembers(unitId, years);
  }

  async successorsOf(unitId: string): Promise<string[]> {
    return UUID.test(unitId) ? this.history.successorsOf(unitId) : [];
  }

  async populationOf(unitIds: string[], year: number): Promise<Record<string, number>> {
    const rows = await this.units.populations(validIds(unitIds), year);
    return Object.fromEntries(rows.map((r) => [r.unitId, r.population]));
  }
}
