import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Reason } from '../policies/decision.js';

/** Staff overrides of refused decisions: who, why, and what the rules said. Only ever inserted. */
@Injectable()
export class OverridesRepository {
  async insert(
    manager: EntityManager,
    o: {
      action: 'checkout' | 'renewal' | 'hold';
      loanId?: string;
      holdId?: string;
      patronId: string;
      copyId?: string;
      policyId: string;
      accountId: string;
      reason: string;
      refused: Reason[];
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO circulation.overrides (action, loan_id, hold_id, patron_id, copy_id, policy_id, account_id, reason, refused)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        o.action,
        o.loanId ?? null,
        o.holdId ?? null,
        o.patronId,
        o.copyId ?? null,
        o.policyId,
        o.accountId,
        o.reason.normalize('NFC').trim(),
        JSON.stringify(o.refused),
      ],
    );
  }

  async forLoan(
    manager: EntityManager,
    loanId: string,
  ): Promise<{ action: string; accountId: string; reason: string; refused: Reason[]; createdAt: Date }[]> {
    return manager.query(
      `SELECT action, account_id AS "accountId", reason, refused, created_at AS "createdAt" FROM circulation.overrides WHERE loan_id = $1 ORDER BY id`,
      [loanId],
    );
  }
}
