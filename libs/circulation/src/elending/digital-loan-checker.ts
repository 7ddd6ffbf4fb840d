import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DIGITAL_LOAN_CHECKER, type DigitalLoanChecker } from '@suotdoi/catalogue';

/** Answers catalogue's "may this account open this `loan`-access resource now?" from open e-loans. */
@Injectable()
export class ELoanChecker implements DigitalLoanChecker {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

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
