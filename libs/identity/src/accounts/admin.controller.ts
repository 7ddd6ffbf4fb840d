import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Access,
  CurrentPrincipal,
  JURISDICTION_DIRECTORY,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { AuditQueryDto, AuditEntryDto, AuditPageDto } from '../audit/dto/audit.dto.js';
import { AuditService } from '../audit/audit.service.js';
import {
  AccountDto,
  AccountPageDto,
  AccountSearchQueryDto,
  AccountStatusDto,
  AdminScopeDto,
  GrantScopeDto,
  SystemAdminDto,
} from '../staff/dto/staff.dto.js';
import { AuthService } from '../auth/auth.service.js';
import { AccountsService } from './accounts.service.js';

/** Accounts, network administrators and system administrators; and the audit log. */
@ApiTags('administration')
@ApiBearerAuth()
@Controller()
export class AdminController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  @Get('admin/accounts')
  @Access('system_admin')
  @ApiOperation({ summary: 'Find accounts by name or e-mail.' })
  @ApiOkResponse({ type: AccountPageDto })
  async accountsList(@Query() q: AccountSearchQueryDto): Promise<AccountPageDto> {
    const res = await this.accounts.search(q.q?.normalize('NFC'), q);
    return { ...res, items: res.items.map((a) => AccountDto.of(a)) };
  }

  @Get('admin/network-admins')
  @Access('system_admin')
  @ApiOperation({ summary: 'Network administrators and the units they administer.' })
  @ApiOkResponse({ type: [AdminScopeDto] })
  scopes(): Promise<AdminScopeDto[]> {
    return this.accounts.adminScopes();
  }

  /** Make an account administrator of a unit (and everything under it). */
  @Post('admin/network-admins')
  @Access('system_admin')
  @ApiOperation({ summary: 'Make an account administrator of a unit (and everything under it).' })
  @ApiCreatedResponse({ type: [AdminScopeDto] })
  async grant(@CurrentPrincipal() p: Principal, @Body() body: GrantScopeDto): Promise<AdminScopeDto[]> {
    await this.accounts.grantAdminScope(body.accountId, body.unitId, p.accountId);
    return (await this.accounts.adminScopes()).filter((s) => s.accountId === body.accountId);
  }

  @Delete('admin/network-admins/:accountId/units/:unitId')
  @HttpCode(204)
  @Access('system_admin')
  @ApiOperation({ summary: 'Stop an account administering a unit.' })
  @ApiNoContentResponse()
  async revoke(
    @CurrentPrincipal() p: Principal,
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('unitId', ParseUUIDPipe) unitId: string,
  ): Promise<void> {
    await this.accounts.revokeAdminScope(accountId, unitId, p.accountId);
  }

  @Put('admin/accounts/:id/system-admin')
  @Access('system_admin')
  @ApiOperation({ summary: 'Make an account a system administrator, or take the role away.' })
  @ApiOkResponse({ type: AccountDto })
  async setSystemAdmin(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SystemAdminDto,
  ): Promise<AccountDto> {
    return AccountDto.of(await this.accounts.setSystemAdmin(id, body.value, p.accountId));
  }

  /** Disable an account (its sessions end at once) or enable it again. System administrators must lose that role first. */
  @Put('admin/accounts/:id/status')
  @Access('system_admin')
  @ApiOperation({
    summary:
      'Disable an account (its sessions end at once) or enable it again; system administrators must lose that role first.',
  })
  @ApiOkResponse({ type: AccountDto })
  async setStatus(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AccountStatusDto,
  ): Promise<AccountDto> {
    return AccountDto.of(
      await this.accounts.setStatus(id, body.status, p.accountId, (m) => this.auth.logoutEverywhere(id, 'disabled', m)),
    );
  }

  /** The audit log (staff reads of patron records, exports, erasures, consent and role changes). Network administrators see their jurisdiction's entries. */
  @Get('audit')
  @Access('network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'The audit log: staff reads of patron records, exports, erasures, consent and role changes (network administrators: their jurisdiction).',
  })
  @ApiOkResponse({ type: AuditPageDto })
  async auditLog(@CurrentPrincipal() p: Principal, @Query() q: AuditQueryDto): Promise<AuditPageDto> {
    const institutionIds = p.systemAdmin ? undefined : await this.directory.institutionsUnder(p.adminUnitIds);
    const res = await this.audit.list(
      {
        patronId: q.patronId,
        actorAccountId: q.actorAccountId,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        institutionIds,
      },
      q,
    );
    return { ...res, items: res.items.map((e) => AuditEntryDto.of(e)) };
  }
}
