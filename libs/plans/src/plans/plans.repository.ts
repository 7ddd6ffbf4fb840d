import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { TargetRow } from '../indicators/indicator-engine.js';
import type {
  EvidenceRule,
  Indicator,
  PeriodDefinition,
  PlanLevel,
  ReportingCalendarEntry,
  TargetDefinition,
} from './plan.types.js';
import type { PlanInput } from './plan-validation.js';

export interface PlanRow {
  id: string;
  code: string;
  title: string;
  issuer: string;
  level: PlanLevel;
  jurisdictionUnitId: string | null;
  number: string | null;
  issuedOn: string | null;
  parentPlanId: string | null;
  baseYear: number;
  reportingCalendar: ReportingCalendarEntry[];
  periodDefinition: PeriodDefinition;
  status: 'draft' | 'adopted';
  version: number;
  horizonYear: number | null;
  adoptedAt: string | null;
  source: string | null;
}

const PLAN_COLS = `id, code, title, issuer, level, jurisdiction_unit_id, number, to_char(issued_on, 'YYYY-MM-DD') AS issued_on,
  parent_plan_id, base_year, reporting_calendar, period_definition, status, version, horizon_year, adopted_at, source`;
const toPlan = (r: Record<string, unknown>): PlanRow => ({
  id: r.id as string,
  code: r.code as string,
  title: r.title as string,
  issuer: r.issuer as string,
  level: r.level as PlanLevel,
  jurisdictionUnitId: (r.jurisdiction_unit_id as string | null) ?? null,
  number: (r.number as string | null) ?? null,
  issuedOn: (r.issued_on as string | null) ?? null,
  parentPlanId: (r.parent_plan_id as string | null) ?? null,
  baseYear: Number(r.base_year),
  reportingCalendar: r.reporting_calendar as ReportingCalendarEntry[],
  periodDefinition: r.period_definition as PeriodDefinition,
  status: r.status as 'draft' | 'adopted',
  version: Number(r.version),
  horizonYear: r.horizon_year === null || r.horizon_year === undefined ? null : Number(r.horizon_year),
  adoptedAt: r.adopted_at ? new Date(r.adopted_at as string).toISOString() : null,
  source: (r.source as string | null) ?? null,
});

const targetJson = (targets: TargetDefinition[]) =>
  JSON.stringify(
    targets.map((t) => ({
      key: t.key,
      indicator: t.indicator,
      types: t.institutionTypes,
      levels: t.levels,
      unit_kind: t.unitKind ?? null,
      year: t.year,
      min: t.min,
      max: t.max ?? null,
      rule: t.evidenceRule ?? null,
      activity: t.activity ?? null,
      usage_kinds: t.usageKinds?.length ? t.usageKinds : null,
      description_vi: t.descriptionVi.normalize('NFC'),
    })),
  );
const nfc = (s: string | null) => (s === null ? null : s.normalize('NFC').trim());

