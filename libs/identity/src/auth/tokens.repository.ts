import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface RefreshTokenRecord {
  id: string;
  accountId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  expired: boolean;
}

export type OneTimePurpose = 'verify_email' | 'reset_password';
export type RevokeReason = 'logout' | 'logout_all' | 'reuse_detected' | 'password_changed' | 'erased' | 'disabled';

/** The only place that queries identity.refresh_tokens, one_time_tokens and sign_in_attempts. Tokens are stored as SHA-256 hashes. */
@Injectable()
export class TokensRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insertRefresh(
    manager: EntityManager | undefined,
    t: { accountId: string; familyId: string; tokenHash: string; ttlDays: number },
  ): Promise<void> {
    await this.m(manager).query(
      `INSERT INTO identity.refresh_tokens (account_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [t.accountId, t.familyId, t.tokenHash, t.ttlDays],
    );
  }

  async findRefreshForUpdate(manager: EntityManager, tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const [row]: RefreshTokenRecord[] = await manager.query(
      `SELECT id, account_id AS "accountId", family_id AS "familyId", expires_at AS "expiresAt", used_at AS "usedAt", revoked_at AS "revokedAt", expires_at <= now() AS expired
       FROM identity.refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
    return row;
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE identity.refresh_tokens SET used_at = now() WHERE id = $1`, [id]);
  }

  async revokeFamily(manager: EntityManager | undefined, familyId: string, reason: RevokeReason): Promise<void> {
    await this.m(manager).query(
      `UPDATE identity.refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, reason],
    );
  }

  async revokeAccount(manager: EntityManager | undefined, accountId: string, reason: RevokeReason): Promise<number> {
    const res: [unknown[], number] = await this.m(manager).query(
      `UPDATE identity.refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
      [accountId, reason],
    );
    return res[1];
  }

  async activeSessions(accountId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(DISTINCT family_id) AS n FROM identity.refresh_tokens WHERE account_id = $1 AND revoked_at IS NULL AND used_at IS NULL AND expires_at > now()`,
      [accountId],
    );
    return Number(n);
  }

  async insertOneTime(
    manager: EntityManager | undefined,
    t: { accountId: string; purpose: OneTimePurpose; tokenHash: string; ttlMinutes: number },
  ): Promise<void> {
    // A new link replaces the previous ones of the same purpose.
    await this.m(manager).query(
      `UPDATE identity.one_time_tokens SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [t.accountId, t.purpose],
    );
    await this.m(manager).query(
      `INSERT INTO identity.one_time_tokens (account_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
      [t.accountId, t.purpose, t.tokenHash, t.ttlMinutes],
    );
  }

  /** Marks the token used and returns its account, if it is valid (right purpose, unused, unexpired). Single use under concurrency. */
  async consumeOneTime(
    manager: EntityManager,
    tokenHash: string,
    purpose: OneTimePurpose,
  ): Promise<string | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]]: [{ accountId: string }[], number] = await manager.query(
      `UPDATE identity.one_time_tokens SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING account_id AS "accountId"`,
      [tokenHash, purpose],
    );
    return row?.accountId;
  }

  /**
   * Admit a sign-in attempt or say how long to wait. Attempts on one login are serialised (a transaction-scoped
   * advisory lock), so a burst of guesses sent at once is counted like one sent in turn; an admitted attempt is recorded
   * as failed before the password is checked and marked succeeded afterwards (`attemptSucceeded`). Every count runs
   * from the login's last success: only its owner can make one. Known and unknown logins are treated alike.
   *
   * - the same login from the same client address: `freePerClient` failures, then each further try waits twice as
   *   long as the one before (`firstDelaySeconds`: 30 s, 1 min, 2 min … at most `maxDelaySeconds`) after the last failure;
   * - the same login from addresses it has never signed in from (guessing spread over many addresses):
   *   `freePerLogin` failures, then the same growing delay; an address the login signed in from within 30 days is
   *   exempt, so a stranger cannot keep its owner out;
   * - one client address, whatever the logins: at most `maxPerClient` failures in the window.
   */
  async admitSignIn(
    loginKey: string,
    ip: string,
    rules: {
      windowMinutes: number;
      freePerClient: number;
      freePerLogin: number;
      maxPerClient: number;
      firstDelaySeconds: number;
      maxDelaySeconds: number;
    },
  ): Promise<{ attemptId: string } | { retryAfterSeconds: number }> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('identity.sign_in:' || $1))`, [loginKey]);
      const [s]: {
        pair: number;
        pairLast: Date | null;
        login: number;
        loginLast: Date | null;
        byIp: number;
        known: boolean;
        wait: number;
      }[] = await m.query(
        `WITH since AS (
           SELECT greatest(now() - make_interval(mins => $3),
                           coalesce((SELECT max(at) FROM identity.sign_in_attempts WHERE login_key = $1 AND succeeded), '-infinity')) AS t
         ), f AS (
           SELECT a.ip, a.at FROM identity.sign_in_attempts a, since WHERE a.login_key = $1 AND NOT a.succeeded AND a.at > since.t
         ), s AS (
           SELECT (SELECT count(*) FROM f WHERE ip = $2)::int AS pair, (SELECT max(at) FROM f WHERE ip = $2) AS "pairLast",
                  (SELECT count(*) FROM f)::int AS login, (SELECT max(at) FROM f) AS "loginLast",
                  (SELECT count(*) FROM identity.sign_in_attempts WHERE ip = $2 AND NOT succeeded AND at > now() - make_interval(mins => $3))::int AS "byIp",
                  EXISTS (SELECT 1 FROM identity.sign_in_attempts WHERE login_key = $1 AND ip = $2 AND succeeded AND at > now() - interval '30 days') AS known
         )
         SELECT s.*, greatest(
                  CASE WHEN s.pair >= $4 THEN extract(epoch FROM s."pairLast" + make_interval(secs => least($7, $8 * power(2, s.pair - $4))) - now()) ELSE 0 END,
                  CASE WHEN NOT s.known AND s.login >= $5 THEN extract(epoch FROM s."loginLast" + make_interval(secs => least($7, $8 * power(2, s.login - $5))) - now()) ELSE 0 END,
                  CASE WHEN s."byIp" >= $6 THEN 60 ELSE 0 END)::float8 AS wait
           FROM s`,
        [
          loginKey,
          ip,
          rules.windowMinutes,
          rules.freePerClient,
          rules.freePerLogin,
          rules.maxPerClient,
          rules.maxDelaySeconds,
          rules.firstDelaySeconds,
        ],
      );
      if (s.wait > 0) return { retryAfterSeconds: Math.ceil(s.wait) };
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO identity.sign_in_attempts (login_key, ip, succeeded) VALUES ($1, $2, false) RETURNING id`,
        [loginKey, ip],
      );
      return { attemptId: String(row.id) };
    });
  }

  /** The owner proved who they are another way (a password reset): failures before it no longer slow their logins down. */
  async ownerProved(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(
      `INSERT INTO identity.sign_in_attempts (login_key, ip, succeeded)
       SELECT k, 'password-reset', true
         FROM identity.accounts a LEFT JOIN identity.patrons p ON p.account_id = a.id,
              unnest(array_remove(ARRAY[lower(a.email), lower(p.card_number)], NULL)) AS k
        WHERE a.id = $1`,
      [accountId],
    );
  }

  async attemptSucceeded(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.query(`UPDATE identity.sign_in_attempts SET succeeded = true WHERE id = $1`, [attemptId]);
  }

  /** Delete sign-in attempts, spent or expired single-use tokens, and dead refresh tokens older than `days`. */
  async purge(days: number): Promise<{ attempts: number; oneTime: number; refresh: number }> {
    const count = async (sql: string) => ((await this.ds.query(sql, [days])) as [unknown[], number])[1];
    return {
      attempts: await count(`DELETE FROM identity.sign_in_attempts WHERE at < now() - make_interval(days => $1)`),
      oneTime: await count(
        `DELETE FROM identity.one_time_tokens WHERE coalesce(used_at, expires_at) < now() - make_interval(days => $1)`,
      ),
      refresh: await count(
        `DELETE FROM identity.refresh_tokens WHERE coalesce(revoked_at, expires_at) < now() - make_interval(days => $1) AND expires_at < now()`,
      ),
    };
  }
}
