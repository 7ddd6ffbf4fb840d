import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DIGITAL_LOAN_CHECKER, type DigitalLoanChecker, type ELendingAvailability } from '@suotdoi/catalogue';
import { Clock, vietnamDate } from '@suotdoi/platform';

/**
 * Answers catalogue's "may this account open this `loan`-access resource now?" from open e-loans, and how each
 * licensed resource can be borrowed (for OPDS feeds).
 */
@Injectable()
export class ELoanChecker implements DigitalLoanChecker {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Seats and free seats of the licences that lend today (not expired, checkouts left), and readers waiting. */
  async availability(resourceIds: string[]): Promise<Map<string, ELendingAvailability>> {
    if (!resourceIds.length) return new Map();
    const rows: ({ resourceId: string } & ELendingAvailability)[] = await this.ds.query(
      `SELECT l.resource_id AS "resourceId",
              CASE WHEN bool_or(l.model IN ('simultaneous', 'open_access')) THEN NULL ELSE sum(l.seats)::int END AS seats,
              CASE WHEN bool_or(l.model IN ('simultaneous', 'open_access')) THEN NULL
                   ELSE sum(greatest(l.seats - l.in_use, 0))::int END AS available,
              (SELECT count(*)::int FROM circulation.e_holds h
                WHERE h.resource_id = l.resource_id AND h.status IN ('waiting', 'offered')) AS holds
       FROM circulation.licences l
       WHERE l.resource_id = ANY($1::uuid[]) AND (l.valid_until IS NULL OR l.valid_until >= $2::date)
         AND (l.checkouts_left IS NULL OR l.checkouts_left > 0)
       GROUP BY l.resource_id`,
      [resourceIds, vietnamDate(this.clock.now())],
    );
    return new Map(rows.map(({ resourceId, ...a }) => [resourceId, a]));
  }

  async hasActiveELoan(accountId: string, _patronId: string | undefined, resourceId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM circulation.e_loans WHERE account_id = $1 AND resource_id = $2 AND returned_at IS NULL AND ends_at > now()`,
      [accountId, resourceId],
    );
    return rows.length > 0;
  }
}

/** Global so that catalogue's DigitalResourcesService can inject DIGITAL_LOAN_CHECKER without importing circulation. */
@Global()
@Module({
  providers: [ELoanChecker, { provide: DIGITAL_LOAN_CHECKER, useExisting: ELoanChecker }],
  exports: [DIGITAL_LOAN_CHECKER],
})
export class CirculationDigitalAccessModule {}
