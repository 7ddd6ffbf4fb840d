import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, PageQueryDto, type Principal } from '@suotdoi/platform';
import { NoticesErrors } from '../notices.errors.js';
import { NoticesService } from '../notices/notices.service.js';
import { NoticeDto, NoticePageDto, NoticesMarkedReadDto } from './dto/notice.dto.js';

/** The caller's own notices: those sent to their patron profile and to their account. Nobody else's, ever. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me/notices')
export class MyNoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({
    summary: 'My notices, newest first: due soon, overdue, hold ready, card issued, event confirmations…',
  })
  @ApiOkResponse({ type: NoticePageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<NoticePageDto> {
    const page = await this.notices.feed(p, q);
    return {
      items: page.items.map((n) => NoticeDto.of(n)),
      total: page.total,
      limit: page.limit,
      offset: page.offset,
      unread: page.unread,
    };
  }

  @Post('read')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Mark all my notices read.' })
  @ApiOkResponse({ type: NoticesMarkedReadDto })
  async readAll(@CurrentPrincipal() p: Principal): Promise<NoticesMarkedReadDto> {
    return { marked: await this.notices.markAllRead(p) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({
    summary: 'Mark one of my notices read (marking it again changes nothing). Another person’s notice is 404.',
  })
  @ApiOkResponse({ type: NoticeDto })
  @ApiNotFoundResponse({ description: 'notices/notice_not_found' })
  // A malformed id is just another notice that is not the caller's: 404.
  async read(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => NoticesErrors.noticeNotFound() })) id: string,
  ): Promise<NoticeDto> {
    return NoticeDto.of(await this.notices.markRead(p, id));
  }
}
