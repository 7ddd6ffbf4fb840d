import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, PageQueryDto, type Principal } from '@suotdoi/platform';
import { IDEMPOTENCY } from '../collections/collections.controller.js';
import { DepositReportDto, DepositReportInputDto, DepositReportPageDto } from './dto/deposit-report.dto.js';
import { DepositReportsService } from './deposit-reports.service.js';

/** Deposit collections: monthly counts reported for a host with no system. */
@ApiTags('rotation')
@ApiBearerAuth()
@Controller('rotation/collections/:id/deposit-reports')
export class DepositReportsController {
  constructor(private readonly deposits: DepositReportsService) {}

  @Post()
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Enter a month’s counts (loans, readers; counted or estimated) reported by the host of the collection’s current stage (a school or post-office point with no system), by the owner’s or the host’s circulation staff. Once per month: the same counts again → 200 with replayed; other counts → 409 rotation/deposit_period_reported. The loans count as the host’s usage, tied to the collection and stage.',
  })
  @ApiCreatedResponse({ type: DepositReportDto, description: 'Recorded.' })
  @ApiOkResponse({ type: DepositReportDto, description: 'Already recorded with the same counts (replayed).' })
  @ApiNotFoundResponse({ description: 'rotation/collection_not_found' })
  async report(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DepositReportInputDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DepositReportDto> {
    const r = await this.deposits.report(p, id, dto);
    res.status(r.replayed ? 200 : 201);
    return DepositReportDto.of(r.report, r.replayed);
  }

  @Get()
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'The counts reported for a collection, latest month first.' })
  @ApiOkResponse({ type: DepositReportPageDto })
  @ApiNotFoundResponse({ description: 'rotation/collection_not_found' })
  async list(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<DepositReportPageDto> {
    const res = await this.deposits.list(p, id, q);
    return {
      items: res.items.map((r) => DepositReportDto.of(r)),
      total: res.total,
      limit: q.limit,
      offset: q.offset,
    };
  }
}
