import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { PersonalDataExportDto } from '../privacy/dto/personal-data-export.dto.js';
import { PrivacyService } from '../privacy/privacy.service.js';
import {
  ConsentDto,
  DeskRegisterDto,
  PatronDto,
  PatronPageDto,
  PatronSearchQueryDto,
  RecordConsentDto,
  UpdatePatronDto,
} from './dto/patron.dto.js';
import { PatronsService } from './patrons.service.js';

const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat the POST safely: the first response is replayed',
});

/**
 * Patron records for library staff. Staff see the patrons of their institutions, network administrators those of
 * their jurisdiction; anyone else's answers 404. Every read is written to the audit log.
 */
@ApiTags('patrons')
@ApiBearerAuth()
@Controller('patrons')
export class PatronsController {
  constructor(
    private readonly patrons: PatronsService,
    private readonly privacy: PrivacyService,
  ) {}

  /** Register a patron at the desk: the card is issued at once. */
  @Post()
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Register a patron at the desk: the card is issued at once (under 16, with consent).' })
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: PatronDto })
  async register(@CurrentPrincipal() p: Principal, @Body() body: DeskRegisterDto): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.registerAtDesk(p, { ...body, fullName: body.fullName.normalize('NFC') }));
  }

  @Get()
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Find patrons by name (accents and đ ignored) or card number, among those I may see.' })
  @ApiOkResponse({ type: PatronPageDto })
  async search(@CurrentPrincipal() p: Principal, @Query() q: PatronSearchQueryDto): Promise<PatronPageDto> {
    const res = await this.patrons.search(
      p,
      { q: q.q?.normalize('NFC'), cardNumber: q.cardNumber, institutionId: q.institutionId },
      q,
    );
    return { ...res, items: res.items.map((x) => PatronDto.of(x)) };
  }

  @Get(':id')
  @Access('staff', 'network_admin', 'system_admin', 'patron')
  @ApiOperation({ summary: 'A patron record (staff reads are written to the audit log).' })
  @ApiOkResponse({ type: PatronDto })
  @ApiNotFoundResponse({ description: 'identity/patron_not_found (also for records you may not see)' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.read(p, id));
  }

  @Patch(':id')
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Correct a patron’s name, address, category, date of birth or card expiry.' })
  @ApiOkResponse({ type: PatronDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePatronDto,
  ): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.update(p, id, body));
  }

  /** Issue the card of a self-registered patron whose identity was checked at the desk. */
  @Post(':id/verify')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Issue the card of a self-registered patron whose identity was checked at the desk.' })
  @ApiOkResponse({ type: PatronDto })
  async verify(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.verifyAtDesk(p, id));
  }

  @Post(':id/renew-card')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Renew the patron’s library card.' })
  @ApiOkResponse({ type: PatronDto })
  async renew(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.renewCard(p, id));
  }

  @Get(':id/consents')
  @Access('staff', 'network_admin', 'system_admin', 'patron')
  @ApiOperation({ summary: 'Consents recorded for the patron.' })
  @ApiOkResponse({ type: [ConsentDto] })
  async consents(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConsentDto[]> {
    return (await this.patrons.consents(p, id)).map((c) => ConsentDto.of(c));
  }

  /** Record the consent of the child (7 and over) or of a parent or guardian. */
  @Post(':id/consents')
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Record the consent of the child (7 and over) or of a parent or guardian.' })
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: ConsentDto })
  async recordConsent(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordConsentDto,
  ): Promise<ConsentDto> {
    return ConsentDto.of(
      await this.patrons.recordConsent(p, id, { ...body, givenByName: body.givenByName.normalize('NFC') }),
    );
  }

  @Post(':id/consents/:consentId/withdraw')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Withdraw a consent (a child’s record is then suspended until consent is given again).' })
  @ApiOkResponse({ type: PatronDto })
  async withdrawConsent(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('consentId', ParseUUIDPipe) consentId: string,
  ): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.withdrawConsent(p, id, consentId));
  }

  /** Everything held about the patron, as JSON, for a request made at the desk (manager or administrator; audited). */
  @Get(':id/export')
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'Everything held about the patron, as JSON, for a request made at the desk (manager or administrator; audited).',
  })
  @ApiOkResponse({ type: PersonalDataExportDto, description: 'Personal data export' })
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PersonalDataExportDto> {
    return PersonalDataExportDto.of(await this.privacy.exportPatron(p, id));
  }

  /** Erase the patron's identity; statistics stay under the pseudonymous patron id. */
  @Post(':id/erase')
  @HttpCode(204)
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Erase the patron’s identity; statistics stay under the pseudonymous patron id.' })
  @ApiNoContentResponse()
  async erase(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.privacy.erasePatron(p, id);
  }
}
