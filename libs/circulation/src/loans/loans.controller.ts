import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { seesInstitution } from '../access.js';
import { CirculationErrors } from '../circulation.errors.js';
import {
  CheckinDto,
  CheckinResultDto,
  InHouseUseResultDto,
  CheckoutDto,
  CheckoutPreviewDto,
  CheckoutResultDto,
  DecisionDto,
  LoanDetailDto,
  LoanPageDto,
  LoanQueryDto,
  RenewDto,
} from './dto/loan.dto.js';
import { ChargesService } from '../charges/charges.service.js';
import { ChargeDto, DeclareLostDto } from '../charges/dto/charge.dto.js';
import { LoansService } from './loans.service.js';

@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation')
export class LoansController {
  constructor(
    private readonly loans: LoansService,
    private readonly charges: ChargesService,
  ) {}

  @Post('checkouts')
  @Access('staff:circulation')
  @ApiOperation({
    summary:
      'Check out a copy (barcode) to a patron (card number). Refusals answer 422 with the rule and reasons; a copy already on loan 409.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat the same checkout safely (the first response is replayed).',
  })
  @ApiCreatedResponse({ type: CheckoutResultDto })
  async checkout(@CurrentPrincipal() p: Principal, @Body() dto: CheckoutDto): Promise<CheckoutResultDto> {
    return CheckoutResultDto.of(await this.loans.checkout(p, dto));
  }

  @Post('checkouts/preview')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({ summary: 'What a checkout would decide (rule matched, reasons), without lending.' })
  @ApiOkResponse({ type: DecisionDto })
  async preview(@CurrentPrincipal() p: Principal, @Body() dto: CheckoutPreviewDto): Promise<DecisionDto> {
    return DecisionDto.of(await this.loans.previewCheckout(p, dto));
  }

  @Post('checkins')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Check a copy in at any institution: hold shelf, in transit, or back on the shelf.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: CheckinResultDto })
  async checkin(@CurrentPrincipal() p: Principal, @Body() dto: CheckinDto): Promise<CheckinResultDto> {
    return CheckinResultDto.of(await this.loans.checkin(p, dto));
  }

  @Post('in-house-uses')
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Count an item used in the library without a loan (usage event in_house_use).' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Send one per scan so a retried request is not counted twice.',
  })
  @ApiCreatedResponse({ type: InHouseUseResultDto })
  async inHouseUse(@CurrentPrincipal() p: Principal, @Body() dto: CheckinDto): Promise<InHouseUseResultDto> {
    return InHouseUseResultDto.of(await this.loans.recordInHouseUse(p, dto));
  }

  @Post('loans/:id/renew')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Renew a loan at the desk (override with a reason when the rules refuse).' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: CheckoutResultDto })
  async renew(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RenewDto,
  ): Promise<CheckoutResultDto> {
    return CheckoutResultDto.of(await this.loans.renew(p, id, { asPatron: false, override: dto.override }));
  }

  @Post('loans/:id/lost')
  @Access('staff:circulation')
  @ApiOperation({
    summary:
      "Close an open loan because the copy is lost (staff of the lending institution): a lost-item charge of the copy's catalogue price (or priceVnd), plus any overdue charge to today; the copy becomes lost. A copy without a price and no priceVnd answers 422 circulation/copy_price_unknown.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ChargeDto })
  async lost(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DeclareLostDto,
  ): Promise<ChargeDto> {
    return ChargeDto.of(await this.charges.declareLost(p, id, dto));
  }

  @Get('loans')
  @Access('staff')
  @ApiOperation({
    summary: 'Open loans lent by an institution you work at (optionally only overdue ones, or one patron).',
  })
  @ApiOkResponse({ type: LoanPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: LoanQueryDto): Promise<LoanPageDto> {
    if (!seesInstitution(p, q.institutionId))
      throw CirculationErrors.institutionNotServed({ institutionId: q.institutionId });
    return LoanPageDto.of(
      await this.loans.list(
        { institutionIds: [q.institutionId], open: true, overdue: q.overdue, patronId: q.patronId },
        q,
      ),
    );
  }

  @Get('loans/:id')
  @ApiOperation({ summary: "A loan, for staff of the lending institution or the borrower's home institution." })
  @Access('staff', 'patron')
  @ApiOkResponse({ type: LoanDetailDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<LoanDetailDto> {
    return LoanDetailDto.ofDetail(await this.loans.get(p, id));
  }
}
