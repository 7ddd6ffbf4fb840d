import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { parse } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { Access, AppConfig, Public } from '@suotdoi/platform';
import { IdentityErrors } from '../identity.errors.js';
import { BrowserSessionErrors } from './browser-session.errors.js';
import { refuseIdempotencyKey } from './auth.controller.js';
import { AuthService, type Session } from './auth.service.js';
import { SignInDto } from './dto/auth.dto.js';

/** The refresh token, sent back only to the browser-session routes, never readable by scripts. */
export const REFRESH_COOKIE = 'suotdoi_refresh';
/** The CSRF token (double submit): readable by the page's script, which echoes it in `X-CSRF-Token`. */
export const CSRF_COOKIE = 'suotdoi_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The access token for the queue dashboard's pages (apps/api reads it under /admin/queues). */
export const QUEUE_BOARD_COOKIE = 'suotdoi_queue_board';
const BROWSER_PATH = '/auth/browser';

/** What a browser keeps in memory: the access token only; the refresh token stays in an httpOnly cookie. */
export class BrowserSessionDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({
    description: 'Echo it in the X-CSRF-Token header of refresh and sign-out (also in the suotdoi_csrf cookie)',
  })
  csrfToken: string;
  static of(s: Session, csrfToken: string): BrowserSessionDto {
    return { accessToken: s.accessToken, tokenType: 'Bearer', expiresIn: s.expiresIn, csrfToken };
  }
}

/**
 * Sessions for the web pages: the refresh token lives in an httpOnly, SameSite=Strict cookie scoped to these routes,
 * the access token only in the page's memory. Cookie-authenticated routes (refresh, sign-out) also need the CSRF
 * token in a header (double submit), so another site can neither read nor use the session. Sign-in, rotation and
 * reuse detection are AuthService's, as for API clients.
 */
@ApiTags('identity')
@Controller(BROWSER_PATH)
export class BrowserSessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      'Web pages: sign in; the refresh token is set as an httpOnly cookie, the access token returned for memory only.',
  })
  @ApiOkResponse({ type: BrowserSessionDto })
  @ApiUnauthorizedResponse({ description: 'identity/invalid_credentials' })
  @ApiTooManyRequestsResponse({ description: 'identity/sign_in_rate_limited' })
  async signIn(
    @Body() body: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<BrowserSessionDto> {
    refuseIdempotencyKey(key);
    return this.answer(res, await this.auth.signIn(body.login, body.password, req.ip ?? 'unknown'));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Web pages: a new access token from the refresh cookie (rotated); needs X-CSRF-Token.' })
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The value of the suotdoi_csrf cookie' })
  @ApiOkResponse({ type: BrowserSessionDto })
  @ApiUnauthorizedResponse({
    description: 'identity/invalid_refresh_token, identity/refresh_token_reused or identity/csrf_failed (403)',
  })
  async refresh(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<BrowserSessionDto> {
    refuseIdempotencyKey(key);
    const refreshToken = this.checked(req).refresh;
    try {
      return this.answer(res, await this.auth.refresh(refreshToken));
    } catch (e) {
      this.clear(res);
      throw e;
    }
  }

  @Post('sign-out')
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'Web pages: sign out (the refresh token is revoked and the cookies cleared); needs X-CSRF-Token.',
  })
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiHeader({ name: 'X-CSRF-Token', required: true })
  @ApiNoContentResponse()
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { refresh } = this.checked(req, true);
    if (refresh) await this.auth.logout(refresh);
    this.clear(res);
  }

  /** The queue dashboard is a set of pages a browser opens by navigation, which cannot carry an Authorization header. */
  @Post('queue-dashboard')
  @HttpCode(204)
  @Access('system_admin')
  @ApiOperation({
    summary:
      'Web pages: let this browser open /admin/queues (system administrators; a cookie holding this access token, for its lifetime).',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse()
  queueDashboard(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    res.cookie(QUEUE_BOARD_COOKIE, token, {
      ...this.base('/admin/queues'),
      maxAge: this.config.ACCESS_TOKEN_TTL_SECONDS * 1000,
    });
  }

  private base(path: string): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.PUBLIC_URL.startsWith('https:'), path };
  }

  private answer(res: Response, s: Session): BrowserSessionDto {
    const csrf = randomBytes(24).toString('base64url');
    res.cookie(REFRESH_COOKIE, s.refreshToken, { ...this.base(BROWSER_PATH), maxAge: s.refreshExpiresIn * 1000 });
    res.cookie(CSRF_COOKIE, csrf, { ...this.base('/'), httpOnly: false, maxAge: s.refreshExpiresIn * 1000 });
    res.setHeader('Cache-Control', 'no-store');
    return BrowserSessionDto.of(s, csrf);
  }

  private clear(res: Response): void {
    res.clearCookie(REFRESH_COOKIE, this.base(BROWSER_PATH));
    res.clearCookie(CSRF_COOKIE, { ...this.base('/'), httpOnly: false });
    res.clearCookie(QUEUE_BOARD_COOKIE, this.base('/admin/queues'));
  }

  /** The refresh cookie, after the CSRF header matched the CSRF cookie (constant-time). */
  private checked(req: Request, allowMissing = false): { refresh: string } {
    const cookies = parse(req.headers.cookie ?? '');
    const csrf = cookies[CSRF_COOKIE] ?? '';
    const header = String(req.headers[CSRF_HEADER] ?? '');
    const same =
      csrf.length > 0 && csrf.length === header.length && timingSafeEqual(Buffer.from(csrf), Buffer.from(header));
    const refresh = cookies[REFRESH_COOKIE] ?? '';
    if (allowMissing && !refresh && !csrf) return { refresh: '' };
    if (!same) throw BrowserSessionErrors.csrfFailed();
    if (!refresh) throw IdentityErrors.invalidRefreshToken();
    return { refresh };
  }
}
