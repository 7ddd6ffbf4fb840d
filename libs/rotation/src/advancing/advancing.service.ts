import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService } from '@suotdoi/identity';
import { NoticesService } from '@suotdoi/notices';
import { addDays, Clock, JURISDICTION_DIRECTORY, vietnamDate, type JurisdictionDirectory } from '@suotdoi/platform';
import { ItinerariesRepository } from '../itineraries/itineraries.repository.js';
import { RotationNotices } from '../notices/rotation.notices.js';

/**
 * Advancing: finds current stages ending within `withinDays` and proposes the next shipment to the owner's staff
 * (circulation role or managers) by a notice, once per stage; a stage past its planned end is flagged late (once,
 * with its own notice). Nothing moves: a librarian prepares and dispatches the shipment.
 */
@Injectable()
export class AdvancingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ItinerariesRepository,
    private readonly accounts: AccountsService,
    private readonly notices: NoticesService,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  async scan(withinDays: number, batch = 200): Promise<{ proposed: number; late: number }> {
    const now = this.clock.now();
    const today = vietnamDate(now);
    const ending = await this.repo.ending(addDays(today, withinDays), batch);
    let proposed = 0;
    let late = 0;
    for (const s of ending) {
      const isLate = s.plannedEnd < today;
      if (s.proposedAt && (!isLate || s.lateAt)) continue;
      // Who to tell and what to name, read before the transaction.
      const staff = (await this.accounts.staffOf(s.ownerInstitutionId)).filter(
        (a) => a.roles.includes('circulation') || a.roles.includes('manager'),
      );
      const stages = (await this.repo.stages(s.itineraryId)).filter((x) => x.status === 'planned');
      const next = stages[0];
      const names = new Map(
        (
          await this.directory.describeInstitutions([
            s.hostInstitutionId,
            s.ownerInstitutionId,
            ...(next ? [next.hostInstitutionId] : []),
          ])
        ).map((i) => [i.id, i.name]),
      );
      const params = {
        collection: s.collectionName,
        host: names.get(s.hostInstitutionId) ?? '—',
        plannedEnd: s.plannedEnd,
        next: next
          ? (names.get(next.hostInstitutionId) ?? '—')
          : `${names.get(s.ownerInstitutionId) ?? '—'} (về kho / home)`,
        collectionId: s.collectionId,
        stageId: s.id,
      };
      await this.ds.transaction(async (m) => {
        if (!s.proposedAt && (await this.repo.markProposed(m, s.id, now))) {
          proposed++;
          for (const a of staff)
            await this.notices.notify(m, {
              to: { accountId: a.accountId },
              template: RotationNotices.stage_ending,
              params,
              dedupeKey: `stage_ending:${s.id}`,
            });
        }
        if (isLate && !s.lateAt && (await this.repo.markLate(m, s.id, now))) {
          late++;
          for (const a of staff)
            await this.notices.notify(m, {
              to: { accountId: a.accountId },
              template: RotationNotices.stage_late,
              params,
              dedupeKey: `stage_late:${s.id}`,
            });
        }
      });
    }
    return { proposed, late };
  }
}
