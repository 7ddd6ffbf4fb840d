import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarService, InstitutionsService } from '@suotdoi/network';
import {
  addDays,
  Clock,
  JURISDICTION_DIRECTORY,
  isUniqueViolation,
  vietnamDate,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { CollectionsService } from '../collections/collections.service.js';
import { RotationErrors } from '../rotation.errors.js';
import { ItinerariesRepository, type ItineraryRow, type NewStage, type StageRow } from './itineraries.repository.js';

export interface StageInput {
  /** An institution of any type, or a service point. */
  hostId: string;
  days: number;
}

export interface ItineraryView extends ItineraryRow {
  stages: StageRow[];
}

const STATUS_VI = {
  planned: 'đã lập',
  running: 'đang thực hiện',
  finished: 'đã kết thúc',
  cancelled: 'đã hủy',
} as const;

/**
 * Itineraries: an ordered list of stages, each a host and a planned length in days, one-way (then home) or cyclical
 * (the route starts over). Planned dates run from the start date, each stage starting on its host's next open day.
 * Editing a running itinerary supersedes the stages not yet started (kept, marked) and appends the new plan, so its
 * history stays.
 */
@Injectable()
export class ItinerariesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ItinerariesRepository,
    private readonly collections: CollectionsService,
    private readonly institutions: InstitutionsService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  async create(
    p: Principal,
    collectionId: string,
    input: { mode: 'one_way' | 'cyclical'; startsOn: string; stages: StageInput[] },
  ): Promise<ItineraryView> {
    const today = vietnamDate(this.clock.now());
    if (input.startsOn < today) throw RotationErrors.startInPast({ startsOn: input.startsOn, today });
    const probe = await this.collections.managed(p, collectionId, this.ds.manager);
    const planned = await this.plan(probe.ownerInstitutionId, input.stages, input.startsOn, 1, 1);
    const id = await this.ds
      .transaction(async (m) => {
        const c = await this.collections.managed(p, collectionId, m, true);
        if (c.status === 'retired') throw RotationErrors.collectionRetired();
        if (await this.repo.openFor(m, collectionId)) throw RotationErrors.itineraryOpen();
        const id = await this.repo.insert(m, {
          collectionId,
          mode: input.mode,
          startsOn: input.startsOn,
          by: p.accountId,
        });
        await this.repo.insertStages(m, id, planned);
        return id;
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? RotationErrors.itineraryOpen() : e;
      });
    return this.view(id);
  }

  /** Replace the stages not yet started; started and finished ones stay, superseded ones are kept as history. */
  async replan(p: Principal, itineraryId: string, stages: StageInput[]): Promise<ItineraryView> {
    const it = await this.visible(p, itineraryId);
    const c = await this.collections.managed(p, it.collectionId, this.ds.manager);
    await this.ds.transaction(async (m) => {
      const locked = (await this.repo.find(itineraryId, m, true))!;
      if (locked.status === 'finished' || locked.status === 'cancelled')
        throw RotationErrors.itineraryClosed({ status: locked.status, statusVi: STATUS_VI[locked.status] });
      const all = await this.repo.stages(itineraryId, m);
      const kept = all.filter((s) => s.status === 'current' || s.status === 'done');
      const last = kept.at(-1);
      const from = last ? addDays(last.plannedEnd, 1) : locked.startsOn;
      const maxSeq = Math.max(0, ...all.map((s) => s.seq));
      const planned = await this.plan(
        c.ownerInstitutionId,
        stages,
        from < vietnamDate(this.clock.now()) ? vietnamDate(this.clock.now()) : from,
        maxSeq + 1,
        last?.cycle ?? 1,
      );
      await this.repo.supersede(m, itineraryId);
      await this.repo.insertStages(m, itineraryId, planned);
    });
    return this.view(itineraryId);
  }

  async cancel(p: Principal, itineraryId: string): Promise<ItineraryView> {
    const it = await this.visible(p, itineraryId);
    await this.collections.managed(p, it.collectionId, this.ds.manager);
    await this.ds.transaction(async (m) => {
      const locked = (await this.repo.find(itineraryId, m, true))!;
      if (locked.status !== 'planned')
        throw RotationErrors.itineraryClosed({ status: locked.status, statusVi: STATUS_VI[locked.status] });
      await this.repo.supersede(m, itineraryId);
      await this.repo.setStatus(m, itineraryId, 'cancelled');
    });
    return this.view(itineraryId);
  }

  async get(p: Principal, id: string): Promise<ItineraryView> {
    await this.visible(p, id);
    return this.view(id);
  }

  async forCollection(p: Principal, collectionId: string): Promise<ItineraryView[]> {
    await this.collections.visible(p, collectionId);
    const rows = await this.repo.forCollection(collectionId);
    return Promise.all(rows.map(async (r) => ({ ...r, stages: await this.repo.stages(r.id) })));
  }

  private async visible(p: Principal, id: string): Promise<ItineraryRow> {
    const it = await this.repo.find(id);
    if (!it) throw RotationErrors.itineraryNotFound();
    await this.collections.visible(p, it.collectionId).catch(() => {
      throw RotationErrors.itineraryNotFound();
    });
    return it;
  }

  private async view(id: string, m?: EntityManager): Promise<ItineraryView> {
    const it = (await this.repo.find(id, m))!;
    return { ...it, stages: await this.repo.stages(id, m) };
  }

  /**
   * When the collection's cyclical itinerary has no planned stage left, the next round (the last round's hosts and
   * lengths, dated from today past closed days); else undefined. Read outside any transaction (it asks calendars).
   */
  async nextRound(collectionId: string, ownerInstitutionId: string): Promise<NewStage[] | undefined> {
    const itinerary = await this.repo.openFor(this.ds.manager, collectionId);
    if (!itinerary || itinerary.mode !== 'cyclical') return undefined;
    const stages = (await this.repo.stages(itinerary.id)).filter((s) => s.status !== 'superseded');
    if (stages.some((s) => s.status === 'planned')) return undefined;
    const lastCycle = Math.max(...stages.map((s) => s.cycle));
    const round = stages.filter((s) => s.cycle === lastCycle);
    return this.plan(
      ownerInstitutionId,
      round.map((s) => ({ hostId: s.hostServicePointId ?? s.hostInstitutionId, days: s.plannedDays })),
      vietnamDate(this.clock.now()),
      Math.max(...stages.map((s) => s.seq)) + 1,
      lastCycle + 1,
    );
  }

  /**
   * The next stage a collection goes to, inside the caller's transaction: the first planned stage of its open
   * itinerary; for a cyclical itinerary past its last stage, the new round from `nextRound` (inserted here);
   * `stage` undefined when a one-way itinerary is done (the collection goes home).
   */
  async nextStage(
    m: EntityManager,
    collectionId: string,
    round?: NewStage[],
  ): Promise<{ itinerary: ItineraryRow; stage: StageRow | undefined } | undefined> {
    const itinerary = await this.repo.openFor(m, collectionId, true);
    if (!itinerary) return undefined;
    const stages = (await this.repo.stages(itinerary.id, m)).filter((s) => s.status !== 'superseded');
    const next = stages.find((s) => s.status === 'planned');
    if (next || itinerary.mode === 'one_way' || !round?.length) return { itinerary, stage: next };
    await this.repo.insertStages(m, itinerary.id, round);
    const fresh = (await this.repo.stages(itinerary.id, m)).find((s) => s.status === 'planned');
    return { itinerary, stage: fresh };
  }

  /** A shipment to `stageId` (or home when null) was dispatched: the stage before ends, the itinerary runs or finishes. */
  async departed(m: EntityManager, itineraryId: string, stageId: string | null, at: Date): Promise<void> {
    await this.repo.endCurrent(m, itineraryId, at);
    await this.repo.setStatus(m, itineraryId, stageId ? 'running' : 'finished');
  }

  /** The first copies of a shipment reached the stage's host: the stage is under way. */
  async arrived(m: EntityManager, stageId: string, at: Date): Promise<void> {
    await this.repo.startStage(m, stageId, at);
  }

  /** The collection's itinerary in progress, if any (read in the caller's transaction). */
  openFor(m: EntityManager, collectionId: string): Promise<ItineraryRow | undefined> {
    return this.repo.openFor(m, collectionId);
  }

  stage(id: string, m?: EntityManager): Promise<StageRow | undefined> {
    return this.repo.stage(id, m);
  }

  /** Dates for stages from `startsOn`: each starts on its host's next open day and lasts its planned days. */
  private async plan(
    ownerInstitutionId: string,
    stages: StageInput[],
    startsOn: string,
    firstSeq: number,
    cycle: number,
  ): Promise<NewStage[]> {
    const out: NewStage[] = [];
    let from = startsOn;
    for (const [i, s] of stages.entries()) {
      const loc = await this.directory.resolveLocation(s.hostId);
      if (!loc) throw RotationErrors.hostNotFound({ id: s.hostId });
      if (loc.institutionId === ownerInstitutionId && !loc.servicePointId) throw RotationErrors.hostIsOwner();
      const inst = await this.institutions.find(loc.institutionId);
      if (!inst) throw RotationErrors.hostNotFound({ id: s.hostId });
      const start = await this.calendar.nextOpenDay(loc.institutionId, from);
      if (inst.closedOn && inst.closedOn <= addDays(start, s.days - 1))
        throw RotationErrors.hostClosed({ name: inst.name, closedOn: inst.closedOn, hostId: s.hostId });
      const end = addDays(start, s.days - 1);
      out.push({
        seq: firstSeq + i,
        cycle,
        hostInstitutionId: loc.institutionId,
        hostServicePointId: loc.servicePointId,
        plannedDays: s.days,
        plannedStart: start,
        plannedEnd: end,
      });
      from = addDays(end, 1);
    }
    return out;
  }
}
