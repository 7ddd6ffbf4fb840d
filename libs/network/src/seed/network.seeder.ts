import { Injectable } from '@nestjs/common';
import { DemoSeeder, type SeedReport, type Seeder } from '@suotdoi/platform';
import { CalendarService } from '../calendar/calendar.service.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { UnitsService } from '../units/units.service.js';
import {
  DEMO_ABSORPTIONS,
  DEMO_INSTITUTIONS,
  DEMO_MERGES,
  DEMO_UNITS,
  REFORM_FIRST_DAY,
  WEEKLY_HOURS,
} from './demo-network.js';
import { UnitHistoryService } from '../units/unit-history.service.js';

/** Years whose public holidays the demo data adds. */
const DEMO_HOLIDAY_YEARS = [2025, 2026, 2027];

/** Demo network (order 10): units across the 2025 reform, institutions of every type, service points, calendars. Idempotent by code. */
@Injectable()
@DemoSeeder(10)
export class NetworkSeeder implements Seeder {
  constructor(
    private readonly units: UnitsService,
    private readonly institutions: InstitutionsService,
    private readonly calendar: CalendarService,
    private readonly history: UnitHistoryService,
  ) {}

  async seed(): Promise<SeedReport> {
    const unitIds = new Map<string, string>();
    let newUnits = 0;
    for (const u of DEMO_UNITS) {
      let unit = await this.units.findByCode(u.code, u.validFrom);
      if (!unit) {
        unit = await this.units.create({
          code: u.code,
          name: u.name,
          level: u.level,
          kind: u.kind,
          validFrom: u.validFrom,
          validTo: u.validTo ?? null,
          parentId: u.parent ? unitIds.get(u.parent) : undefined,
        });
        newUnits++;
      }
      unitIds.set(u.code, unit.id);
      for (const [year, population] of Object.entries(u.population ?? {}))
        await this.units.setPopulation(unit.id, Number(year), population, 'ước tính (dữ liệu mẫu)');
    }

    // Who took over whom on 1 July 2025 (plans of the old units follow these).
    let successions = 0;
    for (const [successor, predecessors] of Object.entries(DEMO_MERGES)) {
      for (const p of predecessors) {
        await this.history.recordSuccession(unitIds.get(p)!, unitIds.get(successor)!, REFORM_FIRST_DAY, 'merge');
        successions++;
      }
    }
    for (const [successor, predecessors] of Object.entries(DEMO_ABSORPTIONS)) {
      for (const p of predecessors) {
        await this.history.recordSuccession(unitIds.get(p)!, unitIds.get(successor)!, REFORM_FIRST_DAY, 'absorb');
        successions++;
      }
    }

    const institutionIds = new Map<string, string>();
    let newInstitutions = 0;
    let points = 0;
    for (const d of DEMO_INSTITUTIONS) {
      let inst = await this.institutions.findByCode(d.code, d.validFrom);
      if (!inst) {
        inst = await this.institutions.create({
          code: d.code,
          name: d.name,
          type: d.type,
          level: d.level ?? null,
          unitId: unitIds.get(d.unit)!,
          validFrom: d.validFrom,
          parentInstitutionId: d.parent ? institutionIds.get(d.parent) : null,
          address: d.address ?? null,
        });
        if (d.unitFromReform)
          await this.institutions.moveToUnit(inst.id, unitIds.get(d.unitFromReform)!, REFORM_FIRST_DAY);
        if (d.hours) await this.calendar.setWeeklyHours(inst.id, WEEKLY_HOURS[d.hours]);
        newInstitutions++;
      }
      institutionIds.set(d.code, inst.id);
      for (const sp of d.servicePoints ?? []) {
        if (!(await this.institutions.findServicePointByCode(sp.code)))
          await this.institutions.addServicePoint(inst.id, sp);
        points++;
      }
    }
    // The public holidays of the demo years, computed (the lunar ones from the lunar calendar).
    let holidays = 0;
    for (const year of DEMO_HOLIDAY_YEARS) holidays += (await this.calendar.addPublicHolidays(year)).length;

    return {
      summary: [
        `network: ${DEMO_UNITS.length} administrative units (${newUnits} new; districts end 2025-06-30, merged communes from 2025-07-01, ${successions} successions), ` +
          `${DEMO_INSTITUTIONS.length} institutions (${newInstitutions} new), ${points} service points, ${holidays} public holidays of ${DEMO_HOLIDAY_YEARS.join(', ')} incl. Tết`,
      ],
    };
  }
}
