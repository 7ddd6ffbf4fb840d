import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CopyUsageContext, UsageContextSource } from '@suotdoi/usage';
import { CollectionsRepository } from '../collections/collections.repository.js';

/**
 * Usage's USAGE_CONTEXT port: the collection a copy is in and the stage that collection is on, so that loans,
 * renewals and returns of rotating copies count per collection and stage (they already count for the host, where
 * the desk is). Read when the event is ingested, moments after it happened.
 */
@Injectable()
export class RotationUsageContext implements UsageContextSource {
  constructor(private readonly collections: CollectionsRepository) {}

  async contextOf(copyIds: string[], manager?: EntityManager): Promise<Map<string, CopyUsageContext>> {
    const rows = await this.collections.contextOf(copyIds, manager);
    return new Map(rows.map((r) => [r.copyId, { collectionId: r.collectionId, stageId: r.stageId }]));
  }
}
