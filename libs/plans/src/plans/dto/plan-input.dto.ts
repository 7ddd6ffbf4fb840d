import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { USAGE_EVENT_KINDS, type UsageEventKind } from '@suotdoi/usage';
import type { PlanInput } from '../plan-validation.js';
import type { PlanLevel, ReportingCalendarEntry, TargetDefinition } from '../plan.types.js';

const MMDD = /^\d{2}-\d{2}$/;

export class CalendarEntryDto {
  @ApiProperty({
    enum: ['annual', 'half_year', 'review'],
    description:
      'annual report, half-year report (January–June), or the review of one year (sơ kết 2025, tổng kết 2030)',
  })
  @IsIn(['annual', 'half_year', 'review'])
  kind: 'annual' | 'half_year' | 'review';
  @ApiProperty({ example: '12-10', description: 'Deadline, month and day (MM-DD) of the year reported on' })
  @Matches(MMDD)
  due: string;
  @ApiPropertyOptional({ example: 2025, description: 'Year of a review' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ActivityWindowDto {
  @ApiProperty({ example: '04-21' }) @Matches(MMDD) from: string;
  @ApiProperty({ example: '04-21' }) @Matches(MMDD) to: string;
}

export class ActivityDto {
  @ApiProperty({ example: 'book_day_21_4' }) @Matches(/^[a-z0-9_]{1,60}$/) code: string;
  @ApiProperty({ example: 'Ngày Sách và Văn hóa đọc Việt Nam (21/4)' }) @IsString() @Length(1, 300) nameVi: string;
  @ApiPropertyOptional({
    type: ActivityWindowDto,
    description: 'Days of the year in which programme sessions count for it',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActivityWindowDto)
  window?: ActivityWindowDto;
}

export class TargetInputDto {
  @ApiProperty({ example: 'lll.commune.2025', description: 'Unique within the plan' })
  @Matches(/^[\p{L}\p{N}._ -]{1,120}$/u)
  key: string;
  @ApiProperty({
    example: 'lifelong_learning_share',
    description:
      'Indicator kind: *_share (share of institutions of the types/levels meeting the evidence rule; min/max 0–1), user_visits_growth and ' +
      'museum_learning_visits_growth (average annual growth from the base year; 0.1 = 10%/yr, a range with max), population_participation_share, ' +
      'activity_count (yearly obligation: sessions of an activity), usage_total (absolute yearly figure of usageKinds), or a kind another module registered',
  })
  @Matches(/^[a-z][a-z0-9_]{0,60}$/)
  indicator: string;
  @ApiProperty({ type: [String], example: ['public_library'], description: 'Institution types covered (empty: all)' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  institutionTypes: string[];
  @ApiProperty({ type: [String], example: ['commune'], description: 'Institution levels covered (empty: all)' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(['province', 'district', 'commune', 'village'], { each: true })
  levels: string[];
  @ApiPropertyOptional({ example: 'huyen', description: 'Only units of this kind (urban quận vs rural huyện)' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  unitKind?: string;
  @ApiProperty({ example: 2025 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: 0.2, description: 'Target (lower bound of a range; a range is met at it)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  min: number;
  @ApiPropertyOptional({ example: 0.3, description: 'Upper bound of a range ("10–15%")' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  max?: number;
  @ApiPropertyOptional({ example: 'lifelong_learning_services', description: 'Evidence rule code (share indicators)' })
  @IsOptional()
  @IsString()
  evidenceRule?: string;
  @ApiPropertyOptional({ type: ActivityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActivityDto)
  activity?: ActivityDto;
  @ApiPropertyOptional({ enum: USAGE_EVENT_KINDS, isArray: true, description: 'Usage kinds an absolute target sums' })
  @IsOptional()
  @IsArray()
  @IsIn(USAGE_EVENT_KINDS as unknown as string[], { each: true })
  usageKinds?: UsageEventKind[];
  @ApiProperty({ example: 'Thư viện công cộng cấp xã: 20% đến năm 2025' })
  @IsString()
  @Length(1, 500)
  descriptionVi: string;
}

export class PlanInputDto {
  @ApiProperty({ example: 'kh-ubnd-dak-ha-2023', description: 'Stable code of the plan (unique)' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,80}$/)
  code: string;
  @ApiProperty() @IsString() @Length(3, 500) title: string;
  @ApiProperty({ example: 'UBND huyện Đắk Hà' }) @IsString() @Length(2, 300) issuer: string;
  @ApiProperty({ enum: ['national', 'province', 'district', 'commune'] })
  @IsIn(['national', 'province', 'district', 'commune'])
  level: PlanLevel;
  @ApiPropertyOptional({ description: 'Administrative unit the plan is adopted for (absent for a national plan)' })
  @IsOptional()
  @IsUUID()
  jurisdictionUnitId?: string;
  @ApiPropertyOptional({ example: '15/KH-UBND' }) @IsOptional() @IsString() @Length(1, 60) number?: string;
  @ApiPropertyOptional({ example: '2023-01-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  issuedOn?: string;
  @ApiPropertyOptional({ description: 'Plan this one implements (e.g. Decision 1520)' })
  @IsOptional()
  @IsUUID()
  parentPlanId?: string;
  @ApiProperty({ example: 2022 }) @IsInt() @Min(2000) @Max(2100) baseYear: number;
  @ApiProperty({ example: 2030 }) @IsInt() @Min(2000) @Max(2100) horizonYear: number;
  @ApiProperty({ type: [CalendarEntryDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CalendarEntryDto)
  reportingCalendar: CalendarEntryDto[];
  @ApiPropertyOptional({
    example: 'Kế hoạch số 04/KH-UBND ngày 31/01/2023 của UBND xã Quảng Nghiệp',
    description: 'The source document, by number, date and issuer',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  source?: string;
  @ApiProperty({ type: [TargetInputDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets: TargetInputDto[];
}

export class NewVersionDto extends PlanInputDto {
  @ApiProperty({
    example: 'Điều chỉnh chỉ tiêu theo Nghị quyết sắp xếp đơn vị hành chính',
    description: 'Why the adopted plan changes',
  })
  @IsString()
  @Length(3, 1000)
  reason: string;
  @ApiPropertyOptional({
    description: 'The version this change was made from; a different current version answers 409',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class PlanVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The plan and its targets as adopted in this version',
  })
  snapshot: Record<string, unknown>;
  static of(v: {
    version: number;
    reason: string | null;
    createdAt: string;
    snapshot: Record<string, unknown>;
  }): PlanVersionDto {
    return { version: v.version, reason: v.reason, createdAt: v.createdAt, snapshot: v.snapshot };
  }
}

export function toPlanInput(b: PlanInputDto): PlanInput {
  return {
    code: b.code,
    title: b.title,
    issuer: b.issuer,
    level: b.level,
    jurisdictionUnitId: b.jurisdictionUnitId ?? null,
    number: b.number ?? null,
    issuedOn: b.issuedOn ?? null,
    parentPlanId: b.parentPlanId ?? null,
    baseYear: b.baseYear,
    horizonYear: b.horizonYear,
    reportingCalendar: b.reportingCalendar.map((e): ReportingCalendarEntry =>
      e.kind === 'review' ? { kind: 'review', year: e.year ?? 0, due: e.due } : { kind: e.kind, due: e.due },
    ),
    source: b.source ?? null,
    targets: b.targets.map((t): TargetDefinition => ({
      key: t.key.normalize('NFC'),
      indicator: t.indicator,
      institutionTypes: t.institutionTypes,
      levels: t.levels,
      unitKind: t.unitKind,
      year: t.year,
      min: t.min,
      max: t.max,
      evidenceRule: t.evidenceRule,
      activity: t.activity
        ? {
            code: t.activity.code,
            nameVi: t.activity.nameVi.normalize('NFC'),
            window: t.activity.window ? { from: t.activity.window.from, to: t.activity.window.to } : undefined,
          }
        : undefined,
      usageKinds: t.usageKinds,
      descriptionVi: t.descriptionVi,
    })),
  };
}
