import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, Public, type Principal } from '@suotdoi/platform';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { NetworkAccess } from '../network-access.js';
import { NetworkErrors } from '../network.errors.js';
import { CalendarService } from './calendar.service.js';
import {
  CalendarDayDto,
  CalendarQueryDto,
  ClosureDto,
  ClosureInputDto,
  HolidayQueryDto,
  OpeningIntervalDto,
  PublicHolidaysDto,
  WeeklyHoursDto,
} from './dto/calendar.dto.js';

const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat the POST safely: the first response is replayed',
});

/** Opening calendars: weekly hours, closed days, nationwide holidays (Tết…). Circulation uses them for due dates. */
@ApiTags('network')
@ApiBearerAuth()
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly institutions: InstitutionsService,
    private readonly access: NetworkAccess,
  ) {}

  private async mustManage(p: Principal, institutionId: string): Promise<void> {
    if (!(await this.access.managesInstitution(p, institutionId)))
      throw NetworkErrors.institutionNotFound({ institutionId });
    await this.institutions.get(institutionId);
  }

  @Get('institutions/:id/hours')
  @ApiOperation({ summary: 'Weekly opening hours of an institution.' })
  @Public()
  @ApiOkResponse({ type: [OpeningIntervalDto] })
  async hours(@Param('id', ParseUUIDPipe) id: string): Promise<OpeningIntervalDto[]> {
    await this.institutions.get(id);
    return this.calendar.weeklyHours(id);
  }

  /** Replace the weekly hours (several intervals a day allowed). */
  @Put('institutions/:id/hours')
  @ApiOperation({ summary: 'Replace the weekly opening hours (several intervals a day allowed).' })
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOkResponse({ type: [OpeningIntervalDto] })
  async setHours(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WeeklyHoursDto,
  ): Promise<OpeningIntervalDto[]> {
    await this.mustManage(p, id);
    return this.calendar.setWeeklyHours(id, body.intervals);
  }

  /** Day by day: open or not, hours, and why it is closed (at most 400 days). */
  @Get('institutions/:id/calendar')
  @ApiOperation({ summary: 'Day by day: open or not, hours, and why it is closed (at most 400 days).' })
  @Public()
  @ApiOkResponse({ type: [CalendarDayDto] })
  async days(@Param('id', ParseUUIDPipe) id: string, @Query() q: CalendarQueryDto): Promise<CalendarDayDto[]> {
    return (await this.calendar.calendar(id, q.from, q.to)).map((d) => CalendarDayDto.of(d));
  }

  @Post('institutions/:id/closures')
  @ApiOperation({ summary: 'Close the institution for a day or a period, with the reason (e.g. stocktaking, Tết).' })
  @Access('staff:manager', 'network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: ClosureDto })
  async addClosure(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ClosureInputDto,
  ): Promise<ClosureDto> {
    await this.mustManage(p, id);
    return ClosureDto.of(await this.calendar.addClosure(id, body));
  }

  @Delete('institutions/:id/closures/:closureId')
  @ApiOperation({ summary: 'Remove a closure.' })
  @HttpCode(204)
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiNoContentResponse()
  async removeClosure(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('closureId', ParseUUIDPipe) closureId: string,
  ): Promise<void> {
    await this.mustManage(p, id);
    const c = await this.calendar.getClosure(closureId);
    if (c.institutionId !== id) throw NetworkErrors.closureNotFound();
    await this.calendar.removeClosure(closureId);
  }

  /** Nationwide public holidays (a year, or all). */
  @Get('holidays')
  @ApiOperation({ summary: 'Nationwide public holidays (a year, or all).' })
  @Public()
  @ApiOkResponse({ type: [ClosureDto] })
  async holidays(@Query() q: HolidayQueryDto): Promise<ClosureDto[]> {
    const from = q.year ? `${q.year}-01-01` : '1900-01-01';
    const to = q.year ? `${q.year}-12-31` : '2200-12-31';
    return (await this.calendar.holidays(from, to)).map((c) => ClosureDto.of(c));
  }

  @Post('holidays/public/:year')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Add the public holidays of a year as the Labour Code gives them (New Year’s Day, Tết from the last day of the 12th lunar month through the 5th of the 1st, Hùng Kings’ day on 10/3 lunar, 30/4–1/5, 1–2/9), the lunar ones computed from the Vietnamese lunar calendar; idempotent. Days the government moves or adds: POST /holidays.',
  })
  @Access('system_admin')
  @ApiOkResponse({ type: PublicHolidaysDto })
  async addPublicHolidays(@Param('year', ParseIntPipe) year: number): Promise<PublicHolidaysDto> {
    return { year, holidays: (await this.calendar.addPublicHolidays(year)).map((c) => ClosureDto.of(c)) };
  }

  @Post('holidays')
  @ApiOperation({ summary: 'Add a nationwide public holiday (Tết…).' })
  @Access('system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: ClosureDto })
  async addHoliday(@Body() body: ClosureInputDto): Promise<ClosureDto> {
    return ClosureDto.of(await this.calendar.addHoliday(body));
  }
}
