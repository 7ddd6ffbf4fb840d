import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Access,
  CurrentPrincipal,
  JURISDICTION_DIRECTORY,
  Public,
  staffInstitutions,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { AccountsService } from '../accounts/accounts.service.js';
import { IdentityErrors } from '../identity.errors.js';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  AcceptInvitationWithAccountDto,
  CreateStaffDto,
  SetRolesDto,
  StaffInvitationDto,
  StaffMemberDto,
} from './dto/staff.dto.js';
import { StaffInvitationsService } from './staff-invitations.service.js';

/** Staff of an institution and their roles: managed by its managers and by administrators of its jurisdiction. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller()
export class StaffController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly invitations: StaffInvitationsService,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
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

  /**
   * Invite a person, by e-mail, to roles at the institution. Nothing is granted until the owner of the e-mail accepts
   * through the single-use link sent there; the answer is the same whether or not an account has that e-mail.
   */
  @Post('staff')
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'Invite a person by e-mail to roles at an institution: the roles are granted when the owner of the e-mail accepts through the link sent there (signed in with the account that has the e-mail, or creating one). The answer says nothing about existing accounts.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: StaffInvitationDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateStaffDto): Promise<StaffInvitationDto> {
    await this.mustManage(p, body.institutionId);
    return StaffInvitationDto.of(await this.invitations.invite(body, p.accountId));
  }

  @Post('staff-invitations/accept')
  @Access('authenticated')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept a staff invitation as the signed-in account: the invitation must have been sent to this account’s e-mail (else 404, as for a used or expired link).',
  })
  @ApiOkResponse({ type: AcceptedInvitationDto })
  async accept(@CurrentPrincipal() p: Principal, @Body() body: AcceptInvitationDto): Promise<AcceptedInvitationDto> {
    const granted = await this.invitations.acceptAsAccount(body.token, p.accountId);
    return AcceptedInvitationDto.of({ accountId: p.accountId, ...granted });
  }

  @Post('staff-invitations/accept-new')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept a staff invitation by creating the account for the invited e-mail, with a password (409 identity/invitation_needs_sign_in when an account already has the e-mail).',
  })
  @ApiOkResponse({ type: AcceptedInvitationDto })
  async acceptNew(@Body() body: AcceptInvitationWithAccountDto): Promise<AcceptedInvitationDto> {
    return AcceptedInvitationDto.of(await this.invitations.acceptWithNewAccount(body.token, body.password));
  }

  /** Replace a staff member's roles at the institution (empty removes them from the staff). */
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
    // Only the institution's own staff: roles reach anyone else through an invitation they accept.
    const member = (await this.accounts.staffOf(id)).find((s) => s.accountId === accountId);
    if (!member) throw IdentityErrors.accountNotFound();
    const account = await this.accounts.get(accountId);
    const roles = await this.accounts.setStaffRoles(accountId, id, body.roles, p.accountId);
    return { accountId, displayName: account.displayName, email: account.email, roles };
  }
}
