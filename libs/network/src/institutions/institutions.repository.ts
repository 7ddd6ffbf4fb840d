import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { assignments } from '@suotdoi/platform';
import type { InstitutionLevel, InstitutionType, IsoDate, ServicePointKind } from '../network.types.js';
import { covers } from '../units/units.repository.js';

export interface InstitutionRow {
  id: string;
  code: string;
  name: string;
  type: InstitutionType;
  level: InstitutionLevel | null;
  parentInstitutionId: string | null;
  address: string | null;
  openedOn: IsoDate | null;
  closedOn: IsoDate | null;
  /** Unit it belonged to on the date asked (null if none). */
  unitId: string | null;
}

export interface MembershipRow {
  id: string;
  unitId: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface ServicePointRow {
  id: string;
  institutionId: string;
  code: string;
  name: string;
  kind: ServicePointKind;
  address: string | null;
  active: boolean;
}

const COLUMNS = `i.id, i.code, i.name, i.type, i.level, i.parent_institution_id AS "parentInstitutionId", i.address,
  i.opened_on::text AS "openedOn", i.closed_on::text AS "closedOn", m.unit_id AS "unitId"`;
const SP_COLUMNS = `id, institution_id AS "institutionId", code, name, kind, address, active`;

/** The only place that queries network.institutions, institution_units and service_points. */
@Injectable()
export class InstitutionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(
    manager: EntityManager,
    i: {
      code: string;
      name: string;
      type: InstitutionType;
      level: InstitutionLevel | null;
      parentInstitutionId: string | null;
      address: string | null;
      openedOn: IsoDate | null;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO network.institutions (code, name, type, level, parent_institution_id, address, opened_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [i.code, i.name, i.type, i.level, i.parentInstitutionId, i.address, i.openedOn],
    );
    return row.id;
  }

  async update(
    manager: EntityManager,
    id: string,
    patch: { name?: string; address?: string | null; parentInstitutionId?: string | null; closedOn?: IsoDate | null },
  ): Promise<void> {
    const params: unknown[] = [id];
    const { sets } = assignments(
      { name: 'name', address: 'address', parentInstitutionId: 'parent_institution_id', closedOn: 'closed_on' },
      patch,
      params,
    );
    if (!sets.length) return;
    await manager.query(`UPDATE network.institutions SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  async lock(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM network.institutions WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  async findById(id: string, asOf: IsoDate, manager?: EntityManager): Promise<InstitutionRow | undefined> {
    const [row]: InstitutionRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM network.institutions i LEFT JOIN network.institution_units m ON m.institution_id = i.id AND ${covers('m', '$2')} WHERE i.id = $1`,
      [id, asOf],
    );
    return row;
  }

  async findByCode(code: string, asOf: IsoDate): Promise<InstitutionRow | undefined> {
    const [row]: InstitutionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM network.institutions i LEFT JOIN network.institution_units m ON m.institution_id = i.id AND ${covers('m', '$2')} WHERE i.code = $1`,
      [code, asOf],
    );
    return row;
  }

  async findServicePointByCode(code: string): Promise<ServicePointRow | undefined> {
    const [row]: ServicePointRow[] = await this.ds.query(
      `SELECT ${SP_COLUMNS} FROM network.service_points WHERE code = $1`,
      [code],
    );
    return row;
  }

  async findMany(ids: string[], asOf: IsoDate): Promise<InstitutionRow[]> {
    if (!ids.length) return [];
    return this.ds.query(
      `SELECT ${COLUMNS} FROM network.institutions i LEFT JOIN network.institution_units m ON m.institution_id = i.id AND ${covers('m', '$2')}
       WHERE i.id = ANY($1::uuid[]) ORDER BY platform.fold_vi(i.name), i.id`,
      [ids, asOf],
    );
  }

  async list(
    asOf: IsoDate,
    f: { unitIds?: string[]; types?: InstitutionType[]; level?: InstitutionLevel; q?: string; ids?: string[] },
    limit: number,
    offset: number,
  ): Promise<{ rows: InstitutionRow[]; total: number }> {
    const params: unknown[] = [asOf];
    const where: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.unitIds) where.push(`m.unit_id = ANY(${p(f.unitIds)}::uuid[])`);
    if (f.ids) where.push(`i.id = ANY(${p(f.ids)}::uuid[])`);
    if (f.types?.length) where.push(`i.type = ANY(${p(f.types)}::text[])`);
    if (f.level) where.push(`i.level = ${p(f.level)}`);
    if (f.q) where.push(`platform.fold_vi(i.name) LIKE '%' || platform.fold_vi(${p(f.q)}) || '%'`);
    const sql = `FROM network.institutions i LEFT JOIN network.institution_units m ON m.institution_id = i.id AND ${covers('m', '$1')}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [{ total }]: { total: string }[] = await this.ds.query(`SELECT count(*) AS total ${sql}`, params);
    const rows: InstitutionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} ${sql} ORDER BY platform.fold_vi(i.name), i.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { rows, total: Number(total) };
  }

