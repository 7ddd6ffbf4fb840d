import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { assertOrganiser } from '../access.js';
import { icsOf, qrSvg } from '../common/calendar.js';
import { EventsErrors } from '../events.errors.js';
import { SessionDto } from '../programmes/dto/programme.dto.js';
import {
  CheckInDto,
  GuestDto,
  HeadcountDto,
  RegisterDto,
  RegistrationDto,
  RegistrationListDto,
  SeatsQueryDto,
  StaffRegistrationDto,
  StaffRegistrationListDto,
  WalkInsDto,
} from './dto/registration.dto.js';
import { RegistrationsService, type Registrant, type RegistrationRow } from './registrations.service.js';

const ICS = 'text/calendar; charset=utf-8';
const TEXT = { type: 'string' } as const;

/** Turn the body into who registers: empty for the patron themselves, else exactly one of card, guest, group (staff). */
async function registrant(
  svc: RegistrationsService,
  p: Principal,
  dto: RegisterDto,
): Promise<{ who: Registrant; onBehalf: boolean }> {
  const given = [dto.cardNumber, dto.guest, dto.group].filter((v) => v !== undefined).length;
  if (given === 0) return { who: await svc.self(p), onBehalf: false };
  if (given > 1) throw EventsErrors.whoRequired();
  if (dto.cardNumber) return { who: await svc.byCard(dto.cardNumber), onBehalf: true };
  if (dto.guest) return { who: { kind: 'guest', ...dto.guest }, onBehalf: true };
  return { who: { kind: 'group', ...dto.group! }, onBehalf: true };
}

export const ticketCalendar = (r: RegistrationRow): string =>
  icsOf(
    r.programmeTitle,
    [
      {
        id: r.sessionId,
        title: r.programmeTitle,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        where: null,
        description: `Mã đăng ký / Registration code: ${r.code}`,
      },
    ],
    { method: 'request' },
  );

