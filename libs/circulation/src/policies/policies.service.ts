import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeSignals, SignalledCache, staffInstitutions, type Principal, isUniqueViolation } from '@suotdoi/platform';
import { CirculationErrors } from '../circulation.errors.js';
import { describeRule, type MatchedRule } from './decision.js';
import { PoliciesRepository, type RuleInput } from './policies.repository.js';
import { pickRule, type CirculationRule, type Situation } from './rule-matrix.js';

/** The circulation rule matrix: reading, editing (managers for their institution, system admins for all) and matching. */
@Injectable()
export class PoliciesService {
  /** Candidate rules per situation, kept until the rule matrix changes (in any process: circulation.policies signals). */
  private readonly candidates: SignalledCache<CirculationRule[]>;

  constructor(
    private readonly repo: PoliciesRepository,
    signals: ChangeSignals,
  ) {
    this.candidates = new SignalledCache(signals, ['circulation.policies']);
  }

  /** The rule that decides this situation, by the documented fallback order. */
  async match(s: Situation, manager?: EntityManager): Promise<{ rule: CirculationRule; matched: MatchedRule }> {
    const rules = await this.candidates.get(`${s.institutionId}|${s.patronCategory}|${s.itemType}`, () =>
      this.repo.candidates(s, manager),
    );
    const m = pickRule(rules, s);
    // The catch-all rule is created by the migration and cannot be deleted, so a match always exists.
    if (!m) throw new Error('circulation: no catch-all rule in circulation.policies');
    return { rule: m.rule, matched: describeRule(m.rule, m.matchedBy) };
  }

  list(p: Principal): Promise<CirculationRule[]> {
    return this.repo.list(p.systemAdmin ? null : staffInstitutions(p));
  }

  private assertManages(p: Principal, institutionId: string | null): void {
    if (p.systemAdmin) return;
    if (institutionId === null || !staffInstitutions(p, 'manager').includes(institutionId))
      throw CirculationErrors.policyNotFound();
  }

  async get(p: Principal, id: string): Promise<CirculationRule> {
    const r = await this.repo.find(id);
    if (!r || (!p.systemAdmin && r.institutionId !== null && !staffInstitutions(p).includes(r.institutionId)))
      throw CirculationErrors.policyNotFound();
    return r;
  }

  async create(p: Principal, input: RuleInput): Promise<CirculationRule> {
    this.assertManages(p, input.institutionId);
    const id = await this.repo.insert(input).catch((e: unknown) => {
      throw isUniqueViolation(e) ? CirculationErrors.ruleExists() : e;
    });
    this.candidates.clear();
    return (await this.repo.find(id))!;
  }

  async update(
    p: Principal,
    id: string,
    patch: Partial<Omit<RuleInput, 'institutionId' | 'patronCategory' | 'itemType'>>,
  ): Promise<CirculationRule> {
    const r = await this.get(p, id);
    this.assertManages(p, r.institutionId);
    await this.repo.update(id, patch);
    this.candidates.clear();
    return (await this.repo.find(id))!;
  }

  async remove(p: Principal, id: string): Promise<void> {
    const r = await this.get(p, id);
    this.assertManages(p, r.institutionId);
    if (r.institutionId === null && r.patronCategory === null && r.itemType === null)
      throw CirculationErrors.defaultRuleRequired();
    if (await this.repo.inUse(id)) throw CirculationErrors.ruleInUse();
    await this.repo.delete(id);
    this.candidates.clear();
  }
}
