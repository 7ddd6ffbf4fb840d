import { Inject, Injectable, Optional } from '@nestjs/common';
import { DemoSeeder, JURISDICTION_DIRECTORY, type JurisdictionDirectory, type SeedReport, type Seeder } from '@suotdoi/platform';
import { PlansRepository } from '../plans/plans.repository.js';
import { DEMO_EVIDENCE_RULES, DEMO_PLANS } from './demo-plans.js';

/** Decision 1520's national targets and the five local plans, attached to the demo jurisdictions (idempotent). */
@Injectable()
@DemoSeeder(60)
export class PlansSeeder implements Seeder {
  constructor(
    private readonly plans: PlansRepository,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async seed(): Promise<SeedReport> {
    for (const r of DEMO_EVIDENCE_RULES) await this.plans.upsertEvidenceRule(r.code, r.descriptionVi, r.descriptionEn, r.rule);
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
      const parentId = def.parentCode ? ((await this.plans.planIdByCode(def.parentCode)) ?? null) : null;
      await this.plans.upsertPlan(def, unitId, parentId);
      loaded.push(`${def.number ?? def.code} (${def.targets.length} targets)`);
    }
    return { summary: [`plans: ${loaded.length} plans loaded: ${loaded.join('; ')}`, ...(skipped.length ? [`plans: skipped ${skipped.join('; ')}`] : [])] };
  }
}
