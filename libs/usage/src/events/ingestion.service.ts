import { Inject, Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import {
  afterCommit,
  Clock,
  vietnamDate,
  JURISDICTION_DIRECTORY,
  QueueService,
  type JurisdictionDirectory,
  type Principal,
} from '@suotdoi/platform';
import { RollupUsageJob } from '../rollups/rollup.jobs.js';
import { UsageErrors } from '../usage.errors.js';
import { UsageEventsRepository } from './usage-events.repository.js';
import type { IngestResult, StampedUsageEvent, UsageEventInput, UsageEventSource } from './usage-event.types.js';
import { USAGE_CONTEXT, type UsageContextSource } from './usage-context.js';

/** Largest batch one call may carry. */
export const MAX_BATCH = 10_000;
/** Clock skew tolerated for devices dating events slightly ahead. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
/** Directory answers are reused for this long (an institution's unit for a past day practically never changes). */
const LOOKUP_TTL_MS = 60_000;

/**
 * Stores usage events: resolves each location to its institution, stamps the administrative unit of that
 * moment, halves gate crossings into visits, and inserts idempotently by client event id.
 */
@Injectable()
export class UsageIngestionService {
  // Bounded caches with expiry for directory look-ups (a gate counter sends the same locations all day): facts that
  // change rarely and are re-read after LOOKUP_TTL_MS; never for deduplication.
  private readonly locationCache = new LRUCache<string, { institutionId: string; servicePointId: string | null }>({
    max: 50_000,
    ttl: LOOKUP_TTL_MS,
  });
  private readonly unitCache = new LRUCache<string, string>({ max: 200_000, ttl: LOOKUP_TTL_MS });

  constructor(
    private readonly events: UsageEventsRepository,
    private readonly clock: Clock,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
    @Optional() private readonly queues?: QueueService,
    @Optional() @Inject(USAGE_CONTEXT) private readonly context?: UsageContextSource,
  ) {}

  /**
   * Ask for a rollup within about a second instead of the next minute's sweep, so a recorded event shows in the
   * figures within seconds. One job per wall-clock second (its id), run just after that second ends: every event
   * committed during the second is covered by it, however many arrive.
   */
  nudgeRollup(manager?: EntityManager): void {
    const send = () => {
      if (!this.queues) return;
      const now = Date.now();
      const second = Math.floor(now / 1000);
      this.queues
        .enqueue(RollupUsageJob, {}, { jobId: `rollup-soon-${second}`, delay: (second + 1) * 1000 - now + 200 })
        .catch(() => undefined);
    };
    if (manager) afterCommit(manager, send);
    else send();
  }

  /** Ingest a batch on behalf of a caller, who must work at (or administer) every institution in it. */
  async ingestFor(
    principal: Principal,
    inputs: UsageEventInput[],
    source: UsageEventSource = 'api',
  ): Promise<IngestResult> {
    const stamped = await this.stamp(inputs, source);
    await this.authorise(principal, [...new Set(stamped.map((e) => e.institutionId))]);
    const inserted = await this.events.insert(stamped);
    if (inserted) this.nudgeRollup();
    return { received: inputs.length, inserted, duplicates: inputs.length - inserted };
  }

  /** Ingest inside another module's transaction (the outbox consumer). */
  async ingestTrusted(
    inputs: UsageEventInput[],
    source: UsageEventSource,
    manager?: EntityManager,
  ): Promise<IngestResult> {
    const stamped = await this.stamp(inputs, source, manager);
    const inserted = await this.events.insert(stamped, manager);
    if (inserted) this.nudgeRollup(manager);
    return { received: inputs.length, inserted, duplicates: inputs.length - inserted };
  }

  /** Insert events already stamped (seeders, benchmarks, migrations of historical data). */
  async ingestStamped(events: StampedUsageEvent[], manager?: EntityManager): Promise<number> {
    const inserted = await this.events.insert(events, manager);
    if (inserted) this.nudgeRollup(manager);
    return inserted;
  }

  private dir(): JurisdictionDirectory {
    if (!this.directory) throw UsageErrors.directoryUnavailable();
    return this.directory;
  }

  private async authorise(p: Principal, institutionIds: string[]): Promise<void> {
    if (p.systemAdmin) return;
    const mine = new Set(p.staff.map((s) => s.institutionId));
    let missing = institutionIds.filter((id) => !mine.has(id));
    if (missing.length && p.adminUnitIds.length) {
      const administered = new Set(await this.dir().institutionsUnder(p.adminUnitIds));
      missing = missing.filter((id) => !administered.has(id));
    }
    if (missing.length) throw UsageErrors.notYourInstitution({ id: missing[0] });
  }

  async stamp(
    inputs: UsageEventInput[],
    source: UsageEventSource,
    manager?: EntityManager,
  ): Promise<StampedUsageEvent[]> {
    if (inputs.length > MAX_BATCH) throw UsageErrors.batchTooLarge({ max: MAX_BATCH, count: inputs.length });
    const dir = this.dir();
    const latest = this.clock.now().getTime() + FUTURE_TOLERANCE_MS;
    const instants = inputs.map((i) => new Date(i.occurredAt));
    const days = instants.map(vietnamDate);
    inputs.forEach((i, n) => {
      if (instants[n]!.getTime() > latest) throw UsageErrors.futureEvent({ id: i.clientEventId });
      if (i.crossings !== undefined && i.kind !== 'visit') throw UsageErrors.crossingsOnlyForVisits();
    });
    const locations = new Map<string, { institutionId: string; servicePointId: string | null }>();
    const missingLocations: string[] = [];
    for (const id of new Set(inputs.map((i) => i.locationId))) {
      const hit = this.locationCache.get(id);
      if (hit) locations.set(id, hit);
      else missingLocations.push(id);
    }
    const found = missingLocations.length ? await dir.resolveLocations(missingLocations) : new Map<string, never>();
    for (const id of missingLocations) {
      const loc = found.get(id);
      if (!loc) throw UsageErrors.unknownLocation({ id });
      this.locationCache.set(id, loc);
      locations.set(id, loc);
    }
    // The unit is stamped per institution and Vietnam day (the membership covering that day), in one query.
    const units = new Map<string, string>();
    const wanted = new Map<string, { institutionId: string; day: string }>();
    for (let n = 0; n < inputs.length; n++) {
      const i = inputs[n]!;
      const day = days[n]!;
      const key = `${locations.get(i.locationId)!.institutionId}|${day}`;
      if (units.has(key) || wanted.has(key)) continue;
      const hit = this.unitCache.get(key);
      if (hit) units.set(key, hit);
      else wanted.set(key, { institutionId: locations.get(i.locationId)!.institutionId, day });
    }
    const stamped = wanted.size ? await dir.unitsOnDays([...wanted.values()]) : new Map<string, never>();
    for (const [key, w] of wanted) {
      const unitId = stamped.get(key);
      if (!unitId) throw UsageErrors.unitUnknown({ id: w.institutionId, day: w.day });
      this.unitCache.set(key, unitId);
      units.set(key, unitId);
    }
    const out: StampedUsageEvent[] = [];
    for (let n = 0; n < inputs.length; n++) {
      const i = inputs[n]!;
      const at = instants[n]!;
      const loc = locations.get(i.locationId)!;
      // A mobile-library stop counts for its own commune, not the library's.
      const unitId = i.unitId ?? units.get(`${loc.institutionId}|${days[n]}`)!;
      out.push({
        clientEventId: i.clientEventId,
        kind: i.kind,
        institutionId: loc.institutionId,
        servicePointId: loc.servicePointId,
        unitId,
        occurredAt: at,
        patronKey: i.patronKey ?? null,
        // Gate counters count each crossing (in and out): a visit is half the crossings (ISO 2789).
        quantity: i.crossings !== undefined ? i.crossings / 2 : (i.quantity ?? 1),
        rawCrossings: i.crossings ?? null,
        basis: i.basis ?? 'counted',
        source: i.crossings !== undefined ? 'gate_counter' : source,
        copyId: i.copyId ?? null,
        collectionId: i.collectionId ?? null,
        stageId: i.collectionId ? (i.stageId ?? null) : null,
      });
    }
    // Events about a copy carry the rotating collection and stage it was on when the event happened.
    const aboutCopies = out.filter((e) => e.copyId && !e.collectionId);
    if (aboutCopies.length && this.context) {
      const ctx = await this.context.contextOf(
        aboutCopies.map((e) => ({ copyId: e.copyId!, at: e.occurredAt })),
        manager,
      );
      aboutCopies.forEach((e, n) => {
        const c = ctx[n];
        if (c) Object.assign(e, { collectionId: c.collectionId, stageId: c.stageId });
      });
    }
    return out;
  }
}
