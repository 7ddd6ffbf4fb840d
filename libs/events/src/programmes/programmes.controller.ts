import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { RegistrationsService } from '../registrations/registrations.service.js';
import {
  ProgrammeDto,
  ProgrammeInputDto,
  ProgrammePageDto,
  ProgrammePatchDto,
  ProgrammeQueryDto,
  ProgrammeSummaryDto,
  RoomDto,
  RoomInputDto,
  RoomListDto,
  RoomQueryDto,
  ScheduleDto,
  SessionDto,
  SessionListDto,
  SessionPatchDto,
} from './dto/programme.dto.js';
import { ProgrammesService } from './programmes.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class ProgrammesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Post('rooms')
  @Access('staff:events')
  @ApiOperation({
    summary: 'Add a room of your institution (with set-up and clear-down minutes blocked around every booking).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RoomDto })
  async createRoom(@CurrentPrincipal() p: Principal, @Body() dto: RoomInputDto): Promise<RoomDto> {
    return RoomDto.of(await this.programmes.createRoom(p, dto));
  }

  @Get('rooms')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Rooms of an institution.' })
  @ApiOkResponse({ type: RoomListDto })
  async rooms(@CurrentPrincipal() p: Principal, @Query() q: RoomQueryDto): Promise<RoomListDto> {
    return RoomListDto.of(await this.programmes.rooms(p, q.institutionId));
  }

  @Post('programmes')
  @Access('staff:events')
  @ApiOperation({
    summary:
      'Create a programme at your institution, optionally with its sessions (one, or a series by recurrence rule): all or nothing.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ProgrammeDto })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: ProgrammeInputDto): Promise<ProgrammeDto> {
    const { programme, sessions } = await this.programmes.create(p, dto);
    return ProgrammeDto.of(programme, sessions);
  }

  @Get('programmes')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Programmes of an institution (staff there, administrators of its jurisdiction).' })
  @ApiOkResponse({ type: ProgrammePageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ProgrammeQueryDto): Promise<ProgrammePageDto> {
    const { items, total } = await this.programmes.list(p, q.institutionId, q);
    return Object.assign(new ProgrammePageDto(), {
      items: items.map(ProgrammeSummaryDto.of),
      total,
      limit: q.limit,
      offset: q.offset,
    });
  }

  @Get('programmes/:id')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'A programme with its sessions and their seats.' })
  @ApiOkResponse({ type: ProgrammeDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ProgrammeDto> {
    const { programme, sessions } = await this.programmes.visible(p, id);
    return ProgrammeDto.of(programme, sessions);
  }

  @Patch('programmes/:id')
  @Access('staff:events')
  @ApiOperation({
    summary:
      'Change a programme: title, description, category, audiences, organisers, partners, ages, cancellation notice (its sessions are changed one by one).',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ProgrammePatchDto,
  ): Promise<ProgrammeDto> {
    const { programme, sessions } = await this.programmes.update(p, id, dto);
    return ProgrammeDto.of(programme, sessions);
  }

  @Post('programmes/:id/sessions')
  @Access('staff:events')
  @ApiOperation({
    summary: 'Add sessions to a programme: one, or a series by recurrence rule (Vietnam wall time); all or nothing.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: SessionListDto })
  async addSessions(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ScheduleDto,
  ): Promise<SessionListDto> {
    return SessionListDto.of(await this.programmes.addSessions(p, id, dto));
  }

  @Get('sessions/:id')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'A session with its seats, waitlist and attendance.' })
  @ApiOkResponse({ type: SessionDto })
  async session(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SessionDto> {
    return SessionDto.of(await this.programmes.visibleSession(p, id));
  }

  @Patch('sessions/:id')
  @Access('staff:events')
  @ApiOperation({
    summary:
      'Change a session: capacity (never below the seats taken; more seats promote the waitlist), times, room or place.',
  })
  @ApiOkResponse({ type: SessionDto })
  async patch(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SessionPatchDto,
  ): Promise<SessionDto> {
    const { capacity, ...move } = dto;
    if (Object.values(move).some((v) => v !== undefined)) await this.programmes.moveSession(p, id, move);
    if (capacity !== undefined) await this.registrations.setCapacity(p, id, capacity);
    return SessionDto.of(await this.programmes.visibleSession(p, id));
  }

  @Post('sessions/:id/cancel')
  @HttpCode(200)
  @Access('staff:events')
  @ApiOperation({ summary: 'Cancel a session: every registration is cancelled and told; the room is freed.' })
  @ApiOkResponse({ type: SessionDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SessionDto> {
    await this.registrations.cancelSession(p, id);
    return SessionDto.of(await this.programmes.visibleSession(p, id));
  }
}
