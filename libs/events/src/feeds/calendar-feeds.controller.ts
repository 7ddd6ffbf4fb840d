import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { EventsErrors } from '../events.errors.js';
import { CalendarFeedsService, type FeedStatus } from './calendar-feeds.service.js';

const ICS = 'text/calendar; charset=utf-8';
const ICS_BODY = { description: 'iCalendar (RFC 5545)', schema: { type: 'string' } } as const;

export class CalendarFeedStatusDto {
  @ApiProperty({ description: 'Whether a private feed address exists.' })
  active!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  createdAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a calendar app last read it.' })
  lastReadAt!: Date | null;

  static of(s: FeedStatus): CalendarFeedStatusDto {
    return Object.assign(new CalendarFeedStatusDto(), {
      active: s.active,
      createdAt: s.createdAt,
      lastReadAt: s.lastReadAt,
    });
  }
}

export class CalendarFeedDto {
  @ApiProperty({
    description:
      'The private address to subscribe to in a calendar app. Shown only now; anyone who has it can read your events.',
  })
  url!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  static of(f: { url: string; createdAt: Date }): CalendarFeedDto {
    return Object.assign(new CalendarFeedDto(), { url: f.url, createdAt: f.createdAt });
  }
}

/** A patron's events in their calendar app: with a bearer token, or through a private address for subscriptions. */
@ApiTags('events')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get('me/events/calendar.ics')
  @Access('patron')
  @ApiBearerAuth()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'Your registered sessions as an iCalendar document (needs your sign-in).' })
  @ApiOkResponse(ICS_BODY)
  async myCalendar(@CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response): Promise<string> {
    const ics = await this.feeds.calendarFor(p.patronId!);
    res.type(ICS);
    return ics;
  }

  @Get('me/events/calendar-feed')
  @Access('patron')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether you have a private calendar feed address (the address itself is shown once).' })
  @ApiOkResponse({ type: CalendarFeedStatusDto })
  async feedStatus(@CurrentPrincipal() p: Principal): Promise<CalendarFeedStatusDto> {
    return CalendarFeedStatusDto.of(await this.feeds.status(p.patronId!));
  }

  @Post('me/events/calendar-feed')
  @Access('patron')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Make a private address for your events feed, to subscribe to in a calendar app. A previous address stops working.',
  })
  @ApiCreatedResponse({ type: CalendarFeedDto })
  async issue(@CurrentPrincipal() p: Principal): Promise<CalendarFeedDto> {
    return CalendarFeedDto.of(await this.feeds.issue(p.patronId!));
  }

  @Delete('me/events/calendar-feed')
  @HttpCode(204)
  @Access('patron')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn your private feed address off.' })
  @ApiNoContentResponse({ description: 'Turned off (or there was none).' })
  async revoke(@CurrentPrincipal() p: Principal): Promise<void> {
    await this.feeds.revoke(p.patronId!);
  }

  @Get('events/feeds/:token/calendar.ics')
  @Access('public')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: "A patron's events through their private feed address (what calendar apps subscribe to)." })
  @ApiOkResponse(ICS_BODY)
  async byToken(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const ics = await this.feeds.calendarForToken(token);
    if (ics === undefined) throw EventsErrors.feedNotFound();
    // Set here, not by decorator: a refusal above answers JSON with its own content type.
    res.type(ICS).setHeader('Cache-Control', 'private, no-store');
    return ics;
  }
}
