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

  async insertRefresh(manager: EntityManager | undefined, t: { accountId: string; familyId: string; tokenHash: string; ttlDays: number }): Promise<void> {
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
    await this.m(manager).query(`UPDATE identity.refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [familyId, reason]);
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

  async insertOneTime(manager: EntityManager | undefined, t: { accountId: string; purpose: OneTimePurpose; tokenHash: string; ttlMinutes: number }): Promise<void> {
    // A new link replaces the previous ones of the same purpose.
    await this.m(manager).query(`UPDATE identity.one_time_tokens SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL`, [t.accountId, t.purpose]);
    await this.m(manager).query(
      `INSERT INTO identity.one_time_tokens (account_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
      [t.accountId, t.purpose, t.tokenHash, t.ttlMinutes],
    );
  }

  /** Marks the token used and returns its account, if it is valid (right purpose, unused, unexpired). Single use under concurrency. */
  async consumeOneTime(manager: EntityManager, tokenHash: string, purpose: OneTimePurpose): Promise<string | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]]: [{ accountId: string }[], number] = await manager.query(
      `UPDATE identity.one_time_tokens SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING account_id AS "accountId"`,
      [tokenHash, purpose],
    );
    return row?.accountId;
  }

  async recordAttempt(loginKey: string, ip: string, succeeded: boolean): Promise<void> {
    await this.ds.query(`INSERT INTO identity.sign_in_attempts (login_key, ip, succeeded) VALUES ($1, $2, $3)`, [loginKey, ip, succeeded]);
  }

  async recentFailures(loginKey: string, ip: string, windowMinutes: number): Promise<{ byLogin: number; byIp: number }> {
    const [row]: { byLogin: string; byIp: string }[] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE login_key = $1) AS "byLogin", count(*) FILTER (WHERE ip = $2) AS "byIp"
       FROM identity.sign_in_attempts WHERE (login_key = $1 OR ip = $2) AND NOT succeeded AND at > now() - make_interval(mins => $3)`,
      [loginKey, ip, windowMinutes],
    );
    return { byLogin: Number(row.byLogin), byIp: Number(row.byIp) };
  }

  /** Delete sign-in attempts, spent or expired single-use tokens, and dead refresh tokens older than `days`. */
  async purge(days: number): Promise<{ attempts: number; oneTime: number; refresh: number }> {
    const count = async (sql: string) => ((await this.ds.query(sql, [days])) as [unknown[], number])[1];
    return {
      attempts: await count(`DELETE FROM identity.sign_in_attempts WHERE at < now() - make_interval(days => $1)`),
      oneTime: await count(`DELETE FROM identity.one_time_tokens WHERE coalesce(used_at, expires_at) < now() - make_interval(days => $1)`),
      refresh: await count(`DELETE FROM identity.refresh_tokens WHERE coalesce(revoked_at, expires_at) < now() - make_interval(days => $1) AND expires_at < now()`),
    };
  }
}
