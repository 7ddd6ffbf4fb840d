import type { EntityManager } from 'typeorm';

/** The rotating collection and stage a copy was on when a usage event happened. */
export interface CopyUsageContext {
  collectionId: string;
  /** Null when the collection was at home (no stage). */
  stageId: string | null;
}

/**
 * Fills in what usage events about a copy were part of (rotation registers the one source): the collection and
 * stage of each copy, as usage stamps location and unit. Copies on no collection are left out of the answer.
 */
export interface UsageContextSource {
  contextOf(copyIds: string[], manager?: EntityManager): Promise<Map<string, CopyUsageContext>>;
}

export const USAGE_CONTEXT = Symbol('suotdoi:usage:context');
