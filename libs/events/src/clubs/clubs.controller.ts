import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { ClubsService } from './clubs.service.js';
import {
  ClubDetailDto,
  ClubDto,
  ClubInputDto,
  ClubListDto,
  ClubQueryDto,
  LeaveDto,
  MemberDto,
  MemberInputDto,
} from './dto/club.dto.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events/clubs')
export class ClubsController {
  constructor(private readonly clubs: ClubsService) {}

  @Post()
  @Access('staff:events')
  @ApiOperation({ summary: 'Found a club at your institution; its meetings are programmes with this clubId.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ClubDto })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: ClubInputDto): Promise<ClubDto> {
    return ClubDto.of(await this.clubs.create(p, dto));
  }

  @Get()
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Clubs of an institution with their current member counts.' })
  @ApiOkResponse({ type: ClubListDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ClubQueryDto): Promise<ClubListDto> {
    return Object.assign(new ClubListDto(), { items: (await this.clubs.list(p, q.institutionId)).map(ClubDto.of) });
  }

  @Get(':id')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'A club: members, and members and meetings held per year.' })
  @ApiOkResponse({ type: ClubDetailDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ClubDetailDto> {
    const club = await this.clubs.visible(p, id);
    return ClubDetailDto.ofDetail(club, await this.clubs.members(id), await this.clubs.membershipByYear(id));
  }

  @Post(':id/members')
  @Access('staff:events')
  @ApiOperation({ summary: 'Add a member: a card holder or a person without a card.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: MemberDto })
  async join(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MemberInputDto,
  ): Promise<MemberDto> {
    return MemberDto.of(await this.clubs.join(p, id, dto));
  }

  @Post(':id/members/:memberId/leave')
  @HttpCode(200)
  @Access('staff:events')
  @ApiOperation({ summary: 'A member leaves the club (kept for the yearly counts).' })
  @ApiOkResponse({ type: MemberDto })
  async leave(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @Body() dto: LeaveDto,
  ): Promise<MemberDto> {
    return MemberDto.of(await this.clubs.leave(p, id, memberId, dto.leftOn));
  }
}
