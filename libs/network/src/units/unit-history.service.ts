import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NetworkErrors } from '../network.errors.js';
import type { IsoDate } from '../network.types.js';

export type SuccessionKind = 'merge' | 'split' | 'absorb' | 'rename';

export interface Succession {
  predecessorId: string;
  predecessorName: string;
  successorId: string;
  successorName: string;
  effectiveOn: IsoDate;
  kind: SuccessionKind;
}

/**
 * The subtree of the units `$param` (uuid[]) through time, as a CTE named `name`: each unit under them with the span
 * during which it was (the intersection of the link periods down the path and of the units' own validity).
 */
const treeCte = (name: string, param: string) => `
  ${name}(unit_id, lo, hi) AS (
    SELECT u.id, u.valid_from, coalesce(u.valid_to, 'infinity'::date) FROM network.admin_units u WHERE u.id = ANY(${param}::uuid[])
    UNION
    SELECT l.unit_id, greatest(t.lo, l.valid_from, c.valid_from), least(t.hi, coalesce(l.valid_to, 'infinity'::date), coalesce(c.valid_to, 'infinity'::date))
    FROM network.admin_unit_links l JOIN ${name} t ON l.parent_id = t.unit_id
    JOIN network.admin_units c ON c.id = l.unit_id
    WHERE greatest(t.lo, l.valid_from, c.valid_from) <= least(t.hi, coalesce(l.valid_to, 'infinity'::date), coalesce(c.valid_to, 'infinity'::date))
  )`;

/**
 * How a unit's ground is followed through reorganisations. A plan adopted for a unit keeps covering the institutions
 * that were in it: while the unit exists, those under it in each year; once it is abolished (merged, split), the
 * institutions that were under it on its last day wherever they sit now, and any institution later placed in a
 * successor unit formed only from its parts (a new commune made of two of the old district's communes).
 */
