import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, CurrentPrincipal, Public, type Principal } from '@suotdoi/platform';
import { PatronDto } from '../patrons/dto/patron.dto.js';
import { PatronsService } from '../patrons/patrons.service.js';
import { IdentityErrors } from '../identity.errors.js';
import { AuthService } from './auth.service.js';
import {
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  PasswordResetRequestedDto,
  RefreshDto,
  RegistrationDto,
  SelfRegisterDto,
  SessionDto,
  SignInDto,
  TokenDto,
} from './dto/auth.dto.js';

/**
 * Responses that carry tokens must not be stored for replay (the idempotency store keeps response bodies, and
 * anonymous callers share one scope), so these routes refuse an Idempotency-Key; the failed request releases it.
 */
export function refuseIdempotencyKey(key: string | undefined): void {
  if (key !== undefined) throw IdentityErrors.idempotencyKeyNotAccepted();
}

/** Registration, sign-in, token rotation, sign-out, password reset. */
@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly patrons: PatronsService,
  ) {}

  /** Online registration as a patron; a verification link is sent, and the card is issued when it is followed. */
  @Post('register')
  @Public()
  @ApiOperation({
    summary: 'Register online as a patron; a verification link is e-mailed and the card is issued when it is followed.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RegistrationDto })
  async register(@Body() body: SelfRegisterDto): Promise<RegistrationDto> {
    const r = await this.patrons.selfRegister({ ...body, fullName: body.fullName.normalize('NFC') });
    return { ...r, status: 'pending' };
  }

  @Post('verify-email')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Follow the e-mail verification link: the account becomes active and the library card is issued.',
  })
  @ApiOkResponse({ type: PatronDto, description: 'The account is active and the card issued' })
  async verify(@Body() body: TokenDto): Promise<PatronDto> {
    return PatronDto.of(await this.patrons.verifyEmail(body.token));
  }

  /**
   * Sign in with e-mail or card number. Known and unknown logins answer alike; after five failures from one address
   * each further try waits twice as long (429 with Retry-After); no account is ever locked.
   */
  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      'Sign in with e-mail or card number; after five failures each further try waits longer (429 with Retry-After); no account is ever locked.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'identity/invalid_credentials' })
  @ApiTooManyRequestsResponse({ description: 'identity/sign_in_rate_limited (Retry-After says when to try again)' })
  async signIn(
    @Body() body: SignInDto,
    @Req() req: Request,
    @Headers('idempotency-key') key?: string,
  ): Promise<SessionDto> {
    refuseIdempotencyKey(key);
    return SessionDto.of(await this.auth.signIn(body.login, body.password, req.ip ?? 'unknown'));
  }

  /** Exchange a refresh token for a new pair. Reusing a spent refresh token revokes the whole sign-in. */
  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; reusing a spent one revokes the whole sign-in.' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'identity/invalid_refresh_token or identity/refresh_token_reused' })
  async refresh(@Body() body: RefreshDto, @Headers('idempotency-key') key?: string): Promise<SessionDto> {
    refuseIdempotencyKey(key);
    return SessionDto.of(await this.auth.refresh(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Sign out: revoke this refresh token.' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  /** End every session of the account: refresh tokens revoked, access tokens invalid at once. */
  @Post('logout-all')
  @HttpCode(204)
  @Access('authenticated')
  @ApiOperation({ summary: 'End every session of my account: refresh tokens revoked, access tokens invalid at once.' })
  @ApiBearerAuth()
  @ApiNoContentResponse()
  async logoutAll(@CurrentPrincipal() p: Principal): Promise<void> {
    await this.auth.logoutEverywhere(p.accountId);
  }

  /** Send a single-use reset link (always 202, so it does not reveal which e-mails have accounts). */
  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Send a single-use password reset link (always 202, whether or not the e-mail has an account).',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestedDto })
  async requestReset(@Body() body: PasswordResetRequestDto): Promise<PasswordResetRequestedDto> {
    await this.auth.requestPasswordReset(body.email);
    return { status: 'sent_if_known' };
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Choose a new password with the token from the reset link; every session ends.' })
  @ApiNoContentResponse()
  async confirmReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.auth.confirmPasswordReset(body.token, body.newPassword);
  }
}
