import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';

export class TargetDto {
  @ApiProperty() id: string;
  @ApiProperty() key: string;
  @ApiProperty() indicator: string;
  @ApiProperty({ type: [String] }) institutionTypes: string[];
  @ApiProperty({ type: [String] }) levels: string[];
  @ApiProperty({ type: String, nullable: true }) unitKind: string | null;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Lower bound (a range is met at it).' }) min: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound of a range target.' }) max: number | null;
  @ApiProperty({ type: String, nullable: true }) evidenceRule: string | null;
  @ApiProperty({ nullable: true, type: [String], description: 'Usage kinds an absolute target sums' }) usageKinds:
    string[] | null;
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'Yearly activity (code, Vietnamese name, window of days)',
  })
  activity?: object | null;
  @ApiProperty() descriptionVi: string;
}

export class PlanDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() issuer: string;
  @ApiProperty() level: string;
  @ApiProperty({ type: String, nullable: true }) jurisdictionUnitId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '42/KH-VHTT-TDTT' }) number: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) parentPlanId: string | null;
  @ApiProperty() baseYear: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) reportingCalendar: object[];
  @ApiProperty({ type: 'object', additionalProperties: true }) periodDefinition: object;
  @ApiProperty({
    enum: ['draft', 'adopted'],
    description: 'A draft is edited freely; an adopted plan changes only by a new version',
  })
  status: string;
  @ApiProperty({ description: 'Current version (1 at adoption)' }) version: number;
  @ApiProperty({ nullable: true, type: Number, example: 2030 }) horizonYear: number | null;
  @ApiProperty({ nullable: true, type: String }) adoptedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Source document by number, date and issuer' }) source:
    string | null;
  @ApiPropertyOptional({ type: [TargetDto] }) targets?: TargetDto[];
}

export class ReportSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2025' }) periodKey: string;
  @ApiProperty({ description: '1 for the first report of the period; later revisions keep the earlier ones' })
  revision: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the report was generated again' }) reason:
    string | null;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: String, nullable: true }) dueOn: string | null;
  static of(r: ReportSummaryDto): ReportSummaryDto {
    return {
      id: r.id,
      periodKey: r.periodKey,
      revision: r.revision,
      reason: r.reason,
      generatedAt: r.generatedAt,
      dueOn: r.dueOn,
    };
  }
}

export class PeriodParams {
  @ApiProperty() @IsUUID() planId: string;
  @ApiProperty({ example: '2025', description: 'YYYY, YYYY-H1 or YYYY-review' })
  @Matches(/^\d{4}(-H1|-review)?$/)
  period: string;
}

export class PlanParams {
  @ApiProperty() @IsUUID() planId: string;
}

export class ExportParams extends PeriodParams {
  @ApiProperty({ enum: ['xlsx', 'csv', 'pdf'] }) @IsIn(['xlsx', 'csv', 'pdf']) format: 'xlsx' | 'csv' | 'pdf';
}

export class IndicatorQuery {
  @ApiProperty({ example: '2025' }) @Matches(/^\d{4}(-H1|-review)?$/) period: string;
  @ApiPropertyOptional({ description: 'Drill down to a unit inside the jurisdiction.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class ReportGenerationDto {
  @ApiProperty({
    enum: ['generated', 'exists'],
    description: 'generated: stored now; exists: the period already had its report (never a second one)',
  })
  result: 'generated' | 'exists';
}

export class RevisionQuery {
  @ApiPropertyOptional({ description: 'A given revision (default: the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;
}

export class RegenerateDto {
  @ApiProperty({
    example: 'Thư viện xã Hà Mòn bổ sung số liệu tháng 12',
    description: 'Why the report is generated again',
  })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class ReportRevisionDto {
  @ApiProperty({ example: '2025' }) period: string;
  @ApiProperty({ example: 2 }) revision: number;
}