  /** Institutions whose unit on `asOf` is one of `unitIds`. */
  async idsInUnits(unitIds: string[], asOf: IsoDate, manager?: EntityManager): Promise<string[]> {
    if (!unitIds.length) return [];
    const rows: { id: string }[] = await this.m(manager).query(
      `SELECT m.institution_id AS id FROM network.institution_units m WHERE m.unit_id = ANY($1::uuid[]) AND ${covers('m', '$2')}`,
      [unitIds, asOf],
    );
    return rows.map((r) => r.id);
  }

  async memberships(institutionId: string, manager?: EntityManager): Promise<MembershipRow[]> {
    return this.m(manager).query(
      `SELECT id, unit_id AS "unitId", valid_from::text AS "validFrom", valid_to::text AS "validTo"
       FROM network.institution_units WHERE institution_id = $1 ORDER BY valid_from`,
      [institutionId],
    );
  }

  async insertMembership(
    manager: EntityManager,
    institutionId: string,
    unitId: string,
    validFrom: IsoDate,
    validTo: IsoDate | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO network.institution_units (institution_id, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)`,
      [institutionId, unitId, validFrom, validTo],
    );
  }

  /** Close the membership open on `lastDay + 1` so a new one can start the day after. */
  async closeMembership(manager: EntityManager, institutionId: string, lastDay: IsoDate): Promise<void> {
    await manager.query(
      `UPDATE network.institution_units SET valid_to = $2 WHERE institution_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)`,
      [institutionId, lastDay],
    );
  }

  async ancestorsOf(institutionId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.m(manager).query(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT parent_institution_id, 1 FROM network.institutions WHERE id = $1 AND parent_institution_id IS NOT NULL
         UNION ALL
         SELECT i.parent_institution_id, up.depth + 1 FROM network.institutions i JOIN up ON i.id = up.id
         WHERE i.parent_institution_id IS NOT NULL AND up.depth < 20
       ) SELECT id FROM up`,
      [institutionId],
    );
    return rows.map((r) => r.id);
  }

  // service points

  async insertServicePoint(
    manager: EntityManager,
    s: { institutionId: string; code: string; name: string; kind: ServicePointKind; address: string | null },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO network.service_points (institution_id, code, name, kind, address) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [s.institutionId, s.code, s.name, s.kind, s.address],
    );
    return row.id;
  }

  async updateServicePoint(
    id: string,
    patch: { name?: string; address?: string | null; active?: boolean },
  ): Promise<void> {
    await this.ds.query(
      `UPDATE network.service_points SET name = coalesce($2, name), address = CASE WHEN $3::boolean THEN $4 ELSE address END, active = coalesce($5, active) WHERE id = $1`,
      [id, patch.name ?? null, patch.address !== undefined, patch.address ?? null, patch.active ?? null],
    );
  }

  /** Institution or service point ids → their institution (and service point), in one query. */
  async resolveLocations(
    ids: string[],
  ): Promise<{ id: string; institutionId: string; servicePointId: string | null }[]> {
    return this.ds.query(
      `SELECT x.id, COALESCE(i.id, sp.institution_id) AS "institutionId", sp.id AS "servicePointId"
         FROM unnest($1::uuid[]) AS x(id)
         LEFT JOIN network.institutions i ON i.id = x.id
         LEFT JOIN network.service_points sp ON sp.id = x.id
        WHERE i.id IS NOT NULL OR sp.id IS NOT NULL`,
      [ids],
    );
  }

  /** The unit of each (institution, day) pair, in one query; pairs without a membership that day are left out. */
  async unitsOnDays(
    institutionIds: string[],
    days: IsoDate[],
  ): Promise<{ institutionId: string; day: IsoDate; unitId: string }[]> {
    return this.ds.query(
      `SELECT p.institution_id AS "institutionId", p.day::text AS day, m.unit_id AS "unitId"
         FROM unnest($1::uuid[], $2::date[]) AS p(institution_id, day)
         JOIN network.institution_units m ON m.institution_id = p.institution_id AND ${covers('m', 'p.day')}`,
      [institutionIds, days],
    );
  }

  async findServicePoint(id: string): Promise<ServicePointRow | undefined> {
    const [row]: ServicePointRow[] = await this.ds.query(
      `SELECT ${SP_COLUMNS} FROM network.service_points WHERE id = $1`,
      [id],
    );
    return row;
  }

  servicePointsOf(institutionId: string): Promise<ServicePointRow[]> {
    return this.ds.query(
      `SELECT ${SP_COLUMNS} FROM network.service_points WHERE institution_id = $1 ORDER BY platform.fold_vi(name), id`,
      [institutionId],
    );
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM network.institutions WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
