import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Access, CurrentPrincipal, PageQueryDto, type Principal } from '@suotdoi/platform';
import { HoldDto, HoldPageDto, HoldResultDto, PlaceHoldDto, ReserveDto, SuspendDto } from '../holds/dto/hold.dto.js';
import { HoldsService } from '../holds/holds.service.js';
import { CheckoutResultDto, LoanPageDto } from '../loans/dto/loan.dto.js';
import { LoansService } from '../loans/loans.service.js';
import { MyCirculationService } from './my-circulation.service.js';

export class HistoryErasedDto {
  @ApiProperty({ description: 'How many returned loans were taken out of the history', example: 12 }) erased: number;
}

export class HistorySettingDto {
  @ApiProperty({
    description: 'Keep returned loans in my history (off by default). Turning it off erases the history.',
  })
  @IsBoolean()
  keepHistory: boolean;
}

export class HistorySettingResultDto {
  @ApiProperty({ description: 'Whether my returned loans are now kept.' }) keepHistory: boolean;
  @ApiProperty({ description: 'Returned loans erased by this change (turning the history off erases it).', example: 0 })
  erased: number;
}

/** Patron self-service. Everything is scoped to the caller's own patron record; other patrons' loans and holds answer 404. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
@Access('patron')
export class MyCirculationController {
  constructor(
    private readonly loans: LoansService,
    private readonly holds: HoldsService,
    private readonly mine: MyCirculationService,
  ) {}

  @Get('loans')
  @ApiOperation({ summary: 'My current loans (status on_loan or overdue).' })
  @ApiOkResponse({ type: LoanPageDto })
  async myLoans(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<LoanPageDto> {
    return LoanPageDto.of(await this.loans.list({ patronId: p.patronId!, open: true }, q));
  }

  @Post('loans/:id/renew')
  @ApiOperation({
    summary: 'Renew my loan; the decision says which rule allowed or refused it, in Vietnamese and English.',
  })
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: CheckoutResultDto })
  async renew(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CheckoutResultDto> {
    return CheckoutResultDto.of(await this.loans.renew(p, id, { asPatron: true }));
  }

  @Get('history')
  @ApiOperation({ summary: 'My returned loans (kept only if I opted in).' })
  @ApiOkResponse({ type: LoanPageDto })
  async history(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<LoanPageDto> {
    return LoanPageDto.of(await this.loans.list({ patronId: p.patronId!, returned: true }, q));
  }

  @Get('history/setting')
  @ApiOperation({ summary: 'Whether my returned loans are kept in my reading history (opt-in).' })
  @ApiOkResponse({ type: HistorySettingDto })
  async historySetting(@CurrentPrincipal() p: Principal): Promise<HistorySettingDto> {
    const s = await this.mine.settingsOf(p.patronId!);
    return { keepHistory: s.keepHistory };
  }

  @Put('history/setting')
  @ApiOperation({ summary: 'Keep or stop keeping my reading history (turning it off erases it).' })
  @ApiOkResponse({ type: HistorySettingResultDto })
  async setHistory(@CurrentPrincipal() p: Principal, @Body() dto: HistorySettingDto): Promise<HistorySettingResultDto> {
    const r = await this.mine.setKeepHistory(p.patronId!, dto.keepHistory);
    return { keepHistory: r.keepHistory, erased: r.erased };
  }

  @Delete('history')
  @ApiOperation({ summary: 'Erase my reading history (loans stay, anonymised, for statistics).' })
  @ApiOkResponse({ type: HistoryErasedDto })
  async eraseHistory(@CurrentPrincipal() p: Principal): Promise<HistoryErasedDto> {
    const r = await this.mine.eraseHistory(p.patronId!);
    return { erased: r.erased };
  }

  @Get('holds')
  @ApiOperation({ summary: 'My holds and reservations, with queue positions and pickup deadlines.' })
  @ApiOkResponse({ type: HoldPageDto })
  async myHolds(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<HoldPageDto> {
    return HoldPageDto.of(
      await this.holds.list({ patronId: p.patronId!, statuses: ['waiting', 'in_transit', 'ready'] }, q),
    );
  }

  @Post('holds')
  @ApiOperation({ summary: 'Place a hold on a title or a copy, or reserve a copy on the shelf for pickup.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: HoldResultDto })
  async placeHold(@CurrentPrincipal() p: Principal, @Body() dto: PlaceHoldDto): Promise<HoldResultDto> {
    return HoldResultDto.of(await this.holds.placeForSelf(p, dto));
  }

  @Get('holds/:id')
  @ApiOperation({ summary: 'One of my holds.' })
  @ApiOkResponse({ type: HoldDto })
  async hold(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<HoldDto> {
    return HoldDto.of(await this.holds.get(p, id, true));
  }

  @Post('holds/:id/cancel')
  @ApiOperation({ summary: 'Cancel my hold.' })
  @HttpCode(200)
  @ApiOkResponse({ type: HoldDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<HoldDto> {
    return HoldDto.of(await this.holds.cancel(p, id, true));
  }

  @Post('holds/:id/suspend')
  @ApiOperation({ summary: 'Suspend my waiting hold until a date; it keeps its place.' })
  @HttpCode(200)
  @ApiOkResponse({ type: HoldDto })
  async suspend(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SuspendDto,
  ): Promise<HoldDto> {
    return HoldDto.of(await this.holds.suspend(p, id, dto.until, true));
  }

  @Post('holds/:id/resume')
  @ApiOperation({ summary: 'Resume my suspended hold.' })
  @HttpCode(200)
  @ApiOkResponse({ type: HoldDto })
  async resume(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<HoldDto> {
    return HoldDto.of(await this.holds.suspend(p, id, null, true));
  }

  @Post('reservations')
  @ApiOperation({ summary: 'Reserve a copy that is on the shelf; it is set aside for me until the pickup deadline.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: HoldResultDto })
  async reserve(@CurrentPrincipal() p: Principal, @Body() dto: ReserveDto): Promise<HoldResultDto> {
    return HoldResultDto.of(await this.holds.reserve(p, dto.barcode));
  }
}
