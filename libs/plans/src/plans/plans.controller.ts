import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  Access,
  ApiTaskAccepted,
  CurrentPrincipal,
  TasksService,
  taskAccepted,
  TaskDto,
  type Principal,
} from '@suotdoi/platform';
import { PlanReportTask } from '../reports/report-task.js';
import { ReportsService } from '../reports/reports.service.js';
import { PlansRepository, type PlanRow } from './plans.repository.js';
import { PlansService } from './plans.service.js';
import { NewVersionDto, PlanInputDto, PlanVersionDto, toPlanInput } from './dto/plan-input.dto.js';
import {
  ExportParams,
  IndicatorQuery,
  PeriodParams,
  PlanDto,
  PlanParams,
  RegenerateDto,
  ReportSummaryDto,
  RevisionQuery,
} from './dto/plan.dto.js';
import { PlansErrors } from '../plans.errors.js';
import { PlanReportDto, toReportDto } from './dto/report.dto.js';

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;

const toDto = (p: PlanRow): PlanDto => ({
  id: p.id,
  code: p.code,
  title: p.title,
  issuer: p.issuer,
  level: p.level,
  jurisdictionUnitId: p.jurisdictionUnitId,
  number: p.number,
  issuedOn: p.issuedOn,
  parentPlanId: p.parentPlanId,
  baseYear: p.baseYear,
  reportingCalendar: p.reportingCalendar,
  periodDefinition: p.periodDefinition,
  status: p.status,
  version: p.version,
  horizonYear: p.horizonYear,
  adoptedAt: p.adoptedAt,
  source: p.source,
});
const reportTitle = (plan: PlanRow, period: string) => ({
  vi: `Báo cáo kỳ ${period} — ${plan.number ? `Kế hoạch số ${plan.number}` : plan.title}`,
  en: `Report for ${period} — plan ${plan.number ?? plan.code}`,
});
const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat the POST safely: the first response is replayed',
});

