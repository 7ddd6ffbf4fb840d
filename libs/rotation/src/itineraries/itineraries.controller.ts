import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { IDEMPOTENCY } from '../collections/collections.controller.js';
import { CreateItineraryDto, ItineraryDto, StagesDto } from './dto/itinerary.dto.js';
import { ItinerariesService } from './itineraries.service.js';

/** Itineraries of rotating collections: stages, hosts, planned dates. */
@ApiTags('rotation')
@ApiBearerAuth()
@Controller('rotation')
export class ItinerariesController {
  constructor(private readonly itineraries: ItinerariesService) {}

  @Post('collections/:id/itineraries')
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Plan an itinerary (owner staff): stages with a host and a length in days, dated from startsOn past each host’s closed days. One in progress per collection (409 rotation/itinerary_open); a closed host → 422 rotation/host_closed; a start before today → 422 rotation/start_in_past.',
  })
  @ApiCreatedResponse({ type: ItineraryDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateItineraryDto,
  ): Promise<ItineraryDto> {
    return ItineraryDto.of(await this.itineraries.create(p, id, dto));
  }

  @Get('collections/:id/itineraries')
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: "A collection's itineraries, newest first, with their stages (superseded ones included)." })
  @ApiOkResponse({ type: [ItineraryDto] })
  async forCollection(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ItineraryDto[]> {
    return (await this.itineraries.forCollection(p, id)).map((i) => ItineraryDto.of(i));
  }

  @Get('itineraries/:id')
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'An itinerary with its stages.' })
  @ApiOkResponse({ type: ItineraryDto })
  @ApiNotFoundResponse({ description: 'rotation/itinerary_not_found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ItineraryDto> {
    return ItineraryDto.of(await this.itineraries.get(p, id));
  }

  @Put('itineraries/:id/stages')
  @Access('staff:circulation')
  @ApiOperation({
    summary:
      'Replace the stages not yet started (owner staff); started and finished stages stay, replaced ones are kept as superseded.',
  })
  @ApiOkResponse({ type: ItineraryDto })
  async replan(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StagesDto,
  ): Promise<ItineraryDto> {
    return ItineraryDto.of(await this.itineraries.replan(p, id, dto.stages));
  }

  @Post('itineraries/:id/cancel')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Cancel an itinerary that has not started.' })
  @ApiOkResponse({ type: ItineraryDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ItineraryDto> {
    return ItineraryDto.of(await this.itineraries.cancel(p, id));
  }
}
