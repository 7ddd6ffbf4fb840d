import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  DemoSeeder,
  JURISDICTION_DIRECTORY,
  type JurisdictionDirectory,
  type SeedReport,
  type Seeder,
} from '@suotdoi/platform';
import { PlansRepository } from '../plans/plans.repository.js';
import { PlansService } from '../plans/plans.service.js';
import { DEMO_EVIDENCE_RULES, DEMO_PLANS } from './demo-plans.js';

/**
 * Decision 1520's national targets and the five local plans, entered and adopted through PlansService (the same
 * checks as the API), attached to the demo jurisdictions. Idempotent: a plan whose code exists is left as it is.
 */
@Injectable()
@DemoSeeder(60)
export class PlansSeeder implements Seeder {
  constructor(
    private readonly plans: PlansRepository,
    private readonly service: PlansService,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async seed(): Promise<SeedReport> {
    for (const r of DEMO_EVIDENCE_RULES)
      await this.plans.upsertEvidenceRule(r.code, r.descriptionVi, r.descriptionEn, r.rule);
    const loaded: string[] = [];
    const skipped: string[] = [];
    for (const def of DEMO_PLANS) {
      let unitId: string | null = null;
      if (def.jurisdictionUnitCode) {
        unitId = (await this.directory?.unitByCode?.(def.jurisdictionUnitCode))?.id ?? null;
        if (!unitId) {
          skipped.push(`${def.code} (unit ${def.jurisdictionUnitCode} not in the directory)`);
          continue;
        }
      }
      if (await this.plans.planIdByCode(def.code)) continue;
      const parentId = def.parentCode ? ((await this.plans.planIdByCode(def.parentCode)) ?? null) : null;
      const draft = await this.service.create('system', {
        code: def.code,
        title: def.title,
        issuer: def.issuer,
        level: def.level,
        jurisdictionUnitId: unitId,
        number: def.number,
        issuedOn: def.issuedOn,
        parentPlanId: parentId,
        baseYear: def.baseYear,
        horizonYear: def.horizonYear ?? Math.max(...def.targets.map((t) => t.year)),
        reportingCalendar: def.reportingCalendar,
        source: def.source,
        targets: def.targets,
      });
      await this.service.adopt('system', draft);
      loaded.push(`${def.number ?? def.code} (${def.targets.length} targets)`);
    }
    return {
      summary: [
        `plans: ${loaded.length} plans loaded: ${loaded.join('; ')}`,
        ...(skipped.length ? [`plans: skipped ${skipped.join('; ')}`] : []),
      ],
    };
  }
}
