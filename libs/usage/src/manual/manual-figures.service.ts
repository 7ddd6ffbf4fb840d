import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { UsageErrors } from '../usage.errors.js';
import { vietnamMidnight } from '../periods/periods.js';
import { RollupsRepository } from '../rollups/rollups.repository.js';
import type { CountBasis, UsageEventKind } from '../events/usage-event.types.js';
import type { ManualFigureDto } from './dto/manual-figure.dto.js';
import { UsageIngestionService } from '../events/ingestion.service.js';
import { USAGE_KIND_NAMES_VI } from '../figures/figures-reader.service.js';

export interface ManualFigureInput {
  institutionId: string;
  kind: UsageEventKind;
  grain: 'month' | 'year';
  /** YYYY-MM or YYYY. */
  period: string;
  value: number;
  basis: CountBasis;
}

/**
 * Monthly or yearly figures typed in by network staff for institutions not yet on the system. They count like
 * events in the rollups (marked manual). Entering a figure again supersedes the earlier one, which is kept. A figure
 * that would count something twice is refused (see assertNothingCountedTwice).
 */
@Injectable()
export class ManualFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: RollupsRepository,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
    @Optional() private readonly ingestion?: UsageIngestionService,
  ) {}

  async enter(principal: Principal, input: ManualFigureInput): Promise<ManualFigureDto> {
    if (!this.directory) throw UsageErrors.directoryUnavailable();
    const ok = /^\d{4}$/.test(input.period)
      ? input.grain === 'year'
      : input.grain === 'month' && Number(input.period.slice(5)) >= 1 && Number(input.period.slice(5)) <= 12;
    if (!ok)
      throw UsageErrors.badPeriod({
        period: input.period,
        grain: input.grain,
        grainVi: input.grain === 'year' ? 'năm (YYYY)' : 'tháng (YYYY-MM)',
      });
    const periodStart = input.grain === 'year' ? `${input.period}-01-01` : `${input.period}-01`;
    await this.authorise(principal, input.institutionId);
    // An institution that opened during the period (a yearly figure for its first, partial year) has no unit on the
    // first day: the unit it had at the end of the period is stamped.
    const lastDay =
      input.grain === 'year'
        ? `${input.period}-12-31`
        : new Date(Date.UTC(Number(input.period.slice(0, 4)), Number(input.period.slice(5)), 0))
            .toISOString()
            .slice(0, 10);
    const unitId =
      (await this.directory.unitOfInstitution(input.institutionId, vietnamMidnight(periodStart))) ??
      (await this.directory.unitOfInstitution(input.institutionId, vietnamMidnight(lastDay)));
    if (!unitId) throw UsageErrors.unitUnknown({ id: input.institutionId, day: periodStart });
    // The institution's name for a refusal, read before the transaction (the directory has its own connection).
    const [described] = await this.directory.describeInstitutions([input.institutionId]);
    const institutionName = described?.name ?? input.institutionId;
    return this.dataSource.transaction(async (m) => {
      // One writer at a time per institution and kind, so the checks below cannot be raced past.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('usage.manual_figures'), hashtext($1 || '|' || $2))`, [
        input.institutionId,
        input.kind,
      ]);
      await this.assertNothingCountedTwice(m, input, periodStart, institutionName);
      const [old]: [{ value: string }[], number] = await m.query(
        `UPDATE usage.manual_figures SET superseded_at = now()
         WHERE institution_id = $1 AND kind = $2 AND grain = $3 AND period_start = $4 AND superseded_at IS NULL
         RETURNING value`,
        [input.institutionId, input.kind, input.grain, periodStart],
      );
      const [row]: Record<string, string>[] = await m.query(
        `INSERT INTO usage.manual_figures (institution_id, unit_id, kind, grain, period_start, value, basis, entered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, to_char(period_start, 'YYYY-MM-DD') AS period_start, entered_at`,
        [
          input.institutionId,
          unitId,
          input.kind,
          input.grain,
          periodStart,
          input.value,
          input.basis,
          principal.accountId,
        ],
      );
      await this.rollups.markDirty(m, [periodStart]);
      this.ingestion?.nudgeRollup(m);
      return {
        id: String(row!.id),
        institutionId: input.institutionId,
        unitId,
        kind: input.kind,
        grain: input.grain,
        periodStart: row!.period_start!,
        value: input.value,
        basis: input.basis,
        enteredBy: principal.accountId,
        enteredAt: new Date(row!.entered_at!).toISOString(),
        manual: true,
        replacedValue: old[0] ? Number(old[0].value) : null,
      };
    });
  }

  /**
   * A figure is refused when it would count the same activity twice: monthly and yearly figures for the same
   * institution, kind and year (one grain per year), or a period in which the institution already reports this kind
   * through the system. Events that arrive later for a period with a manual figure (the institution joined the system
   * after the figure was entered) are counted as well; reports show both parts (manual_value beside value).
   */
  private async assertNothingCountedTwice(
    m: EntityManager,
    input: ManualFigureInput,
    periodStart: string,
    institutionName: string,
  ): Promise<void> {
    const year = periodStart.slice(0, 4);
    const otherGrain = input.grain === 'year' ? 'month' : 'year';
    const [clash]: { n: string }[] = await m.query(
      `SELECT count(*) AS n FROM usage.manual_figures
       WHERE institution_id = $1 AND kind = $2 AND grain = $3 AND superseded_at IS NULL AND period_start >= $4::date AND period_start < ($4::date + interval '1 year')`,
      [input.institutionId, input.kind, otherGrain, `${year}-01-01`],
    );
    if (Number(clash!.n) > 0)
      throw UsageErrors.manualGrainConflict({
        institutionId: input.institutionId,
        institutionName,
        kind: input.kind,
        kindVi: USAGE_KIND_NAMES_VI[input.kind],
        year,
        existing: otherGrain,
        existingVi: otherGrain === 'year' ? 'năm' : 'tháng',
      });
    // Events already rolled up (day rows of the institution), plus those still waiting for the rollup (dirty days).
    const [events]: { n: string }[] = await m.query(
      `WITH span AS (SELECT $3::date AS lo, ($3::date + CASE WHEN $4 = 'year' THEN interval '1 year' ELSE interval '1 month' END)::date AS hi)
       SELECT coalesce((SELECT sum(r.event_count) FROM usage.rollups r, span
                         WHERE r.scope = 'institution' AND r.scope_id = $1 AND r.grain = 'day' AND r.kind = $2 AND r.period_start >= span.lo AND r.period_start < span.hi), 0)
            + (SELECT count(*) FROM usage.events e, span
                WHERE e.period_day IN (SELECT d.day FROM usage.dirty_days d, span s2 WHERE d.day >= s2.lo AND d.day < s2.hi)
                  AND e.institution_id = $1 AND e.kind = $2
                  AND NOT EXISTS (SELECT 1 FROM usage.rollups r WHERE r.scope = 'institution' AND r.scope_id = $1 AND r.grain = 'day' AND r.kind = $2 AND r.period_start = e.period_day)) AS n`,
      [input.institutionId, input.kind, periodStart, input.grain],
    );
    if (Number(events!.n) > 0)
      throw UsageErrors.manualOverlapsEvents({
        institutionId: input.institutionId,
        institutionName,
        kind: input.kind,
        kindVi: USAGE_KIND_NAMES_VI[input.kind],
        period: input.period,
        events: Number(events!.n),
      });
  }

  private async authorise(p: Principal, institutionId: string): Promise<void> {
    if (p.systemAdmin) return;
    if (p.staff.some((s) => s.institutionId === institutionId && s.roles.includes('manager'))) return;
    if (p.adminUnitIds.length && (await this.directory!.institutionsUnder(p.adminUnitIds)).includes(institutionId))
      return;
    throw UsageErrors.notYourInstitution({ id: institutionId });
  }
}
