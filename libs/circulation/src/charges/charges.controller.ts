import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { ChargesService } from './charges.service.js';
import {
  ChargeDto,
  ChargePageDto,
  ChargeQueryDto,
  ChargeStatusQueryDto,
  PayChargeDto,
  ReverseEntryDto,
  WaiveChargeDto,
} from './dto/charge.dto.js';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Send one per settlement: a retried request replays the first answer instead of failing with 409.',
};

/** Charges at the desk: list, record payment (in parts), waive, reverse. A charge is identified by its loan. */
@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation/charges')
export class ChargesController {
  constructor(private readonly charges: ChargesService) {}

  @Get()
  @Access('staff')
  @ApiOperation({
    summary:
      "A patron's charges (staff of the patron's home institution; by card number or id) and/or those owed to an institution you work at. Default: unsettled.",
  })
  @ApiOkResponse({ type: ChargePageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ChargeQueryDto): Promise<ChargePageDto> {
    return ChargePageDto.of(await this.charges.list(p, q, q));
  }

  @Get(':loanId')
  @Access('staff')
  @ApiOperation({
    summary: 'One charge with its history: payments, waivers and reversals (who recorded each, when, why).',
  })
  @ApiOkResponse({ type: ChargeDto })
  async get(@CurrentPrincipal() p: Principal, @Param('loanId', ParseUUIDPipe) loanId: string): Promise<ChargeDto> {
    return ChargeDto.of(await this.charges.get(p, loanId));
  }

  @Post(':loanId/payment')
  @Access('staff:circulation')
  @ApiOperation({
    summary:
      'Record a payment (all that is owed, or amountVnd of it) at the lending institution. A charge already settled answers 409 circulation/charge_already_settled; more than is owed, 409 circulation/charge_overpaid.',
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ChargeDto })
  async pay(
    @CurrentPrincipal() p: Principal,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Body() dto: PayChargeDto,
  ): Promise<ChargeDto> {
    return ChargeDto.of(
      await this.charges.settle(p, loanId, {
        kind: 'paid',
        amountVnd: dto.amountVnd,
        receiptNumber: dto.receiptNumber,
        note: dto.note,
      }),
    );
  }

  @Post(':loanId/waiver')
  @Access('staff:manager')
  @ApiOperation({
    summary:
      'Waive what is still owed on a charge (manager of the lending institution, with a reason). A charge already settled answers 409.',
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ChargeDto })
  async waive(
    @CurrentPrincipal() p: Principal,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Body() dto: WaiveChargeDto,
  ): Promise<ChargeDto> {
    return ChargeDto.of(await this.charges.settle(p, loanId, { kind: 'waived', reason: dto.reason }));
  }

  @Post(':loanId/entries/:entryId/reversal')
  @Access('staff:manager')
  @ApiOperation({
    summary:
      'Reverse a payment or waiver recorded by mistake (manager of the lending institution, with a reason): the amount is owed again. An entry is reversed at most once (409 circulation/charge_entry_already_reversed).',
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ChargeDto })
  async reverse(
    @CurrentPrincipal() p: Principal,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
    @Body() dto: ReverseEntryDto,
  ): Promise<ChargeDto> {
    return ChargeDto.of(await this.charges.reverse(p, loanId, entryId, dto.reason));
  }
}

/** The patron's own charges. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me/charges')
@Access('patron')
export class MyChargesController {
  constructor(private readonly charges: ChargesService) {}

  @Get()
  @ApiOperation({ summary: 'My charges, overdue and lost-item (default: unsettled), and the total I still owe.' })
  @ApiOkResponse({ type: ChargePageDto })
  async mine(@CurrentPrincipal() p: Principal, @Query() q: ChargeStatusQueryDto): Promise<ChargePageDto> {
    return ChargePageDto.of(await this.charges.mine(p, q.status, q));
  }
}
