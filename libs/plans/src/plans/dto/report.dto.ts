import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UsageEventKind } from '@suotdoi/usage';
import type { AttainmentStatus } from '../../indicators/growth.js';
import type { EvidenceRow, IndicatorResult } from '../../indicators/indicator-engine.js';
import type { ReportContent } from '../../reports/report.types.js';
import type { Indicator } from '../plan.types.js';

/*
 * The body of GET /plans/{planId}/indicators (computed now) and GET /plans/{planId}/reports/{period} (as stored).
 * A figure with no data is null, never 0. Built field by field by toReportDto, so nothing else reaches a client.
 */

export const ATTAINMENT_STATUSES: AttainmentStatus[] = [
  'met',
  'on_track',
  'at_risk',
  'off_track',
  'no_data',
  'undetermined',
];
const STATUS_DESCRIPTION =
  'met: target reached; on_track / at_risk / off_track: projection against the target year; no_data: no figure; undetermined: institutions that did not report could change the verdict (see undeterminedBecause)';

export class ReportPlanDto {
  @ApiProperty({ type: String }) id: string;
  @ApiProperty({ type: String, example: 'qd-1520-2022' }) code: string;
  @ApiProperty({ type: String }) title: string;
  @ApiProperty({ type: String, nullable: true, example: '1520/QĐ-TTg' }) number: string | null;
  @ApiProperty({ type: String }) issuer: string;
  @ApiProperty({ type: Number }) baseYear: number;
  @ApiProperty({ type: String, nullable: true, example: '2023-01-31' }) issuedOn: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Plan version the report was computed with' }) version:
    number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Source document by number, date and issuer' }) source:
    string | null;
}

export class ReportPeriodDto {
  @ApiProperty({ type: String, example: '2024', description: 'YYYY, YYYY-H1 or YYYY-review' }) key: string;
  @ApiProperty({ type: Number }) year: number;
  @ApiProperty({ type: Boolean, description: 'January–June only' }) half: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "Deadline in the plan's calendar (YYYY-MM-DD); null outside it",
  })
  dueOn: string | null;
}

export class ReportJurisdictionDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: the whole country (national report)' }) unitId:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Toàn quốc' }) name: string | null;
}

export class ReportTargetBoundsDto {
  @ApiProperty({ type: Number, description: 'Lower bound (a range target is met at it)' }) min: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound of a range target' }) max: number | null;
}

export class ReportAgainstBoundsDto {
  @ApiProperty({ type: Boolean, nullable: true }) meetsLower: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) meetsUpper: boolean | null;
}

export class ReportCoverageDto {
  @ApiProperty({ type: Number, description: 'Institutions with figures for the period' }) reported: number;
  @ApiProperty({ type: Number, description: 'Institutions the target covers' }) expected: number;
  @ApiProperty({ type: Number, nullable: true, description: 'reported / expected; null when none is expected' }) share:
    number | null;
}

export class ReportProjectionDto {
  @ApiProperty({ name: '2025', type: Number, nullable: true }) '2025': number | null;
  @ApiProperty({ name: '2030', type: Number, nullable: true }) '2030': number | null;
}

export class ReportLikeForLikeDto {
  @ApiProperty({ type: Number, nullable: true }) growth: number | null;
  @ApiProperty({ type: Number, description: 'Institutions with data in both years' }) institutions: number;
}

export class ReportGrowthDto {
  @ApiProperty({ type: Number }) baseYear: number;
  @ApiProperty({ type: Number, nullable: true }) baseValue: number | null;
  @ApiProperty({ type: Number, nullable: true }) currentValue: number | null;
  @ApiProperty({ type: Number, nullable: true }) yearOnYear: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Average annual growth since the base year' })
  averageAnnual: number | null;
  @ApiProperty({ type: ReportLikeForLikeDto }) likeForLike: ReportLikeForLikeDto;
  @ApiProperty({ type: Boolean, nullable: true }) onTrack: boolean | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Value required this year to be on track: base · (1 + target)^(year − base)',
  })
  requiredValue: number | null;
}

export class ReportNoReportDto {
  @ApiProperty({ type: String }) institutionId: string;
  @ApiProperty({ type: String }) name: string;
}

export class ReportUndeterminedDto {
  @ApiProperty({ type: String }) vi: string;
  @ApiProperty({ type: String }) en: string;
}

