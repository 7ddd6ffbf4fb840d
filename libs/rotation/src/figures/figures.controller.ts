import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import {
  Access,
  ApiTaskAccepted,
  CurrentPrincipal,
  taskAccepted,
  TasksService,
  TaskDto,
  type Principal,
} from '@suotdoi/platform';
import { FiguresExportTask } from './figures-export.task.js';
import {
  RotationFiguresService,
  type CollectionFigures,
  type HostYearFigures,
  type StageFigures,
} from './figures.service.js';

export class PeriodQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day (Vietnam date).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Last day (Vietnam date); before `from` → 400 rotation/bad_period.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class HostFiguresQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Collections owned by this institution (default: every owner in your jurisdiction).',
  })
  @IsOptional()
  @IsUUID()
  ownerInstitutionId?: string;
}

export class StageFiguresDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null: the collection at home.' }) stageId:
    string | null;
  @ApiProperty({ nullable: true, type: Number }) seq: number | null;
  @ApiProperty({ format: 'uuid' }) hostInstitutionId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Thư viện xã Hướng Lập' }) hostName: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedStart: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedEnd: string | null;
  @ApiProperty({ enum: ['home', 'planned', 'current', 'done'] }) status: string;
  @ApiProperty() copiesDelivered: number;
  @ApiProperty() loans: number;
  @ApiProperty() renewals: number;
  @ApiProperty({ description: 'Distinct borrowers.' }) borrowers: number;
  @ApiProperty() copiesLent: number;
  @ApiProperty({
    description: 'Months of counts reported by a deposit host (their loans are in loans, their readers in borrowers).',
  })
  reportedMonths: number;
  @ApiProperty({ description: 'Loans per copy delivered.' }) turnover: number;

  static of(s: StageFigures): StageFiguresDto {
    return {
      stageId: s.stageId,
      seq: s.seq,
      hostInstitutionId: s.hostInstitutionId,
      hostName: s.hostName,
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      status: s.status,
      copiesDelivered: s.copiesDelivered,
      loans: s.loans,
      renewals: s.renewals,
      borrowers: s.borrowers,
      copiesLent: s.copiesLent,
      reportedMonths: s.reportedMonths,
      turnover: s.turnover,
    };
  }
}

export class CollectionFiguresDto {
  @ApiProperty({ format: 'uuid' }) collectionId: string;
  @ApiProperty() name: string;
  @ApiProperty() copies: number;
  @ApiProperty() loans: number;
  @ApiProperty({ description: 'Distinct borrowers of the busiest stage (a lower bound over the collection).' })
  borrowers: number;
  @ApiProperty({ description: 'Loans per copy of the collection.' }) turnover: number;
  @ApiProperty({ type: [StageFiguresDto] }) stages: StageFiguresDto[];

  static of(c: CollectionFigures): CollectionFiguresDto {
    return {
      collectionId: c.collectionId,
      name: c.name,
      copies: c.copies,
      loans: c.loans,
      borrowers: c.borrowers,
      turnover: c.turnover,
      stages: c.stages.map((s) => StageFiguresDto.of(s)),
    };
  }
}

export class HostYearFiguresDto {
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ nullable: true, type: String }) institutionName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Commune (or other unit) of the host.' })
  unitId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Xã Hướng Lập' }) unitName: string | null;
  @ApiProperty() year: number;
  @ApiProperty() collectionsReceived: number;
  @ApiProperty() copiesDelivered: number;
  @ApiProperty() loans: number;

  static of(h: HostYearFigures): HostYearFiguresDto {
    return {
      institutionId: h.institutionId,
      institutionName: h.institutionName,
      unitId: h.unitId,
      unitName: h.unitName,
      year: h.year,
      collectionsReceived: h.collectionsReceived,
      copiesDelivered: h.copiesDelivered,
      loans: h.loans,
    };
  }
}

/** Figures of rotating collections. */
@ApiTags('rotation')
@ApiBearerAuth()
@Controller('rotation')
export class FiguresController {
  constructor(
    private readonly figures: RotationFiguresService,
    private readonly tasks: TasksService,
  ) {}

  @Post('collections/:id/figures/export')
  @Access('staff', 'network_admin')
  @ApiTaskAccepted('The export is being rendered: poll the Location (GET /tasks/{id}); its files are an XLSX and a CSV')
  @ApiOperation({
    summary: 'Export the per-stage figures of a collection (the same as GET …/figures) as XLSX and CSV.',
  })
  async exportCollection(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PeriodQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const collection = await this.figures.collection(p, id, q);
    const task = await this.tasks.start(
      FiguresExportTask,
      { collection, range: { from: q.from, to: q.to } },
      { owner: p, title: { vi: `Số liệu bộ sách “${collection.name}”`, en: `Figures of ${collection.name}` } },
    );
    return taskAccepted(res, task);
  }

  @Post('figures/hosts/export')
  @Access('staff', 'network_admin')
  @ApiTaskAccepted('The export is being rendered: poll the Location (GET /tasks/{id}); its files are an XLSX and a CSV')
  @ApiOperation({
    summary: 'Export the figures per host, commune and year (the same as GET /rotation/figures/hosts) as XLSX and CSV.',
  })
  async exportHosts(
    @CurrentPrincipal() p: Principal,
    @Query() q: HostFiguresQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const hosts = await this.figures.hosts(p, q);
    const task = await this.tasks.start(
      FiguresExportTask,
      { hosts, range: { from: q.from, to: q.to } },
      { owner: p, title: { vi: 'Số liệu luân chuyển theo nơi nhận', en: 'Rotation figures per host' } },
    );
    return taskAccepted(res, task);
  }

  @Get('collections/:id/figures')
  @Access('staff', 'network_admin')
  @ApiOperation({
    summary:
      'Per stage of a collection: copies delivered, loans, renewals, distinct borrowers, copies lent, turnover (loans per copy).',
  })
  @ApiOkResponse({ type: CollectionFiguresDto })
  async collection(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PeriodQueryDto,
  ): Promise<CollectionFiguresDto> {
    return CollectionFiguresDto.of(await this.figures.collection(p, id, q));
  }

  @Get('figures/hosts')
  @Access('staff', 'network_admin')
  @ApiOperation({
    summary: 'Per host, its commune and year: collections received, copies delivered, loans of rotating copies.',
  })
  @ApiOkResponse({ type: [HostYearFiguresDto] })
  async hosts(@CurrentPrincipal() p: Principal, @Query() q: HostFiguresQueryDto): Promise<HostYearFiguresDto[]> {
    return (await this.figures.hosts(p, q)).map((h) => HostYearFiguresDto.of(h));
  }
}