@Injectable()
export class UnitHistoryService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Record that `successorId` took over (part of) `predecessorId` on `effectiveOn` (idempotent). */
  async recordSuccession(
    predecessorId: string,
    successorId: string,
    effectiveOn: IsoDate,
    kind: SuccessionKind,
  ): Promise<void> {
    if (predecessorId === successorId) throw NetworkErrors.cycle();
    const units: { id: string; valid_from: string; valid_to: string | null }[] = await this.ds.query(
      `SELECT id, valid_from::text, valid_to::text FROM network.admin_units WHERE id = ANY($1::uuid[])`,
      [[predecessorId, successorId]],
    );
    const pred = units.find((u) => u.id === predecessorId);
    const succ = units.find((u) => u.id === successorId);
    if (!pred) throw NetworkErrors.unitNotFound({ unitId: predecessorId });
    if (!succ) throw NetworkErrors.unitNotFound({ unitId: successorId });
    // The predecessor must end the day before (or, for an absorbing unit, keep existing); the successor must exist then.
    if (pred.valid_to === null || pred.valid_to >= effectiveOn)
      throw NetworkErrors.successionBeforeEnd({ unitId: predecessorId });
    if (succ.valid_from > effectiveOn || (succ.valid_to !== null && succ.valid_to < effectiveOn))
      throw NetworkErrors.periodOutsideUnit({ unitId: successorId });
    await this.ds.query(
      `INSERT INTO network.unit_successions (predecessor_id, successor_id, effective_on, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT (predecessor_id, successor_id) DO NOTHING`,
      [predecessorId, successorId, effectiveOn, kind],
    );
  }

  /** Successions in which the unit is predecessor or successor. */
  async successions(unitId: string): Promise<Succession[]> {
    return this.ds.query(
      `SELECT s.predecessor_id AS "predecessorId", p.name AS "predecessorName", s.successor_id AS "successorId", n.name AS "successorName",
              s.effective_on::text AS "effectiveOn", s.kind
       FROM network.unit_successions s JOIN network.admin_units p ON p.id = s.predecessor_id JOIN network.admin_units n ON n.id = s.successor_id
       WHERE s.predecessor_id = $1 OR s.successor_id = $1 ORDER BY s.effective_on, p.name, n.name`,
      [unitId],
    );
  }

  /**
   * The ground of an abolished unit after its end: the units under it on its last day (`ends`), the successors that
   * carry it on (transitively), and which of them are whole (start on the day of the succession and were formed only
   * from its parts).
   */
  private async carriedOn(unitId: string): Promise<{ lastDay: IsoDate | null; whole: string[]; all: string[] }> {
    const [u]: { valid_to: string | null }[] = await this.ds.query(
      `SELECT valid_to::text FROM network.admin_units WHERE id = $1`,
      [unitId],
    );
    if (!u?.valid_to) return { lastDay: null, whole: [], all: [] };
    const lastDay = u.valid_to;
    const parts: { unit_id: string }[] = await this.ds.query(
      `WITH RECURSIVE ${treeCte('tree', '$1')} SELECT DISTINCT unit_id FROM tree WHERE lo <= $2::date AND hi >= $2::date`,
      [[unitId], lastDay],
    );
    const inside = new Set(parts.map((p) => p.unit_id));
    const edges: { p: string; s: string; on: string; from: string }[] = await this.ds.query(
      `SELECT s.predecessor_id AS p, s.successor_id AS s, s.effective_on::text AS on, u.valid_from::text AS from
       FROM network.unit_successions s JOIN network.admin_units u ON u.id = s.successor_id WHERE s.effective_on > $1::date`,
      [lastDay],
    );
    const preds = new Map<string, string[]>();
    for (const e of edges) preds.set(e.s, [...(preds.get(e.s) ?? []), e.p]);
    const whole = new Set<string>();
    const all = new Set<string>();
    // Fixpoint: a later reorganisation of a successor carries the ground on again.
    for (let changed = true; changed;) {
      changed = false;
      for (const e of edges) {
        if (!(inside.has(e.p) || whole.has(e.p) || all.has(e.p))) continue;
        if (!all.has(e.s)) {
          all.add(e.s);
          changed = true;
        }
        const isWhole = e.from === e.on && (preds.get(e.s) ?? []).every((p) => inside.has(p) || whole.has(p));
        if (isWhole && !whole.has(e.s)) {
          whole.add(e.s);
          changed = true;
        }
      }
    }
    return { lastDay, whole: [...whole], all: [...all] };
  }

  /** Units now carrying an abolished unit's ground (empty while the unit exists). */
  async successorsOf(unitId: string): Promise<string[]> {
    return (await this.carriedOn(unitId)).all;
  }

  /**
   * Institutions counted for `unitId` in each year: open during the year (opened_on, closed_on) and, during that year,
   * in the unit's subtree as it was then, or — after the unit was abolished — among those in it on its last day, or
   * in a whole successor's subtree.
   */
  async groundMembers(unitId: string, years: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(years.map((y) => [y, []]));
    if (!years.length) return out;
    const carried = await this.carriedOn(unitId);
    const rows: { y: number; id: string }[] = await this.ds.query(
      `WITH RECURSIVE ${treeCte('tree', '$1')}, ${treeCte('succ', '$3')},
       yrs AS (SELECT y, make_date(y, 1, 1) AS y0, make_date(y, 12, 31) AS y1 FROM unnest($2::int[]) AS y),
       last_members AS (
         SELECT DISTINCT m.institution_id FROM network.institution_units m JOIN tree t ON t.unit_id = m.unit_id
         WHERE $4::date IS NOT NULL AND m.valid_from <= $4::date AND coalesce(m.valid_to, 'infinity'::date) >= $4::date AND t.lo <= $4::date AND t.hi >= $4::date)
       SELECT DISTINCT yrs.y, i.id
       FROM yrs JOIN network.institution_units m ON m.valid_from <= yrs.y1 AND coalesce(m.valid_to, 'infinity'::date) >= yrs.y0
       JOIN network.institutions i ON i.id = m.institution_id
       WHERE (i.opened_on IS NULL OR i.opened_on <= yrs.y1) AND (i.closed_on IS NULL OR i.closed_on >= yrs.y0)
         AND (
           EXISTS (SELECT 1 FROM tree t WHERE t.unit_id = m.unit_id AND greatest(t.lo, m.valid_from, yrs.y0) <= least(t.hi, coalesce(m.valid_to, 'infinity'::date), yrs.y1))
           OR EXISTS (SELECT 1 FROM succ t WHERE t.unit_id = m.unit_id AND greatest(t.lo, m.valid_from, yrs.y0) <= least(t.hi, coalesce(m.valid_to, 'infinity'::date), yrs.y1))
           OR (yrs.y1 > $4::date AND i.id IN (SELECT institution_id FROM last_members))
         )
       ORDER BY 1, 2`,
      [[unitId], years, carried.whole, carried.lastDay],
    );
    for (const r of rows) out.get(Number(r.y))!.push(r.id);
    return out;
  }
}
