import { defineTask } from '@suotdoi/platform';
import type { ItemOutcome } from './marc-import.service.js';

/** Apply a staged MARC batch. `systemAdmin`: the starter may overlay records of other institutions. */
export type MarcApplyPayload = { batchId: string; systemAdmin: boolean };
/** What the task reports: the counts by outcome after the run, and where the batch report is. */
export type MarcApplyResult = { batchId: string; report: string; counts: Record<ItemOutcome, number> };

/** Applying a staged MARC import batch, as an on-demand task (MarcApplyHandler runs it). */
export const MarcApplyTask = defineTask<MarcApplyPayload, MarcApplyResult>({
  kind: 'catalogue.marc_apply',
  title: { vi: 'Áp dụng lô biểu ghi MARC', en: 'Apply a MARC import batch' },
});
