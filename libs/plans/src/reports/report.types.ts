import type { IndicatorResult } from '../indicators/indicator-engine.js';

/** A generated report: the stored JSON body, also the source of the XLSX, CSV and PDF exports. */
export interface ReportContent {
  plan: {
    id: string;
    code: string;
    title: string;
    number: string | null;
    issuer: string;
    baseYear: number;
    issuedOn?: string | null;
    version?: number;
    source?: string | null;
  };
  period: { key: string; year: number; half: boolean; dueOn: string | null };
  jurisdiction: { unitId: string | null; name: string | null };
  generatedAt: string;
  /** Every usage event recorded before this instant is in the figures (rollups pending after it are not). */
  figuresAsOf?: string;
  /** True while the period runs: a preview, never stored as the report. */
  provisional?: boolean;
  /** 1 for the first report of the period; a regeneration is the next revision (earlier ones kept). */
  revision?: number;
  indicators: IndicatorResult[];
  /** The same indicators per unit directly under the jurisdiction (or per institution's unit when the tree is unknown). */
  drillDown: {
    unitId: string;
    name: string | null;
    indicators: Pick<IndicatorResult, 'key' | 'value' | 'coverage' | 'status'>[];
  }[];
  /** Changes to closed periods after their figures were first published (old and new both kept). */
  restatements: {
    scopeId: string;
    grain: string;
    periodStart: string;
    kind: string;
    oldValue: number | null;
    newValue: number | null;
    restatedAt: string;
  }[];
}
