import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { FiguresDto, FiguresQuery } from './dto/figures.dto.js';
import { FiguresReaderService } from './figures-reader.service.js';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('usage/figures')
export class FiguresController {
  constructor(private readonly reader: FiguresReaderService) {}

  @Get()
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'Usage figures by institution or unit, kind and period (day, month, quarter, half-year, year), counted/estimated, with year on year, CAGR and like-for-like.',
    description:
      'Library managers read their institutions, network administrators their jurisdiction (others: 404). format=csv or xlsx downloads the rows. The answer says what time its figures are as of.',
  })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ type: FiguresDto })
  async read(
    @CurrentPrincipal() p: Principal,
    @Query() q: FiguresQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FiguresDto | StreamableFile> {
    const figures = await this.reader.read(p, q);
    if (q.format === 'csv' || q.format === 'xlsx') {
      res.setHeader(
        'Content-Type',
        q.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      res.setHeader('Content-Disposition', `attachment; filename="so-lieu-${q.grain}-${q.from}.${q.format}"`);
      return new StreamableFile(q.format === 'csv' ? this.reader.csv(figures) : await this.reader.xlsx(figures));
    }
    return figures;
  }
}
