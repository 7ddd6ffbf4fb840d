import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsoDate, UnitLevel } from '../network.types.js';

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  level: UnitLevel;
  kind: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  /** Parent as of the date asked (null for a province or when no link covers that date). */
  parentId: string | null;
}

export interface UnitLinkRow {
  id: string;
  unitId: string;
  parentId: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** Which units a list holds: under some roots, of one level, with a name containing `q` (accents ignored). */
export interface UnitFilter {
  rootIds?: string[];
  level?: UnitLevel;
  q?: string;
}

const UNIT_COLUMNS = `u.id, u.code, u.name, u.level, u.kind, u.valid_from::text AS "validFrom", u.valid_to::text AS "validTo"`;
/** A range [from, to] (inclusive, to NULL = open) covers date $n. */
export const covers = (alias: string, param: string) =>
  `(${alias}.valid_from <= ${param}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${param}::date))`;

/** The only place that queries network.admin_units, admin_unit_links and unit_populations. */
@Injectable()
export class UnitsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(
    manager: EntityManager,
    u: {
      code: string;
      name: string;
      level: UnitLevel;
      kind: string | null;
      validFrom: IsoDate;
      validTo: IsoDate | null;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO network.admin_units (code, name, level, kind, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [u.code, u.name, u.level, u.kind, u.validFrom, u.validTo],
    );
    return row.id;
  }

  async codeExists(code: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(`SELECT 1 FROM network.admin_units WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  async findById(id: string, asOf: IsoDate, manager?: EntityManager): Promise<UnitRow | undefined> {
    const [row]: UnitRow[] = await this.m(manager).query(
      `SELECT ${UNIT_COLUMNS}, l.parent_id AS "parentId"
       FROM network.admin_units u LEFT JOIN network.admin_unit_links l ON l.unit_id = u.id AND ${covers('l', '$2')}
       WHERE u.id = $1`,
      [id, asOf],
    );
    return row;
  }

  async findByCode(code: string, asOf: IsoDate): Promise<UnitRow | undefined> {
    const [row]: UnitRow[] = await this.ds.query(
      `SELECT ${UNIT_COLUMNS}, l.parent_id AS "parentId"
       FROM network.admin_units u LEFT JOIN network.admin_unit_links l ON l.unit_id = u.id AND ${covers('l', '$2')}
       WHERE u.code = $1`,
      [code, asOf],
    );
    return row;
  }

  async findMany(ids: string[], asOf: IsoDate): Promise<UnitRow[]> {
    if (!ids.length) return [];
    return this.ds.query(
      `SELECT ${UNIT_COLUMNS}, l.parent_id AS "parentId"
       FROM network.admin_units u LEFT JOIN network.admin_unit_links l ON l.unit_id = u.id AND ${covers('l', '$2')}
       WHERE u.id = ANY($1::uuid[]) ORDER BY u.level, platform.fold_vi(u.name), u.id`,
      [ids, asOf],
    );
  }

  async lockUnit(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`SELECT 1 FROM network.admin_units WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Units valid on `asOf`, each with its parent on that date; optionally only a subtree or one level. */
  async listAsOf(asOf: IsoDate, opts: UnitFilter = {}): Promise<UnitRow[]> {
    const { where, params } = await this.filter(asOf, opts);
    return this.ds.query(
      `SELECT ${UNIT_COLUMNS}, l.parent_id AS "parentId"
       FROM network.admin_units u LEFT JOIN network.admin_unit_links l ON l.unit_id = u.id AND ${covers('l', '$1')}
       WHERE ${where} ORDER BY u.level, platform.fold_vi(u.name), u.id`,
      params,
    );
  }

  /** One page of the units valid on `asOf` (same order as listAsOf), and how many there are in all. */
  async pageAsOf(
    asOf: IsoDate,
    opts: UnitFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: UnitRow[]; total: number }> {
    const { where, params } = await this.filter(asOf, opts);
    const n = params.length;
    const [rows, [{ total }]]: [UnitRow[], { total: number }[]] = await Promise.all([
      this.ds.query(
        `SELECT ${UNIT_COLUMNS}, l.parent_id AS "parentId"
         FROM network.admin_units u LEFT JOIN network.admin_unit_links l ON l.unit_id = u.id AND ${covers('l', '$1')}
         WHERE ${where} ORDER BY u.level, platform.fold_vi(u.name), u.id LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, page.limit, page.offset],
      ),
      this.ds.query(`SELECT count(*)::int AS total FROM network.admin_units u WHERE ${where}`, params),
    ]);
    return { rows, total };
  }

  private async filter(asOf: IsoDate, opts: UnitFilter): Promise<{ where: string; params: unknown[] }> {
    const params: unknown[] = [asOf];
    let where = covers('u', '$1');
    if (opts.rootIds) {
      params.push(await this.under(opts.rootIds, asOf));
      where += ` AND u.id = ANY($${params.length}::uuid[])`;
    }
    if (opts.level) {
      params.push(opts.level);
      where += ` AND u.level = $${params.length}`;
    }
    if (opts.q) {
      params.push(`%${opts.q}%`);
      where += ` AND platform.fold_vi(u.name) LIKE platform.fold_vi($${params.length})`;
    }
    return { where, params };
  }

  /** Ids of the given units and of every unit under them through links valid on `asOf` (units valid on that date). */
  async under(unitIds: string[], asOf: IsoDate, manager?: EntityManager): Promise<string[]> {
    if (!unitIds.length) return [];
    const rows: { id: string }[] = await this.m(manager).query(
      `WITH RECURSIVE tree(id) AS (
         SELECT u.id FROM network.admin_units u WHERE u.id = ANY($1::uuid[]) AND ${covers('u', '$2')}
         UNION
         SELECT l.unit_id FROM network.admin_unit_links l JOIN tree t ON l.parent_id = t.id
         JOIN network.admin_units c ON c.id = l.unit_id
         WHERE ${covers('l', '$2')} AND ${covers('c', '$2')}
       ) SELECT id FROM tree`,
      [unitIds, asOf],
    );
    return rows.map((r) => r.id);
  }

  /** Ancestors of a unit on `asOf`, nearest first. */
  async ancestors(unitId: string, asOf: IsoDate, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.m(manager).query(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT l.parent_id, 1 FROM network.admin_unit_links l WHERE l.unit_id = $1 AND ${covers('l', '$2')}
         UNION ALL
         SELECT l.parent_id, up.depth + 1 FROM network.admin_unit_links l JOIN up ON l.unit_id = up.id
         WHERE ${covers('l', '$2')} AND up.depth < 10
       ) SELECT id FROM up ORDER BY depth`,
      [unitId, asOf],
    );
    return rows.map((r) => r.id);
  }

  async links(unitId: string, manager?: EntityManager): Promise<UnitLinkRow[]> {
    return this.m(manager).query(
      `SELECT id, unit_id AS "unitId", parent_id AS "parentId", valid_from::text AS "validFrom", valid_to::text AS "validTo"
       FROM network.admin_unit_links WHERE unit_id = $1 ORDER BY valid_from`,
      [unitId],
    );
  }

  async insertLink(
    manager: EntityManager,
    l: { unitId: string; parentId: string; validFrom: IsoDate; validTo: IsoDate | null },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO network.admin_unit_links (unit_id, parent_id, valid_from, valid_to) VALUES ($1, $2, $3, $4) RETURNING id`,
      [l.unitId, l.parentId, l.validFrom, l.validTo],
    );
    return row.id;
  }

  /**
   * End a unit on `validTo`, with its open parent link, the open links of its children and the memberships of the
   * institutions in it (they are moved to their new unit separately; history stays as it was).
   */
  async end(manager: EntityManager, unitId: string, validTo: IsoDate): Promise<void> {
    await manager.query(`UPDATE network.admin_units SET valid_to = $2 WHERE id = $1`, [unitId, validTo]);
    await manager.query(
      `UPDATE network.admin_unit_links SET valid_to = $2 WHERE (unit_id = $1 OR parent_id = $1) AND (valid_to IS NULL OR valid_to > $2) AND valid_from <= $2`,
      [unitId, validTo],
    );
    await manager.query(
      `UPDATE network.institution_units SET valid_to = $2 WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to > $2) AND valid_from <= $2`,
      [unitId, validTo],
    );
  }

  async rename(manager: EntityManager, unitId: string, name: string): Promise<void> {
    await manager.query(`UPDATE network.admin_units SET name = $2 WHERE id = $1`, [unitId, name]);
  }

  async upsertPopulation(
    unitId: string,
    year: number,
    population: number,
    source: string | null,
    manager?: EntityManager,
  ): Promise<void> {
    await this.m(manager).query(
      `INSERT INTO network.unit_populations (unit_id, year, population, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_id, year) DO UPDATE SET population = EXCLUDED.population, source = EXCLUDED.source`,
      [unitId, year, population, source],
    );
  }

  async populations(
    unitIds: string[],
    year?: number,
  ): Promise<{ unitId: string; year: number; population: number; source: string | null }[]> {
    return this.ds.query(
      `SELECT unit_id AS "unitId", year, population, source FROM network.unit_populations
       WHERE unit_id = ANY($1::uuid[]) AND ($2::int IS NULL OR year = $2) ORDER BY unit_id, year`,
      [unitIds, year ?? null],
    );
  }
}
