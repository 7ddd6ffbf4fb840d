import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PersonalDataRegistry, type PersonalDataSource } from '@suotdoi/identity';

/**
 * Circulation's share of a patron's personal data, for identity's export and erasure. Erasure anonymises returned
 * loans and e-loans (kept for statistics), cancels waiting holds (their queues close up), and deletes
 * settings (notices are the notices module's: identity erases them). Open loans stay until the items come back: the library still needs to know who has its book.
 */
@Injectable()
export class CirculationPersonalData implements PersonalDataSource, OnModuleInit {
  readonly section = 'circulation';
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportFor(patronId: string): Promise<unknown> {
    const q = (sql: string) => this.ds.query(sql, [patronId]);
    return {
      settings: await q(`SELECT keep_history AS "keepHistory" FROM circulation.patron_settings WHERE patron_id = $1`),
      loans: await q(
        `SELECT id, copy_id AS "copyId", record_id AS "recordId", institution_id AS "institutionId", checked_out_at AS "checkedOutAt", due_at AS "dueAt", renewals, returned_at AS "returnedAt", fine_vnd AS "fineVnd", fine_settled_at AS "fineSettledAt" FROM circulation.loans WHERE patron_id = $1 ORDER BY checked_out_at`,
      ),
      chargeSettlements: await q(
        `SELECT s.loan_id AS "loanId", s.kind, s.amount_vnd AS "amountVnd", s.reason, s.receipt_number AS "receiptNumber", s.settled_at AS "settledAt" FROM circulation.charge_settlements s JOIN circulation.loans l ON l.id = s.loan_id WHERE l.patron_id = $1 ORDER BY s.settled_at`,
      ),
      holds: await q(
        `SELECT id, kind, record_id AS "recordId", copy_id AS "copyId", pickup_institution_id AS "pickupInstitutionId", status, placed_at AS "placedAt", closed_at AS "closedAt" FROM circulation.holds WHERE patron_id = $1 ORDER BY placed_at`,
      ),
      eLoans: await q(
        `SELECT id, resource_id AS "resourceId", started_at AS "startedAt", ends_at AS "endsAt", returned_at AS "returnedAt" FROM circulation.e_loans WHERE patron_id = $1 ORDER BY started_at`,
      ),
      eHolds: await q(
        `SELECT id, resource_id AS "resourceId", status, placed_at AS "placedAt" FROM circulation.e_holds WHERE patron_id = $1 ORDER BY placed_at`,
      ),
    };
  }

  async eraseFor(patronId: string, _accountId: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE circulation.loans SET patron_id = NULL WHERE patron_id = $1 AND returned_at IS NOT NULL`, [
      patronId,
    ]);
    // Waiting holds leave their queues: later holds move up, queue lengths shrink.
    const waiting: { id: string; record_id: string; queue_position: number }[] = await m.query(
      `SELECT id, record_id, queue_position FROM circulation.holds WHERE patron_id = $1 AND status = 'waiting' ORDER BY record_id`,
      [patronId],
    );
    for (const h of waiting) {
      await m.query(`SELECT 1 FROM circulation.hold_queues WHERE record_id = $1 FOR UPDATE`, [h.record_id]);
      await m.query(
        `UPDATE circulation.holds SET queue_position = queue_position - 1 WHERE record_id = $1 AND queue_position > $2`,
        [h.record_id, h.queue_position],
      );
      await m.query(`UPDATE circulation.hold_queues SET length = length - 1 WHERE record_id = $1`, [h.record_id]);
      await m.query(
        `UPDATE circulation.holds SET status = 'cancelled', queue_position = NULL, suspended_until = NULL, closed_at = now() WHERE id = $1`,
        [h.id],
      );
    }
    await m.query(
      `UPDATE circulation.e_holds SET status = 'cancelled', closed_at = now() WHERE patron_id = $1 AND status = 'waiting'`,
      [patronId],
    );
    await m.query(`DELETE FROM circulation.patron_settings WHERE patron_id = $1`, [patronId]);
  }
}
