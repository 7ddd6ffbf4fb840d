import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { PlansErrors } from '../plans.errors.js';
import { planProblems, type PlanInput } from './plan-validation.js';
import { PlansRepository, type PlanRow } from './plans.repository.js';

/** Who writes a plan: an administrator through the API, or the demo seeder (national and every unit). */
export type PlanAuthor = Principal | 'system';

/**
 * Plans entered by the jurisdictions themselves. A draft is edited freely; adoption freezes it as version 1; an
 * adopted plan changes only by a new version with a reason, each version kept as a snapshot. Every write is one
 * transaction that locks the plan row, so concurrent edits are applied one after the other (a stale `version`
 * answers 409); an invalid plan is refused before anything is written.
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly plans: PlansRepository,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  /**
   * That the author may write for the plan's jurisdiction (404 for a unit outside it) and the unit's level; asked of
   * the directory before the transaction opens (a transaction never waits on a second connection).
   */
  private async checkJurisdiction(author: PlanAuthor, input: PlanInput): Promise<void> {
    if (author !== 'system' && !author.systemAdmin) {
      if (input.level === 'national' || !input.jurisdictionUnitId)
        throw PlansErrors.invalidPlan({
          problem: 'only a system administrator enters a national plan',
          problemVi: 'chỉ quản trị hệ thống được nhập kế hoạch cấp quốc gia',
        });
      const mine =
        author.adminUnitIds.length && this.directory ? await this.directory.unitsUnder(author.adminUnitIds) : [];
      if (!mine.includes(input.jurisdictionUnitId))
        throw PlansErrors.unitNotInJurisdiction({ id: input.jurisdictionUnitId });
    }
    if (input.jurisdictionUnitId) {
      const [unit] = (await this.directory?.describeUnits?.([input.jurisdictionUnitId])) ?? [];
      if (!unit) throw PlansErrors.unitNotInJurisdiction({ id: input.jurisdictionUnitId });
      if (input.level !== 'institution' && unit.level !== input.level) {
        throw PlansErrors.invalidPlan({
          problem: `a ${input.level} plan cannot belong to ${unit.name} (${unit.level})`,
          problemVi: `kế hoạch cấp ${input.level} không thể thuộc ${unit.name} (cấp ${unit.level})`,
        });
      }
    }
  }

  /** The plan's own rules, read inside the writing transaction. */
  private async check(input: PlanInput, m: EntityManager): Promise<void> {
    if (input.parentPlanId && !(await this.plans.find(input.parentPlanId, m)))
      throw PlansErrors.invalidPlan({
        problem: `no parent plan ${input.parentPlanId}`,
        problemVi: `không có kế hoạch cấp trên ${input.parentPlanId}`,
      });
    const problems = planProblems(input, new Set(await this.plans.evidenceRuleCodes(m)));
    if (problems.length)
      throw PlansErrors.invalidPlan({
        problem: problems.map((p) => p.en).join('; '),
        problemVi: problems.map((p) => p.vi).join('; '),
        problems,
      });
  }

  async create(author: PlanAuthor, input: PlanInput): Promise<PlanRow> {
    await this.checkJurisdiction(author, input);
    const id = await this.ds.transaction(async (m) => {
      await this.check(input, m);
      const id = await this.plans.insertPlan(m, input, author === 'system' ? null : author.accountId);
      if (!id) throw PlansErrors.planCodeTaken({ code: input.code });
      await this.plans.replaceTargets(m, id, input.targets);
      return id;
    });
    return (await this.plans.find(id))!;
  }

  /** Replace a draft (fields and targets). */
  async updateDraft(author: PlanAuthor, plan: PlanRow, input: PlanInput): Promise<PlanRow> {
    if (plan.status !== 'draft') throw PlansErrors.planAdopted({ id: plan.id });
    await this.checkJurisdiction(author, input);
    await this.ds.transaction(async (m) => {
      const locked = await this.plans.lock(m, plan.id);
      if (locked.status !== 'draft') throw PlansErrors.planAdopted({ id: plan.id });
      await this.check({ ...input, code: locked.code }, m);
      await this.plans.updatePlan(m, plan.id, { ...input, code: locked.code });
      await this.plans.replaceTargets(m, plan.id, input.targets);
    });
    return (await this.plans.find(plan.id))!;
  }

  /** Draft → adopted: version 1, its snapshot kept. */
  async adopt(author: PlanAuthor, plan: PlanRow): Promise<PlanRow> {
    await this.ds.transaction(async (m) => {
      const locked = await this.plans.lock(m, plan.id);
      if (locked.status !== 'draft') throw PlansErrors.planAdopted({ id: plan.id });
      await this.plans.markAdopted(m, plan.id);
      await this.plans.insertVersion(
        m,
        plan.id,
        1,
        null,
        await this.plans.snapshot(m, plan.id),
        author === 'system' ? null : author.accountId,
      );
    });
    return (await this.plans.find(plan.id))!;
  }

  /** A new version of an adopted plan, with the reason; `expectedVersion` guards against a concurrent change. */
  async newVersion(
    author: PlanAuthor,
    plan: PlanRow,
    input: PlanInput,
    reason: string,
    expectedVersion?: number,
  ): Promise<PlanRow> {
    await this.ds.transaction(async (m) => {
      const locked = await this.plans.lock(m, plan.id);
      if (locked.status !== 'adopted') throw PlansErrors.planNotAdopted({ id: plan.id });
      if (expectedVersion !== undefined && locked.version !== expectedVersion)
        throw PlansErrors.versionConflict({ id: plan.id, version: locked.version });
      // The jurisdiction a plan was adopted for never changes.
      const fixed = { ...input, code: locked.code, level: locked.level, jurisdictionUnitId: locked.jurisdictionUnitId };
      // Who may change it was settled by the caller (planFor: the administrators of the unit or of its successors).
      await this.check(fixed, m);
      await this.plans.updatePlan(m, plan.id, fixed, locked.version + 1);
      await this.plans.replaceTargets(m, plan.id, fixed.targets);
      await this.plans.insertVersion(
        m,
        plan.id,
        locked.version + 1,
        reason.normalize('NFC').trim(),
        await this.plans.snapshot(m, plan.id),
        author === 'system' ? null : author.accountId,
      );
    });
    return (await this.plans.find(plan.id))!;
  }

  versions(plan: PlanRow) {
    return this.plans.versions(plan.id);
  }
}
