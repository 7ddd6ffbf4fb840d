import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService, PatronsService } from '@suotdoi/identity';
import {
  AppConfig,
  DemoSeeder,
  JURISDICTION_DIRECTORY,
  type JurisdictionDirectory,
  type Principal,
  type SeedReport,
  type Seeder,
} from '@suotdoi/platform';
import { HoldsService } from '../holds/holds.service.js';
import { LoansService } from '../loans/loans.service.js';
import { PoliciesRepository } from '../policies/policies.repository.js';
import { COPY_DIRECTORY, type CopyDirectory, type CopyInfo } from '../ports/ports.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};
const HOME = 'QT-HH-TV';

/**
 * Demo circulation (order 40, after identity and catalogue): a rule for children at Thư viện huyện Hướng Hóa, a few
 * loans of the demo patrons there (one overdue), and a hold waiting for a title on loan. Idempotent: skipped once
 * the demo patron has loans.
 */
@Injectable()
@DemoSeeder(40)
export class CirculationSeeder implements Seeder {
  private readonly log = new Logger('CirculationSeeder');
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: AccountsService,
    private readonly patrons: PatronsService,
    private readonly loans: LoansService,
    private readonly holds: HoldsService,
    private readonly policies: PoliciesRepository,
    private readonly config: AppConfig,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  private async patron(email: string) {
    const account = await this.accounts.findByEmail(email);
    return account ? this.patrons.findByAccount(account.id) : undefined;
  }

  /** Copies on the shelf at the institution, found through the demo barcodes (`<code>-<nnnnn>-<k>`). */
  private async shelf(code: string, want: number): Promise<CopyInfo[]> {
    const found: CopyInfo[] = [];
    for (let n = 1; n <= 400 && found.length < want; n++) {
      for (let k = 1; k <= 3 && found.length < want; k++) {
        const c = await this.copies.findByBarcode(`${code}-${String(n).padStart(5, '0')}-${k}`);
        if (c && c.status === 'available' && !found.some((f) => f.recordId === c.recordId)) found.push(c);
      }
    }
    return found;
  }

  async seed(): Promise<SeedReport> {
    if (this.config.isProduction) return { summary: ['circulation: no demo loans in production'] };
    const [kien, huong, mai] = await Promise.all([
      this.patron('bandoc@suotdoi.vn'),
      this.patron('giaovien@suotdoi.vn'),
      this.patron('bandoc.nho@suotdoi.vn'),
    ]);
    if (!kien?.cardNumber || !huong?.cardNumber)
      return { summary: ['circulation: demo patrons missing (identity demo data); circulation demo skipped'] };
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM circulation.loans WHERE patron_id = $1 OR checked_out_by = $2`,
      [kien.id, SYSTEM.accountId],
    );
    if (n > 0) return { summary: ['circulation: demo loans already loaded'] };
    const institutionId = kien.homeInstitutionId;
    const [home] = await this.directory.describeInstitutions([institutionId]);
    const copies = await this.shelf(home?.code ?? HOME, 4);
    if (copies.length < 4)
      return { summary: ['circulation: not enough demo copies on the shelf; circulation demo skipped'] };

    await this.policies
      .insert({
        institutionId,
        patronCategory: 'child',
        itemType: null,
        loanDays: 7,
        maxLoans: 3,
        renewalsAllowed: 1,
        renewalDays: 7,
        holdsAllowed: true,
        maxHolds: 2,
        pickupDays: 3,
        overdueFinePerDayVnd: 0,
        blockThresholdVnd: null,
        note: 'Thiếu nhi: mượn 7 ngày, tối đa 3 cuốn',
      })
      .catch(() => undefined);
    const desk = { ...SYSTEM };
    const l1 = await this.loans.checkout(desk, {
      cardNumber: kien.cardNumber,
      barcode: copies[0].barcode,
      institutionId,
    });
    await this.loans.checkout(desk, { cardNumber: kien.cardNumber, barcode: copies[1].barcode, institutionId });
    await this.loans.checkout(desk, { cardNumber: huong.cardNumber, barcode: copies[2].barcode, institutionId });
    if (mai?.cardNumber)
      await this.loans.checkout(desk, { cardNumber: mai.cardNumber, barcode: copies[3].barcode, institutionId });
    // One of Kiên's loans is overdue, so the notices and the overdue list have something to show.
    await this.ds.query(
      `UPDATE circulation.loans SET checked_out_at = now() - interval '20 days', due_at = now() - interval '3 days' WHERE id = $1`,
      [l1.loan.id],
    );
    await this.holds.placeForCard(desk, huong.cardNumber, {
      recordId: copies[0].recordId,
      pickupInstitutionId: institutionId,
    });
    this.log.log('demo loans and a hold loaded');
    return {
      summary: [`circulation: ${mai?.cardNumber ? 4 : 3} demo loans (1 overdue) and 1 hold at ${home?.name ?? HOME}`],
    };
  }
}
