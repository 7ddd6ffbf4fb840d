import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { USAGE_EVENT_KINDS, type UsageEventKind } from '../../events/usage-event.types.js';

export const FIGURE_GRAINS = ['day', 'month', 'quarter', 'half_year', 'year'] as const;
export type FigureGrain = (typeof FIGURE_GRAINS)[number];

const list = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value;

export class FiguresQuery {
  @ApiProperty({
    enum: ['institution', 'unit'],
    description: 'Figures of institutions, or of administrative units (everything stamped in them)',
  })
  @IsIn(['institution', 'unit'])
  scope: 'institution' | 'unit';
  @ApiProperty({ type: [String], description: 'Institution or unit ids (comma-separated), at most 200' })
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids: string[];
  @ApiProperty({
    enum: USAGE_EVENT_KINDS,
    isArray: true,
    description:
      'Usage kinds (comma-separated); each is reported apart (visits physical and online, loans, renewals and in-house use are never added up)',
  })
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(USAGE_EVENT_KINDS as unknown as string[], { each: true })
  kinds: UsageEventKind[];
  @ApiProperty({ enum: FIGURE_GRAINS }) @IsIn(FIGURE_GRAINS as unknown as string[]) grain: FigureGrain;
  @ApiProperty({ example: '2024-01-01', description: 'First day (Vietnam calendar), inclusive' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  from: string;
  @ApiProperty({ example: '2026-01-01', description: 'Last day, exclusive' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], description: 'csv and xlsx download the same rows' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class FigureRowDto {
  @ApiProperty() scopeId: string;
  @ApiProperty({ example: 'Thư viện xã Tân Hợp' }) name: string;
  @ApiProperty({ enum: USAGE_EVENT_KINDS }) kind: string;
  @ApiProperty({ example: 'Lượt bạn đọc đến thư viện' }) kindNameVi: string;
  @ApiProperty({ example: '2025-07-01' }) periodStart: string;
  @ApiProperty({ example: 'Quý III/2025' }) periodLabel: string;
  @ApiProperty({ description: 'Total (counted + estimated; manual figures included)' }) value: number;
  @ApiProperty({ description: 'Part counted' }) counted: number;
  @ApiProperty({ description: 'Part estimated' }) estimated: number;
  @ApiProperty({ description: 'Part entered by hand (manual figures)' }) manual: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Against the same period a year earlier (null without it or when it was 0)',
  })
  yearOnYear: number | null;
}

export class FigureSeriesSummaryDto {
  @ApiProperty() scopeId: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Average annual growth (CAGR) from the first to the last period with a figure, in years',
  })
  cagr: number | null;
}

export class LikeForLikeDto {
  @ApiProperty() kind: string;
  @ApiProperty({ description: 'Scopes with a figure in both the first and the last period' }) compared: number;
  @ApiProperty({ nullable: true, type: Number }) first: number | null;
  @ApiProperty({ nullable: true, type: Number }) last: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'last / first − 1 over the compared scopes only' }) growth:
    number | null;
}

/** Demo events (from the demo data, never real) counted in these figures. */
export class DemoShareDto {
  @ApiProperty({ description: 'Demo events among those counted (0 where no demo data was ever loaded)' })
  events: number;
  @ApiProperty({ description: 'Their total quantity, included in the values' }) quantity: number;
}

export class FiguresDto {
  @ApiProperty({ description: 'Every event recorded before this instant is counted' }) asOf: string;
  @ApiProperty({ enum: FIGURE_GRAINS }) grain: string;
  @ApiProperty({ type: [FigureRowDto], description: 'Absent rows: no data (never 0)' }) rows: FigureRowDto[];
  @ApiProperty({ type: [FigureSeriesSummaryDto] }) series: FigureSeriesSummaryDto[];
  @ApiProperty({ type: [LikeForLikeDto] }) likeForLike: LikeForLikeDto[];
  @ApiProperty({
    type: DemoShareDto,
    description:
      'How much of the figures (over the periods asked for) comes from demo data, so that none passes unnoticed',
  })
  demo: DemoShareDto;
}
