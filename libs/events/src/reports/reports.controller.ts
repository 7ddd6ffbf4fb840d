import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { EventsReportsService, type EventsReportRow } from './reports.service.js';

export class EventsReportQueryDto {
  @ApiPropertyOptional({ description: 'One institution (staff there, or administrators over it)…' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ description: '…or every institution of a unit you administer, as it was that year.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class EventsReportRowDto {
  @ApiProperty() institutionId: string;
  @ApiProperty() institutionName: string;
  @ApiProperty() programmes: number;
  @ApiProperty() sessionsScheduled: number;
  @ApiProperty() sessionsHeld: number;
  @ApiProperty() sessionsCancelled: number;
  @ApiProperty() registrations: number;
  @ApiProperty() attended: number;
  @ApiProperty() noShows: number;
  @ApiProperty() walkIns: number;
  @ApiProperty() online: number;
  @ApiProperty({ description: 'Per held session: the larger of head count and check-ins plus walk-ins, plus online.' })
  attendance: number;
  @ApiProperty() clubs: number;
  @ApiProperty() clubMembers: number;
  static of(r: EventsReportRow): EventsReportRowDto {
    return Object.assign(new EventsReportRowDto(), r);
  }
}

export class EventsReportDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: [EventsReportRowDto] }) rows: EventsReportRowDto[];
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

@ApiTags('events')
@ApiBearerAuth()
@Controller('events/reports')
export class EventsReportsController {
  constructor(private readonly reports: EventsReportsService) {}

  @Get()
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'Programmes, sessions, registrations, attendance and clubs per institution for a year; as JSON, CSV or XLSX.',
  })
  @ApiProduces('application/json', TYPES.csv, TYPES.xlsx)
  @ApiOkResponse({ type: EventsReportDto })
  async report(
    @CurrentPrincipal() p: Principal,
    @Query() q: EventsReportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EventsReportDto | StreamableFile> {
    const rows = await this.reports.rows(p, q, q.year);
    if (!q.format || q.format === 'json')
      return Object.assign(new EventsReportDto(), { year: q.year, rows: rows.map(EventsReportRowDto.of) });
    res.setHeader('Content-Type', TYPES[q.format]);
    res.setHeader('Content-Disposition', `attachment; filename="su-kien-${q.year}.${q.format}"`);
    return new StreamableFile(
      q.format === 'csv'
        ? this.reports.csv(rows)
        : await this.reports.xlsx(rows, `Báo cáo sự kiện năm ${q.year} / Events report ${q.year}`),
    );
  }
}
