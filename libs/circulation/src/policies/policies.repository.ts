import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { assignments, preparedQuery } from '@suotdoi/platform';
import type { CirculationRule, Situation } from './rule-matrix.js';

const COLUMNS = `id, institution_id AS "institutionId", patron_category AS "patronCategory", item_type AS "itemType", loan_days AS "loanDays",
  max_loans AS "maxLoans", renewals_allowed AS "renewalsAllowed", renewal_days AS "renewalDays", holds_allowed AS "holdsAllowed",
  max_holds AS "maxHolds", pickup_days AS "pickupDays", overdue_fine_per_day_vnd AS "overdueFinePerDayVnd",
  block_threshold_vnd AS "blockThresholdVnd", note`;

export type RuleInput = Omit<CirculationRule, 'id'>;

const FIELDS: [keyof RuleInput, string][] = [
  ['institutionId', 'institution_id'],
  ['patronCategory', 'patron_category'],
  ['itemType', 'item_type'],
  ['loanDays', 'loan_days'],
  ['maxLoans', 'max_loans'],
  ['renewalsAllowed', 'renewals_allowed'],
  ['renewalDays', 'renewal_days'],
  ['holdsAllowed', 'holds_allowed'],
  ['maxHolds', 'max_holds'],
  ['pickupDays', 'pickup_days'],
  ['overdueFinePerDayVnd', 'overdue_fine_per_day_vnd'],
  ['blockThresholdVnd', 'block_threshold_vnd'],
  ['note', 'note'],
];
const FIELD_COLUMNS: Record<string, string> = Object.fromEntries(FIELDS);

/** The only place that queries circulation.policies. */
@Injectable()
export class PoliciesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every rule that could apply to the situation (at most eight rows). */
  candidates(s: Situation, manager?: EntityManager): Promise<CirculationRule[]> {
    return preparedQuery<CirculationRule>(
      manager ?? this.ds,
      `SELECT ${COLUMNS} FROM circulation.policies
       WHERE (institution_id IS NULL OR institution_id = $1) AND (patron_category IS NULL OR patron_category = $2) AND (item_type IS NULL OR item_type = $3)`,
      [s.institutionId, s.patronCategory, s.itemType],
    );
  }

  list(institutionIds: string[] | null): Promise<CirculationRule[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM circulation.policies
       WHERE $1::uuid[] IS NULL OR institution_id IS NULL OR institution_id = ANY($1::uuid[])
       ORDER BY institution_id NULLS FIRST, patron_category NULLS FIRST, item_type NULLS FIRST`,
      [institutionIds],
    );
  }

  async find(id: string, manager?: EntityManager): Promise<CirculationRule | undefined> {
    const [row]: CirculationRule[] = await (manager ?? this.ds.manager).query(
      `SELECT ${COLUMNS} FROM circulation.policies WHERE id = $1`,
      [id],
    );
    return row;
  }

  async insert(r: RuleInput): Promise<string> {
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO circulation.policies (${FIELDS.map((f) => f[1]).join(', ')}) VALUES (${FIELDS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      FIELDS.map(([k]) => r[k]),
    );
    return row.id;
  }

  async update(id: string, patch: Partial<RuleInput>): Promise<void> {
    const params: unknown[] = [id];
    const { sets } = assignments(FIELD_COLUMNS, patch, params);
    if (!sets.length) return;
    await this.ds.query(`UPDATE circulation.policies SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  async inUse(id: string): Promise<boolean> {
    const [row]: { used: boolean }[] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM circulation.loans WHERE policy_id = $1) OR EXISTS (SELECT 1 FROM circulation.holds WHERE policy_id = $1) AS used`,
      [id],
    );
    return row.used;
  }

  async delete(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM circulation.policies WHERE id = $1`, [id]);
  }
}
