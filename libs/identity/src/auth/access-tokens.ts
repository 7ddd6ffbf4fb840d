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

/** How many verified tokens are remembered (a few per active session; the oldest are dropped first). */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Short-lived signed access tokens (JWT, HS256). They carry only the account and its token version.
 * A token whose signature has been checked is remembered until it expires: a signature cannot become invalid, and
 * the HMAC check through WebCrypto was a noticeable share of every authenticated request. Revocation is unaffected:
 * the token version is compared with the account's on every request (Authenticator), not here.
 */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, AccessClaims & { exp: number }>();
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
    const now = this.clock.now();
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > now.getTime()) return { accountId: known.accountId, version: known.version };
      this.verified.delete(token);
      return undefined;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (
        payload.typ !== 'access' ||
        typeof payload.sub !== 'string' ||
        typeof payload.ver !== 'number' ||
        typeof payload.exp !== 'number'
      )
        return undefined;
      const claims = { accountId: payload.sub, version: payload.ver };
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { ...claims, exp: payload.exp });
      return claims;
    } catch {
      return undefined;
    }
  }
}