/** Plans, their targets, live indicators and stored reports; only administrators of the plan's jurisdiction. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly reports: ReportsService,
    private readonly plans: PlansRepository,
    private readonly service: PlansService,
    private readonly tasks: TasksService,
  ) {}

  @Post()
  @Access('network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Enter a plan as a draft for a jurisdiction I administer (system administrators: national plans too).',
    description:
      'An invalid plan answers 422 plans/invalid_plan listing every problem in English and Vietnamese; nothing is stored.',
  })
  @ApiCreatedResponse({ type: PlanDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: PlanInputDto): Promise<PlanDto> {
    return this.withTargets(await this.service.create(p, toPlanInput(body)));
  }

  @Put(':planId')
  @Access('network_admin', 'system_admin')
  @ApiOperation({ summary: 'Replace a draft plan (an adopted plan answers 409: give it a new version).' })
  @ApiOkResponse({ type: PlanDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param() { planId }: PlanParams,
    @Body() body: PlanInputDto,
  ): Promise<PlanDto> {
    return this.withTargets(
      await this.service.updateDraft(p, await this.reports.planFor(p, planId), toPlanInput(body)),
    );
  }

  @Post(':planId/adopt')
  @HttpCode(200)
  @Access('network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Adopt a draft: it becomes version 1 and from then on changes only by a new version with a reason.',
  })
  @ApiOkResponse({ type: PlanDto })
  async adopt(@CurrentPrincipal() p: Principal, @Param() { planId }: PlanParams): Promise<PlanDto> {
    return this.withTargets(await this.service.adopt(p, await this.reports.planFor(p, planId)));
  }

  @Post(':planId/versions')
  @Access('network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Change an adopted plan by a new version with its reason; earlier versions are kept. The jurisdiction and code never change.',
  })
  @ApiCreatedResponse({ type: PlanDto })
  async newVersion(
    @CurrentPrincipal() p: Principal,
    @Param() { planId }: PlanParams,
    @Body() body: NewVersionDto,
  ): Promise<PlanDto> {
    const plan = await this.reports.planFor(p, planId);
    return this.withTargets(
      await this.service.newVersion(p, plan, toPlanInput(body), body.reason, body.expectedVersion),
    );
  }

  @Get(':planId/versions')
  @Access('network_admin', 'system_admin')
  @ApiOperation({ summary: 'Every adopted version of the plan, with the reason for each change.' })
  @ApiOkResponse({ type: [PlanVersionDto] })
  async versions(@CurrentPrincipal() p: Principal, @Param() { planId }: PlanParams): Promise<PlanVersionDto[]> {
    return (await this.service.versions(await this.reports.planFor(p, planId))).map((v) => PlanVersionDto.of(v));
  }

  private async withTargets(plan: PlanRow): Promise<PlanDto> {
    const targets = await this.plans.targets(plan.id);
    return {
      ...toDto(plan),
      targets: targets.map((t) => ({
        id: t.id,
        key: t.key,
        indicator: t.indicator,
        institutionTypes: t.institutionTypes,
        levels: t.levels,
        unitKind: t.unitKind,
        year: t.year,
        min: t.min,
        max: t.max,
        evidenceRule: t.evidenceRuleCode,
        usageKinds: t.usageKinds ?? null,
        activity: t.activity,
        descriptionVi: t.descriptionVi,
      })),
    };
  }

  @Get()
  @Access('network_admin', 'system_admin')
  @ApiOperation({ summary: 'Plans of the jurisdictions I administer, and national plans.' })
  @ApiOkResponse({ type: [PlanDto] })
  async list(@CurrentPrincipal() p: Principal): Promise<PlanDto[]> {
    return (await this.reports.visiblePlans(p)).map(toDto);
  }

  @Get(':planId')
  @Access('network_admin', 'system_admin')
  @ApiOperation({ summary: 'A plan with its targets (national plans are readable by every network administrator).' })
  @ApiOkResponse({ type: PlanDto })
  async get(@CurrentPrincipal() p: Principal, @Param() { planId }: PlanParams): Promise<PlanDto> {
    const plan = await this.reports.planFor(p, planId).catch(async (e) => {
      // National plans are readable by every network administrator.
      const found = await this.plans.find(planId);
      if (found?.level === 'national') return found;
      throw e;
    });
    return this.withTargets(plan);
  }

  @Get(':planId/indicators')
  @Access('network_admin', 'system_admin')
  @ApiOperation({
    summary:
      "Indicators, attainment, time series and drill-down for a period of the plan's calendar, computed now from the rollups (provisional while the period runs; never stored).",
    description:
      'A national plan is evaluated for a unit the caller administers (unitId), or for the whole country when a system administrator gives none.',
  })
  @ApiOkResponse({ type: PlanReportDto })
  async indicators(
    @CurrentPrincipal() p: Principal,
    @Param() { planId }: PlanParams,
    @Query() q: IndicatorQuery,
  ): Promise<PlanReportDto> {
    const found = await this.plans.find(planId);
    const plan = found?.level === 'national' ? found : await this.reports.planFor(p, planId);
    const unitId = await this.reports.unitFor(p, plan, q.unitId);
    return toReportDto(await this.reports.build(plan, this.reports.periodOf(plan, q.period), unitId));
  }

  @Get(':planId/reports')
  @Access('network_admin', 'system_admin')
  @ApiOperation({ summary: 'Stored reports of the plan, one per period.' })
  @ApiOkResponse({ type: [ReportSummaryDto] })
  async reportList(@CurrentPrincipal() p: Principal, @Param() { planId }: PlanParams): Promise<ReportSummaryDto[]> {
    return (await this.reports.list(await this.reports.planFor(p, planId))).map((r) => ReportSummaryDto.of(r));
  }

  @Post(':planId/reports/:period')
  @Access('network_admin', 'system_admin')
  @ApiTaskAccepted(
    'The report is being generated: poll the Location (GET /tasks/{id}); its result says generated or exists, its files are the PDF, XLSX and CSV',
  )
  @ApiOperation({
    summary: 'Generate the report of a period (never a second one: an existing report answers exists).',
    description:
      "Only a period of the plan's calendar (else 400 plans/period_not_in_calendar) that is over (else 409 plans/period_not_over), of an adopted plan. Runs as an on-demand task.",
  })
  async generate(
    @CurrentPrincipal() p: Principal,
    @Param() { planId, period }: PeriodParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const plan = await this.reports.planFor(p, planId);
    this.reports.closedPeriodOf(plan, period);
    const task = await this.tasks.start(
      PlanReportTask,
      { planId: plan.id, period, revision: 1, reason: null },
      { owner: p, title: reportTitle(plan, period) },
    );
    return taskAccepted(res, task);
  }

  @Post(':planId/reports/:period/revisions')
  @Access('network_admin', 'system_admin')
  @ApiTaskAccepted('The new revision is being generated: poll the Location (GET /tasks/{id})')
  @ApiOperation({
    summary:
      'Generate a stored report again as a new revision, with the reason; earlier revisions are kept and still readable (?revision=).',
  })
  async regenerate(
    @CurrentPrincipal() p: Principal,
    @Param() { planId, period }: PeriodParams,
    @Body() body: RegenerateDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const plan = await this.reports.planFor(p, planId);
    this.reports.closedPeriodOf(plan, period);
    const latest = await this.plans.latestRevision(plan.id, period);
    if (!latest) throw PlansErrors.reportNotFound({ id: plan.id, period });
    const task = await this.tasks.start(
      PlanReportTask,
      { planId: plan.id, period, revision: latest + 1, reason: body.reason },
      { owner: p, title: reportTitle(plan, period) },
    );
    return taskAccepted(res, task);
  }

  @Get(':planId/reports/:period')
  @Access('network_admin', 'system_admin')
  @ApiOperation({
    summary: 'A stored report as it was generated: indicators, attainment, drill-down and restatements.',
  })
  @ApiOkResponse({ type: PlanReportDto })
  async report(
    @CurrentPrincipal() p: Principal,
    @Param() { planId, period }: PeriodParams,
    @Query() q: RevisionQuery,
  ): Promise<PlanReportDto> {
    return toReportDto((await this.reports.stored(await this.reports.planFor(p, planId), period, q.revision)).content);
  }

  @Get(':planId/reports/:period/export/:format')
  @Access('network_admin', 'system_admin')
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOperation({ summary: 'Download a stored report as XLSX, CSV or printable PDF.' })
  @ApiOkResponse({ description: 'The report file (attachment)', schema: { type: 'string', format: 'binary' } })
  async export(
    @CurrentPrincipal() p: Principal,
    @Param() { planId, period, format }: ExportParams,
    @Query() q: RevisionQuery,
    @Res() res: Response,
  ): Promise<void> {
    const plan = await this.reports.planFor(p, planId);
    const bytes = await this.reports.file(plan, period, format, q.revision);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${plan.code}-${period}.${format}"`);
    res.send(bytes);
  }
}
