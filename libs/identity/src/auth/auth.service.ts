import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@suotdoi/platform';
import { NoticesService } from '@suotdoi/notices';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AccountsService, normaliseEmail } from '../accounts/accounts.service.js';
import { IdentityErrors } from '../identity.errors.js';
import { IdentityNotices } from '../notices/identity.notices.js';
import { AccessTokens } from './access-tokens.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensRepository, type OneTimePurpose } from './tokens.repository.js';

/**
 * Sign-in throttling (see TokensRepository.admitSignIn): no account is ever locked (a lock is a weapon anyone can use);
 * instead failures since the login's last success slow further tries down, per login and client address, and per login
 * from addresses it never signed in from. Counts run over a window.
 */
export const SIGN_IN_THROTTLE = {
  windowMinutes: 60,
  freePerClient: 5,
  freePerLogin: 20,
  maxPerClient: 100,
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
};
export const RESET_TOKEN_MINUTES = 30;
export const VERIFY_TOKEN_MINUTES = 48 * 60;

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

/** Sign-in, token rotation, sign-out, password reset. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly accountsService: AccountsService,
    private readonly tokens: TokensRepository,
    private readonly access: AccessTokens,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
  ) {}

  /** A fresh session (new refresh-token family) for an account that has proved who it is. */
  async issueSession(accountId: string, manager?: EntityManager): Promise<Session> {
    const version = (await this.accounts.findById(accountId, manager))?.tokenVersion ?? 0;
    const refreshToken = newSecret();
    await this.tokens.insertRefresh(manager, {
      accountId,
      familyId: randomUUID(),
      tokenHash: sha256(refreshToken),
      ttlDays: this.config.REFRESH_TOKEN_TTL_DAYS,
    });
    return this.session(accountId, version, refreshToken);
  }

  /** An access token only (no refresh token): for tests and tools. */
  async issueAccessToken(accountId: string): Promise<string> {
    return this.access.issue({ accountId, version: await this.accountsService.tokenVersion(accountId) });
  }

  private async session(accountId: string, version: number, refreshToken: string): Promise<Session> {
    return {
      accessToken: await this.access.issue({ accountId, version }),
      tokenType: 'Bearer',
      expiresIn: this.access.ttlSeconds,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_DAYS * 86400,
    };
  }

  /**
   * Check a login (e-mail or card number) and password. A known login and an unknown one answer alike (401, the same
   * work to get there, the same throttling); repeated failures slow further tries down (429 with Retry-After), and
   * never lock the account. Every attempt is kept in identity.sign_in_attempts (login, address, outcome, time).
   */
  async signIn(login: string, password: string, ip: string): Promise<Session> {
    const loginKey = login.normalize('NFC').trim().toLowerCase();
    const admitted = await this.tokens.admitSignIn(loginKey, ip, SIGN_IN_THROTTLE);
    if ('retryAfterSeconds' in admitted)
      throw IdentityErrors.signInRateLimited({ retryAfterSeconds: admitted.retryAfterSeconds });
    // The password hash is checked outside any transaction: no connection or row lock is held for it.
    const a = await this.accounts.findByLogin(loginKey);
    const usable = a && a.status !== 'erased' && a.status !== 'disabled' ? a : undefined;
    const verified = await this.hasher.verify(usable?.passwordHash ?? null, password);
    if (!usable || !verified) throw IdentityErrors.invalidCredentials();
    if (usable.status !== 'active') throw IdentityErrors.accountNotActive();
    await this.ds.transaction(async (m) => {
      await this.tokens.attemptSucceeded(m, admitted.attemptId);
      await this.accounts.recordSuccess(m, usable.id);
    });
    return this.issueSession(usable.id);
  }

  /**
   * Exchange a refresh token for a new pair. Each token works once: presenting a used one means it was stolen or
   * replayed, so the whole family (every token descended from that sign-in) is revoked, and with it every access token
   * of the account issued so far (token version: a stolen pair's access token dies at once, not when it expires; the
   * account's other sessions keep their refresh tokens and simply refresh).
   */
  async refresh(refreshToken: string): Promise<Session> {
    const result = await this.ds.transaction(async (m): Promise<{ session: Session } | { error: Error }> => {
      const row = await this.tokens.findRefreshForUpdate(m, sha256(refreshToken));
      if (!row || row.revokedAt || row.expired) return { error: IdentityErrors.invalidRefreshToken() };
      if (row.usedAt) {
        await this.tokens.revokeFamily(m, row.familyId, 'reuse_detected');
        await this.accounts.bumpTokenVersion(m, row.accountId);
        return { error: IdentityErrors.refreshTokenReused() };
      }
      const a = await this.accounts.findById(row.accountId, m);
      if (!a || a.status !== 'active') return { error: IdentityErrors.invalidRefreshToken() };
      await this.tokens.markUsed(m, row.id);
      const next = newSecret();
      await this.tokens.insertRefresh(m, {
        accountId: a.id,
        familyId: row.familyId,
        tokenHash: sha256(next),
        ttlDays: this.config.REFRESH_TOKEN_TTL_DAYS,
      });
      return { session: await this.session(a.id, a.tokenVersion, next) };
    });
    if ('error' in result) throw result.error;
    return result.session;
  }

  /** End the session this refresh token belongs to (unknown tokens are ignored). */
  async logout(refreshToken: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const row = await this.tokens.findRefreshForUpdate(m, sha256(refreshToken));
      if (row) await this.tokens.revokeFamily(m, row.familyId, 'logout');
    });
  }

  /** Revoke every refresh token of the account and invalidate every access token issued so far. */
  async logoutEverywhere(
    accountId: string,
    reason: 'logout_all' | 'password_changed' | 'erased' | 'disabled' = 'logout_all',
    manager?: EntityManager,
  ): Promise<void> {
    const run = async (m: EntityManager) => {
      await this.tokens.revokeAccount(m, accountId, reason);
      await this.accounts.bumpTokenVersion(m, accountId);
    };
    await (manager ? run(manager) : this.ds.transaction(run));
  }

  /** Create a single-use token and return it (callers e-mail it with NoticesService.sendNow). */
  async oneTimeToken(
    accountId: string,
    purpose: OneTimePurpose,
    ttlMinutes: number,
    manager?: EntityManager,
  ): Promise<string> {
    const token = newSecret();
    await this.tokens.insertOneTime(manager, { accountId, purpose, tokenHash: sha256(token), ttlMinutes });
    return token;
  }

  /** Always succeeds from the caller's view, so it does not reveal which e-mails have accounts. */
  async requestPasswordReset(email: string): Promise<void> {
    const a = await this.accounts.findByEmail(normaliseEmail(email) ?? '');
    if (!a || a.status === 'erased' || a.status === 'disabled' || !a.email) return;
    const token = await this.oneTimeToken(a.id, 'reset_password', RESET_TOKEN_MINUTES);
    await this.notices.sendNow({
      to: { email: a.email, name: a.displayName },
      template: IdentityNotices.reset_password,
      params: { link: `${this.config.PUBLIC_URL.replace(/\/$/, '')}/reset-password?token=${token}`, token },
    });
  }

  /** Set a new password with a reset token; the token is spent, every session ends, the lock is lifted. */
  async confirmPasswordReset(token: string, newPassword: string): Promise<void> {
    this.hasher.assertStrong(newPassword);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.ds.transaction(async (m) => {
      const accountId = await this.tokens.consumeOneTime(m, sha256(token), 'reset_password');
      if (!accountId) throw IdentityErrors.invalidOneTimeToken();
      await this.accounts.update(m, accountId, { passwordHash, emailVerified: true });
      await this.accounts.recordSuccess(m, accountId);
      await this.tokens.ownerProved(m, accountId);
      await this.logoutEverywhere(accountId, 'password_changed', m);
    });
  }

  async changePassword(accountId: string, currentPassword: string, newPassword: string): Promise<Session> {
    const a = await this.accounts.findById(accountId);
    if (!a || !(await this.hasher.verify(a.passwordHash, currentPassword))) throw IdentityErrors.invalidCredentials();
    this.hasher.assertStrong(newPassword);
    const passwordHash = await this.hasher.hash(newPassword);
    return this.ds.transaction(async (m) => {
      await this.accounts.update(m, accountId, { passwordHash });
      await this.logoutEverywhere(accountId, 'password_changed', m);
      return this.issueSession(accountId, m);
    });
  }

  activeSessions(accountId: string): Promise<number> {
    return this.tokens.activeSessions(accountId);
  }
}
