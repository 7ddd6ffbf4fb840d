import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { AppConfig, Clock } from '@suotdoi/platform';

const ISSUER = 'suotdoi';
const AUDIENCE = 'suotdoi-api';

export interface AccessClaims {
  accountId: string;
  /** Account's token version when issued; "log out everywhere" bumps it, which invalidates older tokens. */
  version: number;
}

/** Short-lived signed access tokens (JWT, HS256). They carry only the account and its token version. */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  issue(claims: AccessClaims): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ ver: claims.version, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.accountId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.key);
  }

  /** The claims of a valid token, or undefined (bad signature, expired, wrong audience, malformed). */
  async verify(token: string): Promise<AccessClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: this.clock.now() });
      if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.ver !== 'number') return undefined;
      return { accountId: payload.sub, version: payload.ver };
    } catch {
      return undefined;
    }
  }
}
