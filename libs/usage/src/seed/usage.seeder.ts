import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  Clock,
  DemoSeeder,
  JURISDICTION_DIRECTORY,
  type InstitutionSummary,
  type JurisdictionDirectory,
  type SeedReport,
  type Seeder,
} from '@suotdoi/platform';
import { UsageEventsRepository } from '../events/usage-events.repository.js';
import { RollupService } from '../rollups/rollup.service.js';
import { MAX_BATCH } from '../events/ingestion.service.js';
import type { StampedUsageEvent, UsageEventKind } from '../events/usage-event.types.js';

/** Provinces of the network module's demo data. */
const DEMO_PROVINCES = ['HN', 'QT', 'KT', 'QNG', 'HD', 'HP', 'CT'];
const FIRST_YEAR = 2022;

/** Deterministic 0–1 from a string, so every start produces the same demo figures. */
const unit01 = (s: string) => {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
};

/** Monthly figures of a demo institution by type and level (before growth). */
function monthly(i: InstitutionSummary): Partial<Record<UsageEventKind, number>> {
  const big = i.level === 'province' || i.type === 'national_library';
  const mid = i.level === 'district' || i.type === 'university_library';
  const scale = big ? 10 : mid ? 3 : 1;
  if (i.type === 'museum') return { visit: 900 * scale, museum_learning_visit: 250 * scale, programme_session: 1 };
  if (i.type === 'cultural_centre' || i.type === 'cultural_house' || i.type === 'community_learning_centre')
    return { visit: 300 * scale, programme_session: 2, programme_attendance: 60 * scale };
  const onSystem = unit01(`${i.id}:it`) < 0.6 || big || mid;
  return {
    visit: 250 * scale,
    ...(onSystem
      ? {
          loan: 120 * scale,
          renewal: 20 * scale,
          return: 110 * scale,
          virtual_visit: 80 * scale,
          e_resource_request: 40 * scale,
        }
      : {}),
    in_house_use: 60 * scale,
    ...(unit01(`${i.id}:lll`) < 0.7 || big ? { programme_session: 1, programme_attendance: 25 * scale } : {}),
  };
}

/**
 * Demo usage (order 50): monthly figures from 2022 to last month for every demo institution, growing 4–14 % a
 * year, plus Book Day (21/4) and World Book Day (23/4) sessions at province libraries. Idempotent: client event
 * ids are fixed and a start that finds them skips the work. Rolls up at the end so plan reports have data.
 */
@Injectable()
@DemoSeeder(50)
export class UsageSeeder implements Seeder {
  constructor(
    private readonly events: UsageEventsRepository,
    private readonly rollup: RollupService,
    private readonly clock: Clock,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async seed(): Promise<SeedReport> {
    const dir = this.directory;
    if (!dir?.unitByCode) return { summary: ['usage: no directory, demo usage skipped'] };
    // Loaded once: the start command seeds at every start, and stamping ~4,000 institution-months takes seconds.
    if (await this.events.anyWithPrefix('demo:')) return { summary: ['usage: demo events already loaded'] };
    const provinces = (await Promise.all(DEMO_PROVINCES.map((c) => dir.unitByCode!(c))))
      .filter((u) => !!u)
      .map((u) => u!.id);
    if (!provinces.length) return { summary: ['usage: no demo provinces, demo usage skipped'] };
    const now = this.clock.now();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const seen = new Map<string, InstitutionSummary>();
    for (let y = FIRST_YEAR; y <= lastMonth.getUTCFullYear(); y++) {
      const asOf = new Date(Date.UTC(y, 6, 15));
      for (const i of await dir.describeInstitutions(await dir.institutionsUnder(provinces, asOf), asOf))
        seen.set(i.id, i);
    }
    const out: StampedUsageEvent[] = [];
    for (const inst of seen.values()) {
      const growth = 0.04 + unit01(`${inst.id}:g`) * 0.1;
      const base = monthly(inst);
      for (
        let m = new Date(Date.UTC(FIRST_YEAR, 0, 1));
        m <= lastMonth;
        m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))
      ) {
        const at = new Date(m.getTime() + 14 * 86400_000 + 3 * 3600_000); // the 15th, 10:00 in Vietnam
        const unitId = await dir.unitOfInstitution(inst.id, at);
        if (!unitId) continue; // not open yet, or closed
        const ym = at.toISOString().slice(0, 7);
        const factor = Math.pow(1 + growth, m.getUTCFullYear() - FIRST_YEAR + m.getUTCMonth() / 12);
        for (const [kind, q] of Object.entries(base) as [UsageEventKind, number][]) {
          const quantity = kind === 'programme_session' ? q : Math.round(q * factor);
          out.push({
            clientEventId: `demo:${inst.code}:${ym}:${kind}`,
            kind,
            institutionId: inst.id,
            servicePointId: null,
            unitId,
            occurredAt: at,
            patronKey: null,
            quantity,
            rawCrossings: null,
            basis: kind === 'visit' && !inst.level ? 'estimated' : 'counted',
            source: 'api',
          });
        }
        if (inst.type === 'public_library' && inst.level === 'province' && m.getUTCMonth() === 3) {
          for (const day of [21, 23]) {
            const d = new Date(Date.UTC(m.getUTCFullYear(), 3, day, 1));
            out.push({
              clientEventId: `demo:${inst.code}:${m.getUTCFullYear()}-04-${day}:book-day`,
              kind: 'programme_session',
              institutionId: inst.id,
              servicePointId: null,
              unitId,
              occurredAt: d,
              patronKey: null,
              quantity: 1,
              rawCrossings: null,
              basis: 'counted',
              source: 'api',
            });
          }
        }
      }
    }
    let inserted = 0;
    for (let k = 0; k < out.length; k += MAX_BATCH) inserted += await this.events.insert(out.slice(k, k + MAX_BATCH));
    const r = await this.rollup.run();
    return {
      summary: [
        `usage: ${inserted} demo events added (${out.length - inserted} already there) for ${seen.size} institutions; rolled up ${r.days} days`,
      ],
    };
  }
}
