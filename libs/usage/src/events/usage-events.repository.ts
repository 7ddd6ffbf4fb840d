import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { StampedUsageEvent } from './usage-event.types.js';

/** SQL for the event log. */
@Injectable()
export class UsageEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Insert stamped events in one round trip (unnest arrays → INSERT … ON CONFLICT DO NOTHING) and mark their
   * Vietnam days dirty for the rollup. Sorted by client id so concurrent identical batches cannot deadlock.
   * Returns how many were new.
   */
  async insert(events: StampedUsageEvent[], manager?: EntityManager): Promise<number> {
    if (!events.length) return 0;
    const sorted = [...events].sort((a, b) =>
      a.clientEventId < b.clientEventId ? -1 : a.clientEventId > b.clientEventId ? 1 : 0,
    );
    const col = <T>(f: (e: StampedUsageEvent) => T) => sorted.map(f);
    const rows: { inserted: string }[] = await (manager ?? this.dataSource).query(
      `WITH ins AS (
         INSERT INTO usage.events (client_event_id, kind, institution_id, service_point_id, unit_id, occurred_at, period_day,
                                   patron_key, quantity, raw_crossings, basis, source, copy_id, collection_id, stage_id)
         SELECT t.cid, t.kind, t.inst, t.sp, t.unit, t.at, (t.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                t.patron, t.qty, t.crossings, t.basis, t.source, t.copy, t.col, t.stage
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::text[],
                     $8::numeric[], $9::int[], $10::text[], $11::text[], $12::uuid[], $13::uuid[], $14::uuid[])
              AS t(cid, kind, inst, sp, unit, at, patron, qty, crossings, basis, source, copy, col, stage)
         ON CONFLICT (client_event_id) DO NOTHING
         RETURNING period_day),
       dirty AS (
         INSERT INTO usage.dirty_days (day) SELECT DISTINCT period_day FROM ins
         ON CONFLICT (day) DO UPDATE SET marked_at = now())
       SELECT count(*) AS inserted FROM ins`,
      [
        col((e) => e.clientEventId),
        col((e) => e.kind),
        col((e) => e.institutionId),
        col((e) => e.servicePointId),
        col((e) => e.unitId),
        col((e) => e.occurredAt.toISOString()),
        col((e) => e.patronKey),
        col((e) => e.quantity),
        col((e) => e.rawCrossings),
        col((e) => e.basis),
        col((e) => e.source),
        col((e) => e.copyId ?? null),
        col((e) => e.collectionId ?? null),
        col((e) => e.stageId ?? null),
      ],
    );
    return Number(rows[0]?.inserted ?? 0);
  }

  /** Whether any event id starts with `prefix` (demo data already loaded). */
  async anyWithPrefix(prefix: string): Promise<boolean> {
    const r: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM usage.events WHERE client_event_id LIKE $1 || '%' LIMIT 1`,
      [prefix.replace(/[\\%_]/g, '\\$&')],
    );
    return r.length > 0;
  }
}
