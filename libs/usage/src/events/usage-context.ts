import type { EntityManager } from 'typeorm';

/** The rotating collection and stage a copy was on when a usage event happened. */
export interface CopyUsageContext {
  collectionId: string;
  /** Null when the collection was at home (no stage). */
  stageId: string | null;
}

/**
 * Fills in what usage events about a copy were part of (rotation registers the one source): the collection and
 * stage of each copy at the moment the event happened (not when it is ingested: a loan relayed after the collection
 * moved on still counts for the stage it was lent in), as usage stamps location and unit.
 */
export interface UsageContextSource {
  /** One answer per event, in order; undefined where the copy was in no collection at that moment. */
  contextOf(events: { copyId: string; at: Date }[], manager?: EntityManager): Promise<(CopyUsageContext | undefined)[]>;
}

export const USAGE_CONTEXT = Symbol('suotdoi:usage:context');