export class ReportSeriesPointDto {
  @ApiProperty({ type: Number }) year: number;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of expected institutions that reported' }) coverage:
    number | null;
}

export class ReportEvidenceDto {
  @ApiProperty({ type: String }) institutionId: string;
  @ApiProperty({ type: String }) name: string;
  @ApiProperty({ type: Boolean }) reported: boolean;
  @ApiProperty({ type: Boolean, nullable: true }) satisfied: boolean | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Yearly figures per usage kind (absent kind: no data)',
  })
  figures: Partial<Record<UsageEventKind, number>>;
}

export class ReportIndicatorDto {
  @ApiProperty({ type: String }) targetId: string;
  @ApiProperty({ type: String }) key: string;
  @ApiProperty({
    type: String,
    example: 'lifelong_learning_share',
    description: 'Indicator kind (built-in or registered by another module)',
  })
  indicator: Indicator;
  @ApiProperty({ type: String }) descriptionVi: string;
  @ApiProperty({ type: Number }) targetYear: number;
  @ApiProperty({ type: ReportTargetBoundsDto }) target: ReportTargetBoundsDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'A share (0–1), a count, or the average annual growth; null without data',
  })
  value: number | null;
  @ApiProperty({ type: ReportAgainstBoundsDto }) against: ReportAgainstBoundsDto;
  @ApiProperty({ type: ReportCoverageDto }) coverage: ReportCoverageDto;
  @ApiProperty({ enum: ATTAINMENT_STATUSES, description: STATUS_DESCRIPTION }) status: AttainmentStatus;
  @ApiProperty({ type: ReportProjectionDto }) projected: ReportProjectionDto;
  @ApiPropertyOptional({ type: ReportGrowthDto, description: 'Growth indicators only' }) growth?: ReportGrowthDto;
  @ApiProperty({ type: [ReportSeriesPointDto], description: 'Yearly values from the base year to the period' })
  series: ReportSeriesPointDto[];
  @ApiPropertyOptional({ type: [ReportEvidenceDto], description: 'Per institution, for evidence-rule shares' })
  evidence?: ReportEvidenceDto[];
  @ApiPropertyOptional({ type: String }) note?: string;
  @ApiProperty({
    type: [ReportNoReportDto],
    description: 'Expected institutions without a figure ("no report"): in the denominator, listed by name',
  })
  noReport: ReportNoReportDto[];
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Shares: the value if every institution without a report met the rule',
  })
  valueIfAllReported?: number | null;
  @ApiPropertyOptional({ type: ReportUndeterminedDto, description: 'Why the status is undetermined' })
  undeterminedBecause?: ReportUndeterminedDto;
}

export class ReportDrillDownIndicatorDto {
  @ApiProperty({ type: String }) key: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: ReportCoverageDto }) coverage: ReportCoverageDto;
  @ApiProperty({ enum: ATTAINMENT_STATUSES }) status: AttainmentStatus;
}

export class ReportDrillDownDto {
  @ApiProperty({ type: String, description: 'A unit one level down (the provinces for a national report)' })
  unitId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: [ReportDrillDownIndicatorDto] }) indicators: ReportDrillDownIndicatorDto[];
}

export class ReportRestatementDto {
  @ApiProperty({ type: String, description: 'Institution or unit id' }) scopeId: string;
  @ApiProperty({ type: String, example: 'year' }) grain: string;
  @ApiProperty({ type: String, example: '2023-01-01' }) periodStart: string;
  @ApiProperty({ type: String, example: 'visit' }) kind: string;
  @ApiProperty({ type: Number, nullable: true }) oldValue: number | null;
  @ApiProperty({ type: Number, nullable: true }) newValue: number | null;
  @ApiProperty({ type: String }) restatedAt: string;
}

export class PlanReportDto {
  @ApiProperty({ type: ReportPlanDto }) plan: ReportPlanDto;
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ type: ReportJurisdictionDto }) jurisdiction: ReportJurisdictionDto;
  @ApiProperty({ type: String }) generatedAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Every usage event recorded before this instant is in the figures',
  })
  figuresAsOf: string | null;
  @ApiProperty({ type: Boolean, description: 'The period is still running: a preview, never stored' })
  provisional: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Revision of a stored report (null for a live computation)',
  })
  revision: number | null;
  @ApiProperty({ type: [ReportIndicatorDto] }) indicators: ReportIndicatorDto[];
  @ApiProperty({ type: [ReportDrillDownDto], description: 'The same indicators one level down' })
  drillDown: ReportDrillDownDto[];
  @ApiProperty({ type: [ReportRestatementDto], description: 'Changes to closed periods (old and new values kept)' })
  restatements: ReportRestatementDto[];
}

