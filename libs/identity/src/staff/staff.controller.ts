import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Access,
  AppConfig,
  CurrentPrincipal,
  JURISDICTION_DIRECTORY,
  staffInstitutions,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { NoticesService } from '@suotdoi/notices';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuthService } from '../auth/auth.service.js';
import { IdentityErrors } from '../identity.errors.js';
import { IdentityNotices } from '../notices/identity.notices.js';
import { CreateStaffDto, SetRolesDto, StaffMemberDto } from './dto/staff.dto.js';

/** Staff of an institution and their roles: managed by its managers and by administrators of its jurisdiction. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller()
export class StaffController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
    private readonly notices: NoticesService,
  ) {}

  private async mustManage(p: Principal, institutionId: string): Promise<void> {
    const ok =
      p.systemAdmin ||
      staffInstitutions(p, 'manager').includes(institutionId) ||
      (p.adminUnitIds.length > 0 && (await this.directory.institutionsUnder(p.adminUnitIds)).includes(institutionId));
    if (!ok) throw IdentityErrors.institutionNotFound();
  }

  @Get('institutions/:id/staff')
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Staff of an institution and their roles.' })
  @ApiOkResponse({ type: [StaffMemberDto] })
  async list(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StaffMemberDto[]> {
    await this.mustManage(p, id);
    return this.accounts.staffOf(id);
  }

  /** Give a person roles at the institution: an existing account (same e-mail) or a new one, which gets a link to set its password. */
  @Post('staff')
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'Give a person roles at an institution: an existing account (same e-mail) or a new one, which gets a link to set its password.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: StaffMemberDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateStaffDto): Promise<StaffMemberDto> {
    await this.mustManage(p, body.institutionId);
    let account = await this.accounts.findByEmail(body.email);
    if (!account) {
      const id = await this.accounts.create({
        email: body.email,
        displayName: body.displayName.normalize('NFC'),
        status: 'active',
      });
      account = await this.accounts.get(id);
      const token = await this.auth.oneTimeToken(id, 'reset_password', 7 * 24 * 60);
      await this.notices.sendNow({
        to: { email: account.email!, name: account.displayName },
        template: IdentityNotices.set_password,
        params: { link: `${this.config.PUBLIC_URL.replace(/\/$/, '')}/reset-password?token=${token}`, token },
      });
    }
    const roles = await this.accounts.setStaffRoles(account.id, body.institutionId, body.roles, p.accountId);
    return { accountId: account.id, displayName: account.displayName, email: account.email, roles };
  }

  /** Replace an account's roles at the institution (empty removes it from the staff). */
  @Put('institutions/:id/staff/:accountId')
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({ summary: 'Replace an account’s roles at the institution (empty removes it from the staff).' })
  @ApiOkResponse({ type: StaffMemberDto })
  async setRoles(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Body() body: SetRolesDto,
  ): Promise<StaffMemberDto> {
    await this.mustManage(p, id);
    const account = await this.accounts.get(accountId);
    const roles = await this.accounts.setStaffRoles(accountId, id, body.roles, p.accountId);
    return { accountId, displayName: account.displayName, email: account.email, roles };
  }
}
