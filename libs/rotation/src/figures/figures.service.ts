import { Inject, Injectable } from '@nestjs/common';
import { CollectionUsageService } from '@suotdoi/usage';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { CollectionsService } from '../collections/collections.service.js';
import { DepositReportsRepository } from '../deposits/deposit-reports.repository.js';
import { ItinerariesService } from '../itineraries/itineraries.service.js';
import { RotationErrors } from '../rotation.errors.js';
import { MobileRoutesRepository } from '../mobile/mobile-routes.repository.js';
import { ShipmentsRepository } from '../shipments/shipments.repository.js';

/** One stage of a collection (or its time at home) in figures. */
export interface StageFigures {
  stageId: string | null;
  seq: number | null;
  hostInstitutionId: string;
  hostName: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  status: string;
  copiesDelivered: number;
  loans: number;
  renewals: number;
  borrowers: number;
  copiesLent: number;
  /** Months of counts reported by a deposit host (their loans are in `loans`, their readers in `borrowers`). */
  reportedMonths: number;
  /** Loans per copy delivered (per copy in the collection at home). */
  turnover: number;
}

export interface CollectionFigures {
  collectionId: string;
  name: string;
  copies: number;
  loans: number;
  borrowers: number;
  turnover: number;
  stages: StageFigures[];
}

export interface HostYearFigures {
  institutionId: string;
  institutionName: string | null;
  unitId: string | null;
  unitName: string | null;
  year: number;
  collectionsReceived: number;
  copiesDelivered: number;
  loans: number;
}

