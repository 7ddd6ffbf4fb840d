import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { DashboardAuthorizer, Principal } from '@suotdoi/platform';
import { AccountsService } from '../accounts/accounts.service.js';
import { AccessTokens } from './access-tokens.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** Turns an `Authorization: Bearer …` header into a Principal (through PrincipalCache, which a revocation empties at once). */
@Injectable()
export class Authenticator implements DashboardAuthorizer {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountsService,
  ) {}

  /** undefined: no header. null: a header that does not authenticate anyone. */
  async fromHeader(header: string | undefined): Promise<Principal | null | undefined> {
    if (header === undefined || header === '') return undefined;
    const m = BEARER.exec(header.trim());
    if (!m) return null;
    const claims = await this.tokens.verify(m[1]);
    if (!claims) return null;
    return (await this.accounts.principal(claims.accountId, claims.version)) ?? null;
  }

  async isSystemAdministrator(req: IncomingMessage): Promise<boolean> {
    const p = await this.fromHeader(req.headers.authorization);
    return !!p?.systemAdmin;
  }
}
