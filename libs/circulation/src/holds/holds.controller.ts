import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { seesInstitution } from '../access.js';
import { CirculationErrors } from '../circulation.errors.js';
import {
  HoldDto,
  HoldPageDto,
  HoldQueryDto,
  HoldResultDto,
  PullListPageDto,
  PullListQueryDto,
  StaffPlaceHoldDto,
  SuspendDto,
} from './dto/hold.dto.js';
import { HoldsService } from './holds.service.js';
import { PullListService } from './pull-list.service.js';

@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation/holds')
export class HoldsController {
  constructor(
    private readonly holds: HoldsService,
    private readonly pullList: PullListService,
  ) {}

  @Post()
  @Access('staff:circulation')
  @ApiOperation({
    summary: 'Place a hold for a patron (card number), title- or copy-level, for pickup at your institution.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: HoldResultDto })
  async place(@CurrentPrincipal() p: Principal, @Body() dto: StaffPlaceHoldDto): Promise<HoldResultDto> {
    const { cardNumber, override, ...input } = dto;
    return HoldResultDto.of(await this.holds.placeForCard(p, cardNumber, input, override));
  }

  @Get()
  @Access('staff')
  @ApiOperation({ summary: 'Holds for pickup at an institution you work at (e.g. the hold shelf: status=ready).' })
  @ApiOkResponse({ type: HoldPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: HoldQueryDto): Promise<HoldPageDto> {
    if (!seesInstitution(p, q.institutionId))
      throw CirculationErrors.institutionNotServed({ institutionId: q.institutionId });
    return HoldPageDto.of(
      await this.holds.list(
        { pickupInstitutionIds: [q.institutionId], recordId: q.recordId, statuses: q.status ? [q.status] : undefined },
        q,
      ),
    );
  }

  @Get('pull-list')
  @Access('staff')
  @ApiOperation({
    summary:
      'The pull list of a library you work at: copies on its shelves wanted by waiting holds (for pickup here or at another library), oldest hold first, with title, barcode, call number and pickup library. Scan each at check-in to trap it for its hold.',
  })
  @ApiOkResponse({ type: PullListPageDto })
  async pull(@CurrentPrincipal() p: Principal, @Query() q: PullListQueryDto): Promise<PullListPageDto> {
    if (!seesInstitution(p, q.institutionId))
      throw CirculationErrors.institutionNotServed({ institutionId: q.institutionId });
    return PullListPageDto.of(await this.pullList.list(q.institutionId, q));
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A hold, for staff of its pickup institution or of a library holding a copy of the title (where the copy is, or its home or base).',
  })
  @Access('staff')
  @ApiOkResponse({ type: HoldDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<HoldDto> {
    return HoldDto.of(await this.holds.get(p, id, false));
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Cancel a hold (staff); a trapped copy goes to the next hold, home or the shelf.' })
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOkResponse({ type: HoldDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<HoldDto> {
    return HoldDto.of(await this.holds.cancel(p, id, false));
  }

  @Post(':id/suspend')
  @ApiOperation({ summary: 'Suspend a waiting hold until a date (staff); it keeps its place in the queue.' })
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOkResponse({ type: HoldDto })
  async suspend(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SuspendDto,
  ): Promise<HoldDto> {
    return HoldDto.of(await this.holds.suspend(p, id, dto.until, false));
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Resume a suspended hold (staff).' })
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOkResponse({ type: HoldDto })
  async resume(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<HoldDto> {
    return HoldDto.of(await this.holds.suspend(p, id, null, false));
  }
}
