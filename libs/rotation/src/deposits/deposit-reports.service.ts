import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { emitUsage, type CountBasis } from '@suotdoi/usage';
import { Clock, OutboxService, vietnamDate, type Principal } from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { CollectionsService } from '../collections/collections.service.js';
import { ItinerariesService } from '../itineraries/itineraries.service.js';
import { RotationErrors } from '../rotation.errors.js';
import { DepositReportsRepository, type DepositReportRow } from './deposit-reports.repository.js';

export interface DepositReportInput {
  /** YYYY-MM: a month that is over, since the collection reached its host. */
  period: string;
  loans: number;
  readers: number;
  basis: CountBasis;
}

const nextMonth = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, '0')}`;
};
const lastDayOf = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`;
};

/**
 * Deposit collections (tủ sách at a school or a post-office point with no system): the host's counts (loans, readers)
 * per month, entered by staff of the owner or the host for the collection's current stage. Once per collection and
 * month (deposit_reports_one_per_period_uq): the same counts again replay the report, other counts get 409. The loans
 * count as the host's usage (tied to the collection and stage, counted or estimated) in the same transaction.
 */
@Injectable()
export class DepositReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DepositReportsRepository,
    private readonly collections: CollectionsService,
    private readonly itineraries: ItinerariesService,
    private readonly outbox: OutboxService,
    private readonly access: RotationAccess,
    private readonly clock: Clock,
  ) {}

  async report(
    p: Principal,
    collectionId: string,
    input: DepositReportInput,
  ): Promise<{ report: DepositReportRow; replayed: boolean }> {
    const c = await this.collections.visible(p, collectionId);
    if (!this.access.manages(p, c.ownerInstitutionId) && !this.access.manages(p, c.currentInstitutionId))
      throw RotationErrors.roleRequired({ side: 'the owner or the host', sideVi: 'cơ sở sở hữu hoặc nơi nhận' });
    const stage = c.currentStageId ? await this.itineraries.stage(c.currentStageId) : undefined;
    if (!stage || stage.status !== 'current') throw RotationErrors.notDeposit();
    const today = vietnamDate(this.clock.now());
    const since = vietnamDate(stage.startedAt!).slice(0, 7);
    if (input.period < since || `${nextMonth(input.period)}-01` > today)
      throw RotationErrors.depositPeriod({ period: input.period, since });
    return this.ds.transaction(async (m) => {
      const row = await this.repo.insert(m, {
        collectionId,
        stageId: stage.id,
        hostInstitutionId: stage.hostInstitutionId,
        period: input.period,
        loans: input.loans,
        readers: input.readers,
        basis: input.basis,
        by: p.accountId,
      });
      if (!row) {
        const first = (await this.repo.find(collectionId, input.period, m))!;
        if (first.loans === input.loans && first.readers === input.readers && first.basis === input.basis)
          return { report: first, replayed: true };
        throw RotationErrors.depositReported({ period: input.period, loans: first.loans, readers: first.readers });
      }
      if (row.loans > 0)
        await emitUsage(this.outbox, m, {
          source: 'rotation',
          id: `deposit:${collectionId}:${input.period}`,
          kind: 'loan',
          locationId: stage.hostServicePointId ?? stage.hostInstitutionId,
          at: new Date(`${lastDayOf(input.period)}T12:00:00+07:00`),
          quantity: row.loans,
          basis: row.basis,
          collectionId,
          stageId: stage.id,
        });
      return { report: row, replayed: false };
    });
  }

  async list(
    p: Principal,
    collectionId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: DepositReportRow[]; total: number }> {
    await this.collections.visible(p, collectionId);
    const { rows, total } = await this.repo.list(collectionId, page.limit, page.offset);
    return { items: rows, total };
  }
}
