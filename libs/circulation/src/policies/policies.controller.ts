import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CreatePolicyDto, PolicyDto, PolicyLimitsDto } from './dto/policy.dto.js';
import { PoliciesService } from './policies.service.js';

/** Defaults of a new rule: the catch-all's two-week, five-item, free-of-charge lending. */
const DEFAULTS = {
  loanDays: 14,
  maxLoans: 5,
  renewalsAllowed: 2,
  renewalDays: 14,
  holdsAllowed: true,
  maxHolds: 5,
  pickupDays: 3,
  overdueFinePerDayVnd: 0,
  blockThresholdVnd: null,
  note: null,
};

/** Only the fields the client sent (DTO class fields exist as undefined otherwise). */
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Access('staff', 'system_admin')
  @ApiOperation({
    summary:
      'The rule matrix (institution × patron category × item type; null = any). The most specific rule wins, in this order: ' +
      'institution+category+type, institution+category, institution+type, institution, category+type, category, type, default.',
  })
  @ApiOkResponse({ type: [PolicyDto] })
  async list(@CurrentPrincipal() p: Principal): Promise<PolicyDto[]> {
    return (await this.policies.list(p)).map(PolicyDto.of);
  }

  @Post()
  @Access('staff:manager', 'system_admin')
  @ApiOperation({ summary: 'Add a rule (managers for their institution; system administrators for any key).' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: PolicyDto })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreatePolicyDto): Promise<PolicyDto> {
    return PolicyDto.of(
      await this.policies.create(p, {
        ...DEFAULTS,
        ...defined(dto),
        institutionId: dto.institutionId ?? null,
        patronCategory: dto.patronCategory ?? null,
        itemType: dto.itemType ?? null,
      }),
    );
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a circulation rule (managers of its institution; network-wide rules: system administrators).',
  })
  @Access('staff:manager', 'system_admin')
  @ApiOkResponse({ type: PolicyDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PolicyLimitsDto,
  ): Promise<PolicyDto> {
    return PolicyDto.of(await this.policies.update(p, id, defined(dto)));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a circulation rule (the catch-all rule cannot be deleted).' })
  @HttpCode(204)
  @Access('staff:manager', 'system_admin')
  async remove(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.policies.remove(p, id);
  }
}
