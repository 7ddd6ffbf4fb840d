import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { UsageErrors } from '../usage.errors.js';
import { vietnamMidnight } from '../periods/periods.js';
import { RollupsRepository } from '../rollups/rollups.repository.js';
import type { CountBasis, UsageEventKind } from '../events/usage-event.types.js';
import type { ManualFigureDto } from './dto/manual-figure.dto.js';

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
 * events in the rollups (marked manual). Entering a figure again supersedes the earlier one, which is kept.
 */
@Injectable()
export class ManualFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: RollupsRepository,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async enter(principal: Principal, input: ManualFigureInput): Promise<ManualFigureDto> {
    if (!this.directory) throw UsageErrors.directoryUnavailable();
    const ok = /^\d{4}$/.test(input.period) ? input.grain === 'year' : input.grain === 'month' && Number(input.period.slice(5)) >= 1 && Number(input.period.slice(5)) <= 12;
    if (!ok) throw UsageErrors.badPeriod({ period: input.period, grain: input.grain });
    const periodStart = input.grain === 'year' ? `${input.period}-01-01` : `${input.period}-01`;
    await this.authorise(principal, input.institutionId);
    const unitId = await this.directory.unitOfInstitution(input.institutionId, vietnamMidnight(periodStart));
    if (!unitId) throw UsageErrors.unitUnknown({ id: input.institutionId, day: periodStart });
    return this.dataSource.transaction(async (m) => {
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
        [input.institutionId, unitId, input.kind, input.grain, periodStart, input.value, input.basis, principal.accountId],
      );
      await this.rollups.markDirty(m, [periodStart]);
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

  private async authorise(p: Principal, institutionId: string): Promise<void> {
    if (p.systemAdmin) return;
    if (p.staff.some((s) => s.institutionId === institutionId && s.roles.includes('manager'))) return;
    if (p.adminUnitIds.length && (await this.directory!.institutionsUnder(p.adminUnitIds)).includes(institutionId)) return;
    throw UsageErrors.notYourInstitution({ id: institutionId });
  }
}