/** What rotation reached in a year within some institutions (a plan's jurisdiction). */
export interface RotationReach {
  /** Copies delivered to hosts among them (received or damaged on receipt), by the year of receipt. */
  copiesRotated: number;
  /** Distinct units (communes) of those hosts, and of the mobile-library stops their mobile libraries visited. */
  communesReached: number;
  /** Distinct school libraries among those hosts. */
  schoolsReached: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Figures of rotation: per collection and stage (loans, distinct borrowers, turnover = loans per copy) from usage
 * events that carry the collection and stage; per host and year (collections received, copies delivered, loans)
 * from receipts and the same events. Plans can count copies rotated and communes and schools reached from these.
 */
@Injectable()
export class RotationFiguresService {
  constructor(
    private readonly collections: CollectionsService,
    private readonly itineraries: ItinerariesService,
    private readonly shipments: ShipmentsRepository,
    private readonly usage: CollectionUsageService,
    private readonly deposits: DepositReportsRepository,
    private readonly mobile: MobileRoutesRepository,
    private readonly access: RotationAccess,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  async collection(
    p: Principal,
    collectionId: string,
    range: { from?: string; to?: string } = {},
  ): Promise<CollectionFigures> {
    if (range.from && range.to && range.to < range.from)
      throw RotationErrors.badPeriod({ from: range.from, to: range.to });
    const c = await this.collections.visible(p, collectionId);
    const [usage, delivered, itineraries, reported] = await Promise.all([
      this.usage.byStage([collectionId], range),
      this.shipments.deliveredByStage([collectionId]),
      this.itineraries.forCollection(p, collectionId),
      this.deposits.byStage([collectionId], range),
    ]);
    const stages = itineraries.flatMap((i) => i.stages).filter((s) => s.status !== 'superseded');
    const names = new Map(
      (
        await this.directory.describeInstitutions([c.ownerInstitutionId, ...stages.map((s) => s.hostInstitutionId)])
      ).map((i) => [i.id, i.name]),
    );
    const row = (stageId: string | null) =>
      usage.find((u) => u.stageId === stageId) ?? { loans: 0, renewals: 0, borrowers: 0, copiesLent: 0 };
    const out: StageFigures[] = [];
    const home = row(null);
    if (home.loans || !stages.length) {
      out.push({
        stageId: null,
        seq: null,
        hostInstitutionId: c.ownerInstitutionId,
        hostName: names.get(c.ownerInstitutionId) ?? null,
        plannedStart: null,
        plannedEnd: null,
        status: 'home',
        copiesDelivered: c.copies,
        loans: home.loans,
        renewals: home.renewals,
        borrowers: home.borrowers,
        copiesLent: home.copiesLent,
        reportedMonths: 0,
        turnover: c.copies ? round2(home.loans / c.copies) : 0,
      });
    }
    for (const s of stages) {
      const u = row(s.id);
      // A deposit host with no system reports readers as counts: they join the stage's distinct borrowers.
      const counts = reported.find((r) => r.stageId === s.id);
      const copies = delivered.filter((d) => d.stageId === s.id).reduce((n, d) => n + d.copies, 0);
      out.push({
        stageId: s.id,
        seq: s.seq,
        hostInstitutionId: s.hostInstitutionId,
        hostName: names.get(s.hostInstitutionId) ?? null,
        plannedStart: s.plannedStart,
        plannedEnd: s.plannedEnd,
        status: s.status,
        copiesDelivered: copies,
        loans: u.loans,
        renewals: u.renewals,
        borrowers: u.borrowers + (counts?.readers ?? 0),
        copiesLent: u.copiesLent,
        reportedMonths: counts?.months ?? 0,
        turnover: copies ? round2(u.loans / copies) : 0,
      });
    }
    const loans = usage.reduce((n, u) => n + u.loans, 0);
    // Distinct borrowers over the whole collection cannot be summed from stages; the largest stage is a lower bound.
    const borrowers = Math.max(0, ...out.map((u) => u.borrowers));
    return {
      collectionId,
      name: c.name,
      copies: c.copies,
      loans,
      borrowers,
      turnover: c.copies ? round2(loans / c.copies) : 0,
      stages: out,
    };
  }

  /**
   * Per host and year: collections received, copies delivered, loans of rotating copies there. For collections owned
   * by `ownerInstitutionId` (its staff, or administrators over it), or by every institution of the caller's
   * jurisdiction (administrators).
   */
  async hosts(
    p: Principal,
    f: { ownerInstitutionId?: string; from?: string; to?: string },
  ): Promise<HostYearFigures[]> {
    if (f.from && f.to && f.to < f.from) throw RotationErrors.badPeriod({ from: f.from, to: f.to });
    let owners: string[] | null;
    if (f.ownerInstitutionId) {
      if (!this.access.staffAt(p, f.ownerInstitutionId) && !(await this.access.administers(p, f.ownerInstitutionId)))
        throw RotationErrors.institutionNotServed({ institutionId: f.ownerInstitutionId });
      owners = [f.ownerInstitutionId];
    } else if (p.systemAdmin) owners = null;
    else {
      const j = await this.access.jurisdictionInstitutions(p);
      if (!j) throw RotationErrors.institutionNotServed({ institutionId: '—' });
      owners = j;
    }
    const collectionIds = await this.collections.idsOwnedBy(owners);
    const [delivered, loans] = await Promise.all([
      this.shipments.deliveredByHostYear(owners, f),
      this.usage.byHostYear(collectionIds, f),
    ]);
    const key = (i: string, y: number) => `${i}|${y}`;
    const rows = new Map<string, HostYearFigures>();
    const get = (institutionId: string, year: number) => {
      let r = rows.get(key(institutionId, year));
      if (!r)
        rows.set(
          key(institutionId, year),
          (r = {
            institutionId,
            institutionName: null,
            unitId: null,
            unitName: null,
            year,
            collectionsReceived: 0,
            copiesDelivered: 0,
            loans: 0,
          }),
        );
      return r;
    };
    for (const d of delivered)
      Object.assign(get(d.institutionId, d.year), { collectionsReceived: d.collections, copiesDelivered: d.copies });
    for (const l of loans) {
      const r = get(l.institutionId, l.year);
      r.loans += l.loans;
      r.unitId ??= l.unitId;
    }
    const list = [...rows.values()];
    const insts = new Map(
      (await this.directory.describeInstitutions([...new Set(list.map((r) => r.institutionId))])).map((i) => [i.id, i]),
    );
    for (const r of list) {
      const i = insts.get(r.institutionId);
      r.institutionName = i?.name ?? null;
      r.unitId ??= i?.unitId ?? null;
    }
    const units = this.directory.describeUnits
      ? new Map(
          (
            await this.directory.describeUnits([...new Set(list.map((r) => r.unitId).filter((u): u is string => !!u))])
          ).map((u) => [u.id, u.name]),
        )
      : new Map<string, string>();
    for (const r of list) r.unitName = r.unitId ? (units.get(r.unitId) ?? null) : null;
    return list.sort(
      (a, b) => a.year - b.year || (a.institutionName ?? '').localeCompare(b.institutionName ?? '', 'vi'),
    );
  }

  /**
   * Plan indicators: per year from `fromYear` to `toYear`, the copies rotated to hosts among `institutionIds`, the
   * communes reached (hosts' units on the day of receipt, and the units of mobile-library stops visited by their
   * mobile libraries) and the school libraries reached. A year with nothing is all zeros.
   */
  async reach(institutionIds: string[], fromYear: number, toYear: number): Promise<Map<number, RotationReach>> {
    const out = new Map<number, RotationReach>();
    for (let y = fromYear; y <= toYear; y++) out.set(y, { copiesRotated: 0, communesReached: 0, schoolsReached: 0 });
    if (!institutionIds.length) return out;
    const [delivered, visited] = await Promise.all([
      this.shipments.deliveredToHosts(institutionIds, fromYear, toYear),
      this.mobile.unitsVisited(institutionIds, fromYear, toYear),
    ]);
    const [units, insts] = await Promise.all([
      delivered.length
        ? this.directory.unitsOnDays(delivered.map((d) => ({ institutionId: d.institutionId, day: d.day })))
        : new Map<string, string>(),
      this.directory.describeInstitutions([...new Set(delivered.map((d) => d.institutionId))]),
    ]);
    const schools = new Set(insts.filter((i) => i.type === 'school_library').map((i) => i.id));
    const communes = new Map<number, Set<string>>();
    const schoolsIn = new Map<number, Set<string>>();
    const add = (m: Map<number, Set<string>>, y: number, v: string) => m.set(y, (m.get(y) ?? new Set()).add(v));
    for (const d of delivered) {
      out.get(d.year)!.copiesRotated += d.copies;
      const unit = units.get(`${d.institutionId}|${d.day}`);
      if (unit) add(communes, d.year, unit);
      if (schools.has(d.institutionId)) add(schoolsIn, d.year, d.institutionId);
    }
    for (const v of visited) add(communes, v.year, v.unitId);
    for (const [y, r] of out) {
      r.communesReached = communes.get(y)?.size ?? 0;
      r.schoolsReached = schoolsIn.get(y)?.size ?? 0;
    }
    return out;
  }
}