const nn = <T>(v: T | null | undefined): T | null => v ?? null;
const coverageDto = (c: IndicatorResult['coverage']): ReportCoverageDto => ({
  reported: c.reported,
  expected: c.expected,
  share: nn(c.share),
});

const evidenceDto = (e: EvidenceRow): ReportEvidenceDto => ({
  institutionId: e.institutionId,
  name: e.name,
  reported: e.reported,
  satisfied: nn(e.satisfied),
  figures: Object.fromEntries(Object.entries(e.figures ?? {}).filter(([, v]) => typeof v === 'number')),
});

function indicatorDto(i: IndicatorResult): ReportIndicatorDto {
  const out: ReportIndicatorDto = {
    targetId: i.targetId,
    key: i.key,
    indicator: i.indicator,
    descriptionVi: i.descriptionVi,
    targetYear: i.targetYear,
    target: { min: i.target.min, max: nn(i.target.max) },
    value: nn(i.value),
    against: { meetsLower: nn(i.against.meetsLower), meetsUpper: nn(i.against.meetsUpper) },
    coverage: coverageDto(i.coverage),
    status: i.status,
    projected: { 2025: nn(i.projected[2025]), 2030: nn(i.projected[2030]) },
    series: i.series.map((s) => ({ year: s.year, value: nn(s.value), coverage: nn(s.coverage) })),
    noReport: (i.noReport ?? []).map((n) => ({ institutionId: n.institutionId, name: n.name })),
  };
  if (i.growth) {
    const g = i.growth;
    out.growth = {
      baseYear: g.baseYear,
      baseValue: nn(g.baseValue),
      currentValue: nn(g.currentValue),
      yearOnYear: nn(g.yearOnYear),
      averageAnnual: nn(g.averageAnnual),
      likeForLike: { growth: nn(g.likeForLike.growth), institutions: g.likeForLike.institutions },
      onTrack: nn(g.onTrack),
      requiredValue: nn(g.requiredValue),
    };
  }
  if (i.evidence) out.evidence = i.evidence.map(evidenceDto);
  if (i.note !== undefined) out.note = i.note;
  if (i.valueIfAllReported !== undefined) out.valueIfAllReported = nn(i.valueIfAllReported);
  if (i.undeterminedBecause) out.undeterminedBecause = { vi: i.undeterminedBecause.vi, en: i.undeterminedBecause.en };
  return out;
}

/** The report's content as the API answers it (live or stored), field by field. */
export function toReportDto(c: ReportContent): PlanReportDto {
  return {
    plan: {
      id: c.plan.id,
      code: c.plan.code,
      title: c.plan.title,
      number: nn(c.plan.number),
      issuer: c.plan.issuer,
      baseYear: c.plan.baseYear,
      issuedOn: nn(c.plan.issuedOn),
      version: nn(c.plan.version),
      source: nn(c.plan.source),
    },
    period: { key: c.period.key, year: c.period.year, half: c.period.half, dueOn: nn(c.period.dueOn) },
    jurisdiction: { unitId: nn(c.jurisdiction.unitId), name: nn(c.jurisdiction.name) },
    generatedAt: c.generatedAt,
    figuresAsOf: nn(c.figuresAsOf),
    provisional: c.provisional ?? false,
    revision: nn(c.revision),
    indicators: c.indicators.map(indicatorDto),
    drillDown: c.drillDown.map((d) => ({
      unitId: d.unitId,
      name: nn(d.name),
      indicators: d.indicators.map((i) => ({
        key: i.key,
        value: nn(i.value),
        coverage: coverageDto(i.coverage),
        status: i.status,
      })),
    })),
    restatements: c.restatements.map((r) => ({
      scopeId: r.scopeId,
      grain: r.grain,
      periodStart: r.periodStart,
      kind: r.kind,
      oldValue: nn(r.oldValue),
      newValue: nn(r.newValue),
      restatedAt: r.restatedAt,
    })),
  };
}
