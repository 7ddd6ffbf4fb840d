import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '@suotdoi/platform';
import { icsOf } from '../common/calendar.js';
import { ProgrammeDto, SessionDto } from '../programmes/dto/programme.dto.js';
import { EventPageDto, ListedSessionDto, ListingPageDto, ListingQueryDto } from './dto/listing.dto.js';
import { ListingService } from './listing.service.js';

@ApiTags('events')
@Controller('events/public')
export class ListingController {
  constructor(private readonly listing: ListingService) {}

  @Get('sessions')
  @Access('public')
  @ApiOperation({
    summary:
      'Upcoming sessions anyone may attend, by unit, institution, category, audience, dates and words (Vietnamese with or without diacritics).',
  })
  @ApiOkResponse({ type: ListingPageDto })
  async upcoming(@Query() q: ListingQueryDto): Promise<ListingPageDto> {
    const { items, total } = await this.listing.upcoming(q);
    return Object.assign(new ListingPageDto(), {
      items: items.map(ListedSessionDto.ofListed),
      total,
      limit: q.limit,
      offset: q.offset,
    });
  }

  @Get('sessions/:id')
  @Access('public')
  @ApiOperation({ summary: 'The data of an event page: a session, its programme and its other sessions.' })
  @ApiOkResponse({ type: EventPageDto })
  async page(@Param('id', ParseUUIDPipe) id: string): Promise<EventPageDto> {
    const { session, programme, others } = await this.listing.page(id);
    return Object.assign(new EventPageDto(), {
      session: SessionDto.of(session),
      institutionName: session.institutionName,
      programme: ProgrammeDto.of(
        programme,
        [session, ...others].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
      ),
    });
  }

  @Get('institutions/:id/calendar.ics')
  @Access('public')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: "An institution's sessions as an iCalendar feed (subscribe in a calendar app)." })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: { type: 'string' } })
  async feed(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    const { name, sessions } = await this.listing.feed(id);
    return icsOf(
      name,
      sessions.map((s) => ({
        id: s.id,
        title: s.programmeTitle,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        where: s.roomName ?? s.place,
        description: s.description,
        status: s.status,
      })),
    );
  }
}
