import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DIGITAL_KINDS, UPLOAD_RULES } from '@suotdoi/catalogue';
import { Access, CurrentPrincipal, PageQueryDto, Public, type Principal } from '@suotdoi/platform';
import {
  ContentQueryDto,
  EHoldDto,
  ELoanDto,
  ELoanPageDto,
  LicenceDto,
  LicenceInputDto,
  LicencePageDto,
  LicenceQueryDto,
  LinkDto,
  ResourceRefDto,
  StaffEHoldPageDto,
  StaffEHoldQueryDto,
  StaffELoanPageDto,
  StaffELoanQueryDto,
} from './dto/elending.dto.js';
import { ELendingService } from './elending.service.js';
import { OPDS_ENTRY, opdsLoanEntry } from './opds-entry.js';

@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation')
export class LicencesController {
  constructor(private readonly elending: ELendingService) {}

  @Post('licences')
  @Access('staff:manager', 'system_admin')
  @ApiOperation({
    summary: 'Add a licence to a digital resource: one-copy-one-user, metered, simultaneous or open access.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: LicenceDto })
  async add(@CurrentPrincipal() p: Principal, @Body() dto: LicenceInputDto): Promise<LicenceDto> {
    return LicenceDto.of(await this.elending.addLicence(p, dto));
  }

  @Get('licences')
  @Access('staff', 'system_admin')
  @ApiOperation({
    summary: "Licences of a digital resource held by the caller's institutions (staff of another institution: 404).",
  })
  @ApiOkResponse({ type: LicencePageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: LicenceQueryDto): Promise<LicencePageDto> {
    return LicencePageDto.of(await this.elending.licences(p, q.resourceId, { limit: q.limit, offset: q.offset }));
  }

  @Get('e-loans')
  @Access('staff', 'system_admin')
  @ApiOperation({
    summary:
      "E-loans of a digital resource or on an institution's licences (staff of the licence's institution; others 404). Default: open ones, newest first.",
  })
  @ApiOkResponse({ type: StaffELoanPageDto })
  async eLoans(@CurrentPrincipal() p: Principal, @Query() q: StaffELoanQueryDto): Promise<StaffELoanPageDto> {
    return StaffELoanPageDto.of(await this.elending.staffLoans(p, q, q));
  }

  @Get('e-holds')
  @Access('staff', 'system_admin')
  @ApiOperation({
    summary:
      "E-holds of a digital resource or on resources an institution licenses, in queue order (staff of the licence's institution; others 404). Default: waiting and offered.",
  })
  @ApiOkResponse({ type: StaffEHoldPageDto })
  async eHolds(@CurrentPrincipal() p: Principal, @Query() q: StaffEHoldQueryDto): Promise<StaffEHoldPageDto> {
    return StaffEHoldPageDto.of(await this.elending.staffHolds(p, q, q));
  }

  @Get('e-loans/:id/content')
  @Public()
  @ApiOperation({
    summary: 'Read the resource of an e-loan through a signed, expiring link (from GET /me/e-loans/{id}/link).',
  })
  @ApiProduces(...new Set(DIGITAL_KINDS.flatMap((k) => UPLOAD_RULES[k].mediaTypes)))
  @ApiOkResponse({
    description: "The resource's file (media type as stored); counted as an e-resource request",
    schema: { type: 'string', format: 'binary' },
  })
  async content(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ContentQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.elending.open(id, q.exp, q.sig);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    file.stream.pipe(res);
  }
}

/** The patron's e-lending: borrow, return early, read through a signed link, wait in line. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
@Access('patron')
export class MyELendingController {
  constructor(private readonly elending: ELendingService) {}

  @Get('e-loans')
  @ApiOperation({ summary: 'My open e-loans, with their end dates (limit/offset).' })
  @ApiOkResponse({ type: ELoanPageDto })
  async loans(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<ELoanPageDto> {
    return ELoanPageDto.of(await this.elending.myLoans(p, { limit: q.limit, offset: q.offset }));
  }

  @Post('e-loans')
  @ApiOperation({
    summary:
      'Borrow a digital resource (409 circulation/no_licence_available when every licence is in use: place an e-hold; 409 circulation/no_licence when no licence lends it).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ELoanDto })
  async borrow(@CurrentPrincipal() p: Principal, @Body() dto: ResourceRefDto): Promise<ELoanDto> {
    return ELoanDto.of(await this.elending.borrow(p, dto.resourceId));
  }

  @Post('e-loans/:id/return')
  @ApiOperation({ summary: 'Return an e-loan early; the seat goes to the next e-hold or back to the licence.' })
  @HttpCode(200)
  @ApiOkResponse({ type: ELoanDto })
  async giveBack(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ELoanDto> {
    return ELoanDto.of(await this.elending.giveBack(p, id));
  }

  @Get('e-loans/:id/link')
  @ApiOperation({ summary: "A signed reading link for my open e-loan, valid 15 minutes (never past the loan's end)." })
  @ApiOkResponse({ type: LinkDto })
  async link(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<LinkDto> {
    const l = await this.elending.link(p, id);
    return { url: l.url, expiresAt: l.expiresAt };
  }

  /** Where an OPDS feed's borrow link leads: reading apps follow it with GET and the reader's token. */
  @Get('opds/borrow/:resourceId')
  @Header('Content-Type', `${OPDS_ENTRY}; charset=utf-8`)
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces(OPDS_ENTRY)
  @ApiOperation({
    summary:
      'Borrow a licensed digital resource from a reading app (the borrow link of the OPDS feeds): my open e-loan of it, else a new one (409 circulation/no_licence_available when every seat is taken, circulation/no_licence when no licence lends it); answers the OPDS entry of the e-loan with a signed acquisition link to read it.',
  })
  @ApiOkResponse({
    description: 'OPDS entry of the e-loan: acquisition link (signed, 15 minutes) and availability until its end',
    schema: { type: 'string' },
  })
  async opdsBorrow(
    @CurrentPrincipal() p: Principal,
    @Param('resourceId', ParseUUIDPipe) resourceId: string,
  ): Promise<string> {
    return opdsLoanEntry(await this.elending.borrowForOpds(p, resourceId));
  }

  @Post('e-holds')
  @ApiOperation({
    summary:
      'Wait in line for a digital resource whose licences are all in use (409 circulation/no_licence when no licence lends it).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: EHoldDto })
  async hold(@CurrentPrincipal() p: Principal, @Body() dto: ResourceRefDto): Promise<EHoldDto> {
    return EHoldDto.of(await this.elending.placeHold(p, dto.resourceId));
  }

  @Get('e-holds/:id')
  @ApiOperation({ summary: 'One of my e-holds: place in line, or the offer and its claim deadline.' })
  @ApiOkResponse({ type: EHoldDto })
  async getHold(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<EHoldDto> {
    return EHoldDto.of(await this.elending.getHold(p, id));
  }

  @Post('e-holds/:id/cancel')
  @ApiOperation({ summary: 'Cancel my e-hold (an offer passes to the next in line).' })
  @HttpCode(200)
  @ApiOkResponse({ type: EHoldDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<EHoldDto> {
    return EHoldDto.of(await this.elending.cancelHold(p, id));
  }
}
