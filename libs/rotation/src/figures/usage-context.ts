import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { USAGE_CONTEXT, type CopyUsageContext, type UsageContextSource } from '@suotdoi/usage';
import { CollectionsRepository } from '../collections/collections.repository.js';

/**
 * Usage's USAGE_CONTEXT port: the collection a copy was in and the stage that collection was on at the moment a loan,
 * renewal or return happened, so they count per collection and stage (they already count for the host, where the
 * desk is). The stage is that of the collection's last shipment dispatched by then (none: at home), so an event
 * ingested after the collection moved on still counts for the stage it happened in.
 */
@Injectable()
export class RotationUsageContext implements UsageContextSource {
  constructor(private readonly collections: CollectionsRepository) {}

  async contextOf(
    events: { copyId: string; at: Date }[],
    manager?: EntityManager,
  ): Promise<(CopyUsageContext | undefined)[]> {
    if (!events.length) return [];
    const rows = await this.collections.contextAt(events, manager);
    const byN = new Map(rows.map((r) => [r.n, r]));
    return events.map((_, n) => {
      const r = byN.get(n + 1);
      return r ? { collectionId: r.collectionId, stageId: r.stageId } : undefined;
    });
  }
}

/**
 * Gives usage its USAGE_CONTEXT port without usage importing rotation (rotation imports usage). Global for that one
 * port, which usage's ingestion injects; the rest of rotation is imported where used.
 */
@Global()
@Module({
  providers: [
    CollectionsRepository,
    RotationUsageContext,
    { provide: USAGE_CONTEXT, useExisting: RotationUsageContext },
  ],
  exports: [USAGE_CONTEXT],
})
export class RotationUsageContextModule {}
