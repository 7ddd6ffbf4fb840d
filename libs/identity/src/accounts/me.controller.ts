import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { refuseIdempotencyKey } from '../auth/auth.controller.js';
import { AuthService } from '../auth/auth.service.js';
import { ChangePasswordDto, SessionDto } from '../auth/dto/auth.dto.js';
import { IdentityErrors } from '../identity.errors.js';
import { ConsentDto, PatronDto } from '../patrons/dto/patron.dto.js';
import { PatronsService } from '../patrons/patrons.service.js';
import { PersonalDataExportDto } from '../privacy/dto/personal-data-export.dto.js';
import { PrivacyService } from '../privacy/privacy.service.js';
import { AccountDto, MeDto } from '../staff/dto/staff.dto.js';
import { AccountsService } from './accounts.service.js';

class EraseMeDto {
  @ApiProperty({ format: 'password', description: 'Your password, to confirm' })
  @IsString()
  @Length(1, 256)
  password: string;
}

class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Hồ Văn Kiên' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '0912345678' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\+?[0-9 .-]{8,20}$/)
  phone?: string | null;
}

/** The caller's own account, patron profile and personal data. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly patrons: PatronsService,
    private readonly privacy: PrivacyService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'Who am I: my account, patron profile, staff roles and administered units.' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() p: Principal): Promise<MeDto> {
    return {
      account: AccountDto.of(await this.accounts.get(p.accountId)),
      patronId: p.patronId ?? null,
      staff: p.staff,
      adminUnitIds: p.adminUnitIds,
    };
  }

  /** Change your display name or phone (e-mail, roles and status are not yours to set here). */
  @Patch()
  @Access('authenticated')
  @ApiOperation({ summary: 'Change my display name or phone (e-mail, roles and status are not set here).' })
  @ApiOkResponse({ type: AccountDto })
  async update(@CurrentPrincipal() p: Principal, @Body() body: UpdateMeDto): Promise<AccountDto> {
    return AccountDto.of(await this.accounts.updateOwn(p.accountId, body));
  }

  @Get('patron')
  @Access('patron')
  @ApiOperation({ summary: 'My patron profile and library card.' })
  @ApiOkResponse({ type: PatronDto })
  async patron(@CurrentPrincipal() p: Principal): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.read(p, p.patronId!));
  }

  /** Change the password; every other session ends and a new one is returned. */
  @Post('password')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'Change my password; every other session ends and a new one is returned.' })
  @ApiOkResponse({ type: SessionDto })
  async changePassword(
    @CurrentPrincipal() p: Principal,
    @Body() body: ChangePasswordDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<SessionDto> {
    refuseIdempotencyKey(key);
    return SessionDto.of(await this.auth.changePassword(p.accountId, body.currentPassword, body.newPassword));
  }

  /** Everything held about you, as JSON (recorded in the audit log). */
  @Get('export')
  @Access('authenticated')
  @ApiOperation({ summary: 'Download everything held about me, as JSON (recorded in the audit log).' })
  @ApiOkResponse({ type: PersonalDataExportDto, description: 'Personal data export' })
  async export(@CurrentPrincipal() p: Principal): Promise<PersonalDataExportDto> {
    return PersonalDataExportDto.of(await this.privacy.exportAccount(p, p.accountId));
  }

  /** Erase your account: identity goes, statistics stay (under a pseudonymous key). */
  @Post('erase')
  @HttpCode(204)
  @Access('authenticated')
  @ApiOperation({
    summary: 'Erase my account (confirmed with my password): identity goes, statistics stay under a pseudonymous key.',
  })
  @ApiNoContentResponse()
  async erase(@CurrentPrincipal() p: Principal, @Body() body: EraseMeDto): Promise<void> {
    await this.privacy.eraseSelf(p, body.password);
  }

  @Get('consents')
  @Access('patron')
  @ApiOperation({ summary: 'Consents given for my record (a child’s, by the child or a parent or guardian).' })
  @ApiOkResponse({ type: [ConsentDto] })
  async consents(@CurrentPrincipal() p: Principal): Promise<ConsentDto[]> {
    return (await this.patrons.consents(p, p.patronId!)).map((c) => ConsentDto.of(c));
  }

  /** Withdraw a consent given for your record (a child's record then stays suspended until consent is given again). */
  @Post('consents/:consentId/withdraw')
  @HttpCode(200)
  @Access('patron')
  @ApiOperation({
    summary:
      'Withdraw a consent given for my record (a child’s record is then suspended until consent is given again).',
  })
  @ApiOkResponse({ type: PatronDto })
  async withdraw(
    @CurrentPrincipal() p: Principal,
    @Param('consentId', ParseUUIDPipe) consentId: string,
  ): Promise<PatronDto> {
    if (!p.patronId) throw IdentityErrors.patronNotFound();
    return PatronDto.of(await this.patrons.withdrawConsent(p, p.patronId, consentId));
  }
}