@ApiTags('events')
@ApiBearerAuth()
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post('events/sessions/:id/registrations')
  @Access('patron', 'staff:events')
  @ApiOperation({
    summary:
      "Register for a session: a patron with an empty body; staff for a card holder, a guest (children need a guardian's consent) or a class group of N seats. Confirmed while seats last, else waitlisted in arrival order.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RegistrationDto })
  async register(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RegisterDto,
  ): Promise<RegistrationDto> {
    const { who, onBehalf } = await registrant(this.registrations, p, dto);
    return RegistrationDto.of(await this.registrations.register(id, who, p, onBehalf));
  }

  @Post('events/sessions/:id/guest-registrations')
  @Access('public')
  @ApiOperation({
    summary:
      "Register as a guest without an account (name and phone or e-mail; a child under 16 needs a guardian's consent). Keep the code: it is the ticket.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RegistrationDto })
  async registerGuest(@Param('id', ParseUUIDPipe) id: string, @Body() dto: GuestDto): Promise<RegistrationDto> {
    return RegistrationDto.of(await this.registrations.register(id, { kind: 'guest', ...dto }, undefined));
  }

  @Post('events/programmes/:id/series-registrations')
  @Access('patron', 'staff:events')
  @ApiOperation({
    summary: 'Register for every upcoming session of a series programme at once (same body as a session registration).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RegistrationListDto })
  async registerSeries(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RegisterDto,
  ): Promise<RegistrationListDto> {
    const { who, onBehalf } = await registrant(this.registrations, p, dto);
    return RegistrationListDto.of(await this.registrations.registerSeries(id, who, p, onBehalf));
  }

  @Get('events/sessions/:id/registrations')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({
    summary: "A session's registrations in arrival order (the check-in list; status=waitlisted gives the waitlist).",
  })
  @ApiOkResponse({ type: StaffRegistrationListDto })
  async forSession(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: SeatsQueryDto,
  ): Promise<StaffRegistrationListDto> {
    return StaffRegistrationListDto.of(await this.registrations.forSession(p, id, q.status));
  }

  @Get('events/registrations/:id')
  @Access('authenticated')
  @ApiOperation({
    summary:
      'A registration: your own (Registration), or (staff, administrators) one at an institution you may read, with contacts and arrival (StaffRegistration).',
  })
  @ApiExtraModels(RegistrationDto, StaffRegistrationDto)
  @ApiOkResponse({
    schema: { anyOf: [{ $ref: getSchemaPath(RegistrationDto) }, { $ref: getSchemaPath(StaffRegistrationDto) }] },
  })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<RegistrationDto> {
    const { row, staff } = await this.registrations.visible(p, id);
    return staff ? StaffRegistrationDto.ofStaff(row) : RegistrationDto.of(row);
  }

  @Post('events/registrations/:id/cancel')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({
    summary:
      "Cancel a registration (yours until the programme's deadline; organisers any time before the session is held). The next in line is promoted.",
  })
  @ApiOkResponse({ type: RegistrationDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<RegistrationDto> {
    const { row, staff } = await this.registrations.visible(p, id);
    if (staff) assertOrganiser(p, row.institutionId);
    return RegistrationDto.of(await this.registrations.cancel(id, { staff }));
  }

  @Post('events/registrations/:id/claim')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Take up a seat offered from the waitlist, before the claim window closes.' })
  @ApiOkResponse({ type: RegistrationDto })
  async claim(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<RegistrationDto> {
    const { row, staff } = await this.registrations.visible(p, id);
    if (staff) assertOrganiser(p, row.institutionId);
    return RegistrationDto.of(await this.registrations.claim(id));
  }

  // ---- tickets: the code is the guest's key ----

  private async ticket(code: string): Promise<RegistrationRow> {
    const row = await this.registrations.byCode(code);
    if (!row) throw EventsErrors.registrationNotFound({ code });
    return row;
  }

  @Get('events/tickets/:code')
  @Access('public')
  @ApiOperation({ summary: 'A registration by its ticket code (for guests without an account).' })
  @ApiOkResponse({ type: RegistrationDto })
  async byCode(@Param('code') code: string): Promise<RegistrationDto> {
    return RegistrationDto.of(await this.ticket(code));
  }

  @Post('events/tickets/:code/cancel')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: "Cancel a registration by its ticket code, until the programme's deadline." })
  @ApiOkResponse({ type: RegistrationDto })
  async cancelByCode(@Param('code') code: string): Promise<RegistrationDto> {
    return RegistrationDto.of(await this.registrations.cancel((await this.ticket(code)).id, { staff: false }));
  }

  @Post('events/tickets/:code/claim')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: 'Take up an offered seat by ticket code.' })
  @ApiOkResponse({ type: RegistrationDto })
  async claimByCode(@Param('code') code: string): Promise<RegistrationDto> {
    return RegistrationDto.of(await this.registrations.claim((await this.ticket(code)).id));
  }

  @Get('events/tickets/:code/qr.svg')
  @Access('public')
  @Header('Content-Type', 'image/svg+xml')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: "The ticket's QR code (scanned at check-in)." })
  @ApiOkResponse({ description: 'SVG image', schema: TEXT })
  async qr(@Param('code') code: string): Promise<string> {
    return qrSvg((await this.ticket(code)).code);
  }

  @Get('events/tickets/:code/calendar.ics')
  @Access('public')
  @Header('Content-Type', ICS)
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The session of a ticket as an iCalendar file.' })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: TEXT })
  async ics(@Param('code') code: string): Promise<string> {
    return ticketCalendar(await this.ticket(code));
  }

  // ---- attendance ----

  @Post('events/sessions/:id/check-ins')
  @Access('staff:events')
  @ApiOperation({ summary: 'Check a registration in at the door: the ticket code (QR) or the library card.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: StaffRegistrationDto })
  async checkIn(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CheckInDto,
  ): Promise<StaffRegistrationDto> {
    return StaffRegistrationDto.ofStaff(await this.registrations.checkIn(p, id, dto));
  }

  @Post('events/sessions/:id/walk-ins')
  @Access('staff:events')
  @ApiOperation({ summary: 'Count people who came without registering (or attended online).' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: SessionDto })
  async walkIns(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: WalkInsDto,
  ): Promise<SessionDto> {
    return SessionDto.of(await this.registrations.addWalkIns(p, id, dto.count, dto.online ?? false));
  }

  @Put('events/sessions/:id/headcount')
  @Access('staff:events')
  @ApiOperation({ summary: 'The head count of an open event.' })
  @ApiOkResponse({ type: SessionDto })
  async headcount(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: HeadcountDto,
  ): Promise<SessionDto> {
    return SessionDto.of(await this.registrations.setHeadcount(p, id, dto.headcount));
  }

  @Post('events/sessions/:id/close')
  @HttpCode(200)
  @Access('staff:events')
  @ApiOperation({
    summary: 'Record the session as held: no-shows marked, the session and its attendance counted in usage.',
  })
  @ApiOkResponse({ type: SessionDto })
  async close(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SessionDto> {
    return SessionDto.of(await this.registrations.close(p, id));
  }

  // ---- the patron's own ----

  @Get('me/events/registrations')
  @Access('patron')
  @ApiOperation({ summary: 'Your registrations (upcoming=true: sessions not yet over).' })
  @ApiOkResponse({ type: RegistrationListDto })
  async mine(@CurrentPrincipal() p: Principal, @Query('upcoming') upcoming?: string): Promise<RegistrationListDto> {
    return RegistrationListDto.of(await this.registrations.mine(p.patronId!, upcoming === 'true'));
  }
}
