import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, PageQueryDto, Public, type Principal } from '@suotdoi/platform';
import { IDEMPOTENCY } from '../collections/collections.controller.js';
import {
  CreateRouteDto,
  RecordVisitDto,
  RouteDto,
  RoutePageDto,
  RouteQueryDto,
  StopVisitDto,
  StopVisitPageDto,
  UpcomingStopDto,
  UpcomingStopPageDto,
  UpcomingStopsQueryDto,
} from './dto/mobile-route.dto.js';
import { MobileRoutesService } from './mobile-routes.service.js';

/** The mobile library (thư viện lưu động): routes of stops, their visits, and the upcoming stops (public). */
@ApiTags('rotation')
@Controller('rotation')
export class MobileRoutesController {
  constructor(private readonly routes: MobileRoutesService) {}

  @Get('mobile-stops/upcoming')
  @Public()
  @ApiOperation({
    summary:
      'Public: where the mobile library stops in the coming days (weekly slots and dated visits, Vietnam time), by date and time; filter by the institutions running it (e.g. those holding a title) or by unit (a commune, or a province and every unit under it).',
  })
  @ApiOkResponse({ type: UpcomingStopPageDto })
  async upcoming(@Query() q: UpcomingStopsQueryDto): Promise<UpcomingStopPageDto> {
    const res = await this.routes.upcoming(q, q);
    return { items: res.items.map((u) => UpcomingStopDto.of(u)), total: res.total, limit: q.limit, offset: q.offset };
  }

  @Post('mobile-routes')
  @ApiBearerAuth()
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Create a mobile-library route with its stops (the institution’s circulation staff): each stop a place in a commune, on a weekly slot or dated visits. All or nothing; a name already in use → 409 rotation/route_name_taken.',
  })
  @ApiCreatedResponse({ type: RouteDto })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateRouteDto): Promise<RouteDto> {
    return RouteDto.of(await this.routes.create(p, dto));
  }

  @Get('mobile-routes')
  @ApiBearerAuth()
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'Mobile-library routes of your institutions (administrators: of your jurisdiction).' })
  @ApiOkResponse({ type: RoutePageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: RouteQueryDto): Promise<RoutePageDto> {
    const res = await this.routes.list(p, q.institutionId, q);
    return { items: res.items.map((r) => RouteDto.of(r)), total: res.total, limit: q.limit, offset: q.offset };
  }

  @Get('mobile-routes/:id')
  @ApiBearerAuth()
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'A route with its stops, each with the visits and people counted so far.' })
  @ApiOkResponse({ type: RouteDto })
  @ApiNotFoundResponse({ description: 'rotation/route_not_found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<RouteDto> {
    return RouteDto.of(await this.routes.get(p, id));
  }

  @Get('mobile-routes/:id/visits')
  @ApiBearerAuth()
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'Visits recorded on a route, latest first.' })
  @ApiOkResponse({ type: StopVisitPageDto })
  @ApiNotFoundResponse({ description: 'rotation/route_not_found' })
  async visits(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<StopVisitPageDto> {
    const res = await this.routes.visits(p, id, q);
    return { items: res.items.map((v) => StopVisitDto.of(v)), total: res.total, limit: q.limit, offset: q.offset };
  }

  @Post('mobile-stops/:id/visits')
  @ApiBearerAuth()
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Record a stop visit’s headcount (the mobile library’s circulation staff), once per stop and day (again → 409 rotation/visit_recorded); counted as visits for the stop’s commune.',
  })
  @ApiCreatedResponse({ type: StopVisitDto })
  @ApiNotFoundResponse({ description: 'rotation/stop_not_found' })
  async recordVisit(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordVisitDto,
  ): Promise<StopVisitDto> {
    return StopVisitDto.of(await this.routes.recordVisit(p, id, dto));
  }
}