/** SQL for plans, targets, evidence rules and reports. */
@Injectable()
export class PlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async upsertEvidenceRule(code: string, vi: string, en: string, rule: EvidenceRule): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO plans.evidence_rules (code, description_vi, description_en, rule) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET description_vi = EXCLUDED.description_vi, description_en = EXCLUDED.description_en, rule = EXCLUDED.rule`,
      [code, vi, en, JSON.stringify(rule)],
    );
  }

  async evidenceRuleCodes(m: EntityManager): Promise<string[]> {
    return ((await m.query(`SELECT code FROM plans.evidence_rules`)) as { code: string }[]).map((r) => r.code);
  }

  /** Insert a draft; undefined when the code is taken. */
  async insertPlan(m: EntityManager, p: PlanInput, createdBy: string | null): Promise<string | undefined> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO plans.plans (code, title, issuer, level, jurisdiction_unit_id, number, issued_on, parent_plan_id, base_year, horizon_year, reporting_calendar, source, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [
        p.code,
        nfc(p.title),
        nfc(p.issuer),
        p.level,
        p.jurisdictionUnitId,
        nfc(p.number),
        p.issuedOn,
        p.parentPlanId,
        p.baseYear,
        p.horizonYear,
        JSON.stringify(p.reportingCalendar),
        nfc(p.source),
        createdBy,
      ],
    );
    return row?.id;
  }

  async updatePlan(m: EntityManager, id: string, p: PlanInput, version?: number): Promise<void> {
    await m.query(
      `UPDATE plans.plans SET title = $2, issuer = $3, level = $4, jurisdiction_unit_id = $5, number = $6, issued_on = $7, parent_plan_id = $8,
         base_year = $9, horizon_year = $10, reporting_calendar = $11, source = $12, version = coalesce($13, version), updated_at = now()
       WHERE id = $1`,
      [
        id,
        nfc(p.title),
        nfc(p.issuer),
        p.level,
        p.jurisdictionUnitId,
        nfc(p.number),
        p.issuedOn,
        p.parentPlanId,
        p.baseYear,
        p.horizonYear,
        JSON.stringify(p.reportingCalendar),
        nfc(p.source),
        version ?? null,
      ],
    );
  }

  async replaceTargets(m: EntityManager, planId: string, targets: TargetDefinition[]): Promise<void> {
    await m.query(`DELETE FROM plans.targets WHERE plan_id = $1`, [planId]);
    await m.query(
      `INSERT INTO plans.targets (plan_id, key, indicator, institution_types, levels, unit_kind, year, value_min, value_max, evidence_rule_code, activity, usage_kinds, description_vi)
       SELECT $1, t.key, t.indicator, t.types, t.levels, t.unit_kind, t.year, t.min, t.max, t.rule, t.activity, t.usage_kinds, t.description_vi
       FROM jsonb_to_recordset($2::jsonb) AS t(key text, indicator text, types text[], levels text[], unit_kind text, year int, min numeric, max numeric, rule text, activity jsonb, usage_kinds text[], description_vi text)`,
      [planId, targetJson(targets)],
    );
  }

  /** Lock the plan row for a change (concurrent changes wait and then see the new version). */
  async lock(m: EntityManager, id: string): Promise<PlanRow> {
    const r: Record<string, unknown>[] = await m.query(
      `SELECT ${PLAN_COLS} FROM plans.plans WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return toPlan(r[0]!);
  }

  async markAdopted(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE plans.plans SET status = 'adopted', adopted_at = now(), version = 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The plan and its targets as JSON (a version's snapshot). */
  async snapshot(m: EntityManager, id: string): Promise<Record<string, unknown>> {
    const [row]: { s: Record<string, unknown> }[] = await m.query(
      `SELECT jsonb_build_object(
         'title', p.title, 'issuer', p.issuer, 'number', p.number, 'issuedOn', to_char(p.issued_on, 'YYYY-MM-DD'), 'baseYear', p.base_year,
         'horizonYear', p.horizon_year, 'reportingCalendar', p.reporting_calendar, 'source', p.source, 'parentPlanId', p.parent_plan_id,
         'targets', coalesce((SELECT jsonb_agg(jsonb_build_object('key', t.key, 'indicator', t.indicator, 'institutionTypes', t.institution_types,
             'levels', t.levels, 'unitKind', t.unit_kind, 'year', t.year, 'min', t.value_min, 'max', t.value_max, 'evidenceRule', t.evidence_rule_code,
             'activity', t.activity, 'usageKinds', t.usage_kinds, 'descriptionVi', t.description_vi) ORDER BY t.year, t.key)
           FROM plans.targets t WHERE t.plan_id = p.id), '[]'::jsonb)) AS s
       FROM plans.plans p WHERE p.id = $1`,
      [id],
    );
    return row!.s;
  }

  async insertVersion(
    m: EntityManager,
    planId: string,
    version: number,
    reason: string | null,
    snapshot: Record<string, unknown>,
    createdBy: string | null,
  ): Promise<void> {
    await m.query(
      `INSERT INTO plans.plan_versions (plan_id, version, reason, snapshot, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [planId, version, reason, JSON.stringify(snapshot), createdBy],
    );
  }

  async versions(
    planId: string,
  ): Promise<{ version: number; reason: string | null; createdAt: string; snapshot: Record<string, unknown> }[]> {
    const r: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT version, reason, created_at, snapshot FROM plans.plan_versions WHERE plan_id = $1 ORDER BY version`,
      [planId],
    );
    return r.map((x) => ({
      version: Number(x.version),
      reason: (x.reason as string | null) ?? null,
      createdAt: new Date(x.created_at as string).toISOString(),
      snapshot: x.snapshot as Record<string, unknown>,
    }));
  }

  async planIdByCode(code: string): Promise<string | undefined> {
    const r: { id: string }[] = await this.dataSource.query(`SELECT id FROM plans.plans WHERE code = $1`, [code]);
    return r[0]?.id;
  }

  async find(id: string, m?: EntityManager): Promise<PlanRow | undefined> {
    const r: Record<string, unknown>[] = await (m ?? this.dataSource).query(
      `SELECT ${PLAN_COLS} FROM plans.plans WHERE id::text = $1`,
      [id],
    );
    return r[0] ? toPlan(r[0]) : undefined;
  }

  /** Plans of these jurisdictions (null: every plan). */
  async list(unitIds: string[] | null): Promise<PlanRow[]> {
    const r: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${PLAN_COLS} FROM plans.plans WHERE $1::uuid[] IS NULL OR jurisdiction_unit_id = ANY($1::uuid[]) ORDER BY base_year, code`,
      [unitIds],
    );
    return r.map(toPlan);
  }

  async targets(planId: string): Promise<TargetRow[]> {
    const r: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT t.id, t.key, t.indicator, t.institution_types, t.levels, t.unit_kind, t.year, t.value_min, t.value_max,
              t.evidence_rule_code, r.rule, t.activity, t.usage_kinds, t.description_vi
       FROM plans.targets t LEFT JOIN plans.evidence_rules r ON r.code = t.evidence_rule_code
       WHERE t.plan_id = $1 ORDER BY t.year, t.indicator, t.key`,
      [planId],
    );
    return r.map((x) => ({
      id: x.id as string,
      key: x.key as string,
      indicator: x.indicator as Indicator,
      institutionTypes: x.institution_types as string[],
      levels: x.levels as string[],
      unitKind: (x.unit_kind as string | null) ?? null,
      year: Number(x.year),
      min: Number(x.value_min),
      max: x.value_max === null ? null : Number(x.value_max),
      evidenceRuleCode: (x.evidence_rule_code as string | null) ?? null,
      evidenceRule: (x.rule as EvidenceRule | null) ?? null,
      activity: (x.activity as TargetRow['activity']) ?? null,
      usageKinds: (x.usage_kinds as TargetRow['usageKinds']) ?? null,
      descriptionVi: x.description_vi as string,
    }));
  }

  /**
   * Store revision `revision` of the report of (plan, period), inside the caller's transaction. The unique
   * (plan, period, revision) lets only one writer store a revision; a concurrent one gets undefined.
   */
  async insertReport(
    m: EntityManager,
    r: {
      planId: string;
      periodKey: string;
      unitId: string | null;
      dueOn: string | null;
      revision: number;
      reason: string | null;
      planVersion: number;
      content: unknown;
    },
  ): Promise<string | undefined> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO plans.reports (plan_id, period_key, jurisdiction_unit_id, due_on, revision, reason, plan_version, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (plan_id, period_key, revision) DO NOTHING RETURNING id`,
      [r.planId, r.periodKey, r.unitId, r.dueOn, r.revision, r.reason, r.planVersion, JSON.stringify(r.content)],
    );
    return rows[0]?.id;
  }

  /** The latest revision number of a period's report (0 when there is none). */
  async latestRevision(planId: string, periodKey: string): Promise<number> {
    const [r]: { n: number }[] = await this.dataSource.query(
      `SELECT coalesce(max(revision), 0)::int AS n FROM plans.reports WHERE plan_id = $1 AND period_key = $2`,
      [planId, periodKey],
    );
    return r!.n;
  }

  async storeFiles(m: EntityManager, reportId: string, files: { format: string; bytes: Buffer }[]): Promise<void> {
    for (const f of files) {
      await m.query(
        `INSERT INTO plans.report_files (report_id, format, content) VALUES ($1, $2, $3)
         ON CONFLICT (report_id, format) DO UPDATE SET content = EXCLUDED.content`,
        [reportId, f.format, f.bytes],
      );
    }
  }

  /** Every stored report of the plan, each revision (newest revision of a period first). */
  async reportKeys(planId: string): Promise<
    {
      id: string;
      periodKey: string;
      revision: number;
      reason: string | null;
      generatedAt: string;
      dueOn: string | null;
    }[]
  > {
    const r: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id, period_key, revision, reason, generated_at, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM plans.reports WHERE plan_id = $1 ORDER BY period_key, revision DESC`,
      [planId],
    );
    return r.map((x) => ({
      id: x.id as string,
      periodKey: x.period_key as string,
      revision: Number(x.revision),
      reason: (x.reason as string | null) ?? null,
      generatedAt: new Date(x.generated_at as string).toISOString(),
      dueOn: (x.due_on as string | null) ?? null,
    }));
  }

  /** A stored report: the given revision, or the latest. */
  async report(
    planId: string,
    periodKey: string,
    revision?: number,
  ): Promise<{ id: string; content: unknown; generatedAt: string; revision: number } | undefined> {
    const r: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id, content, generated_at, revision FROM plans.reports WHERE plan_id = $1 AND period_key = $2 AND ($3::int IS NULL OR revision = $3)
       ORDER BY revision DESC LIMIT 1`,
      [planId, periodKey, revision ?? null],
    );
    return r[0]
      ? {
          id: r[0].id as string,
          content: r[0].content,
          generatedAt: new Date(r[0].generated_at as string).toISOString(),
          revision: Number(r[0].revision),
        }
      : undefined;
  }

  async reportFile(planId: string, periodKey: string, format: string, revision?: number): Promise<Buffer | undefined> {
    const r: { content: Buffer }[] = await this.dataSource.query(
      `SELECT f.content FROM plans.report_files f JOIN plans.reports r ON r.id = f.report_id
       WHERE r.plan_id = $1 AND r.period_key = $2 AND f.format = $3 AND ($4::int IS NULL OR r.revision = $4)
       ORDER BY r.revision DESC LIMIT 1`,
      [planId, periodKey, format, revision ?? null],
    );
    return r[0]?.content;
  }
}
