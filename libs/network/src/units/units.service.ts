import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, vietnamDate } from '@suotdoi/platform';
import { NetworkErrors } from '../network.errors.js';
import { UNIT_LEVEL_NAMES_VI, type IsoDate, type UnitLevel } from '../network.types.js';
import { UnitsRepository, type UnitLinkRow, type UnitRow } from './units.repository.js';

export type Unit = UnitRow;
export type UnitLink = UnitLinkRow;

/** A unit with its children on the date asked. */
export interface UnitNode extends Unit {
  children: UnitNode[];
}

export interface CreateUnitInput {
  code?: string;
  name: string;
  level: UnitLevel;
  kind?: string | null;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
  /** Parent from `validFrom` (to `validTo`). */
  parentId?: string;
}

const PARENT_LEVELS: Record<UnitLevel, UnitLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
};

/** Pg constraint names → domain errors. */
export function mapNetworkConstraint(err: unknown, code?: string): never {
  const c = (err as { constraint?: string }).constraint;
  if (c === 'admin_units_code_uq' || c === 'institutions_code_uq' || c === 'service_points_code_uq')
    throw NetworkErrors.codeTaken({ code });
  if (c === 'admin_unit_links_one_parent_excl') throw NetworkErrors.parentOverlap();
  if (c === 'institution_units_one_unit_excl') throw NetworkErrors.membershipOverlap();
  throw err;
}

const coversRange = (outer: { validFrom: string; validTo: string | null }, from: string, to: string | null) =>
  outer.validFrom <= from && (outer.validTo === null || (to !== null && outer.validTo >= to));

/** The administrative hierarchy, versioned over time: units and parent links each carry a validity range. */
@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
  ) {}

  /** Today in Vietnam. */
  today(): IsoDate {
    return vietnamDate(this.clock.now());
  }

  async create(input: CreateUnitInput): Promise<Unit> {
    const validTo = input.validTo ?? null;
    if (validTo && validTo < input.validFrom) throw NetworkErrors.invalidRange();
    const code = input.code ?? `U-${randomBytes(5).toString('hex').toUpperCase()}`;
    const id = await this.ds
      .transaction(async (m) => {
        const id = await this.units.insert(m, {
          code,
          name: input.name.normalize('NFC').trim(),
          level: input.level,
          kind: input.kind ?? null,
          validFrom: input.validFrom,
          validTo,
        });
        if (input.parentId) {
          // The link lasts while both exist: a commune created under a district that ends on 30 June 2025 is linked to it until then.
          const parent = await this.units.findById(input.parentId, input.validFrom, m);
          const parentEnd = parent?.validTo ?? null;
          const linkTo = parentEnd === null ? validTo : validTo === null || parentEnd < validTo ? parentEnd : validTo;
          await this.addLink(m, id, input.parentId, input.validFrom, linkTo);
        }
        return id;
      })
      .catch((e: unknown) => mapNetworkConstraint(e, code));
    return (await this.units.findById(id, input.validFrom))!;
  }

  /** Put a unit under `parentId` for [validFrom, validTo]; both units must exist for the whole period. */
  async linkParent(
    unitId: string,
    parentId: string,
    validFrom: IsoDate,
    validTo: IsoDate | null = null,
  ): Promise<UnitLink[]> {
    if (validTo && validTo < validFrom) throw NetworkErrors.invalidRange();
    await this.ds
      .transaction((m) => this.addLink(m, unitId, parentId, validFrom, validTo))
      .catch((e: unknown) => mapNetworkConstraint(e));
    return this.units.links(unitId);
  }

  private async addLink(
    m: EntityManager,
    unitId: string,
    parentId: string,
    validFrom: IsoDate,
    validTo: IsoDate | null,
  ): Promise<void> {
    await this.units.lockUnit(m, unitId);
    const unit = await this.units.findById(unitId, validFrom, m);
    const parent = await this.units.findById(parentId, validFrom, m);
    if (!unit) throw NetworkErrors.unitNotFound({ unitId });
    if (!parent) throw NetworkErrors.unitNotFound({ unitId: parentId });
    if (!PARENT_LEVELS[unit.level].includes(parent.level))
      throw NetworkErrors.parentLevelInvalid({
        level: unit.level,
        parentLevel: parent.level,
        levelVi: UNIT_LEVEL_NAMES_VI[unit.level],
        parentLevelVi: UNIT_LEVEL_NAMES_VI[parent.level],
      });
    if (!coversRange(unit, validFrom, validTo)) throw NetworkErrors.periodOutsideUnit({ unitId });
    if (!coversRange(parent, validFrom, validTo)) throw NetworkErrors.periodOutsideUnit({ unitId: parentId });
    if ((await this.units.ancestors(parentId, validFrom, m)).includes(unitId)) throw NetworkErrors.cycle();
    await this.units.insertLink(m, { unitId, parentId, validFrom, validTo });
  }

  /** The unit stops existing after `validTo` (e.g. a district abolished on 30 June 2025); its links end with it. */
  async end(unitId: string, validTo: IsoDate): Promise<Unit> {
    return this.ds.transaction(async (m) => {
      await this.units.lockUnit(m, unitId);
      const unit = await this.units.findById(unitId, validTo, m);
      if (!unit) throw NetworkErrors.unitNotFound({ unitId });
      if (validTo < unit.validFrom) throw NetworkErrors.invalidRange();
      await this.units.end(m, unitId, validTo);
      return (await this.units.findById(unitId, validTo, m))!;
    });
  }

  async rename(unitId: string, name: string): Promise<Unit> {
    await this.ds.transaction((m) => this.units.rename(m, unitId, name.normalize('NFC').trim()));
    return this.get(unitId);
  }

  /** A unit with its parent as of `asOf` (default today). Units that no longer exist are still found (history). */
  async get(unitId: string, asOf: IsoDate = this.today()): Promise<Unit> {
    const u = await this.units.findById(unitId, asOf);
    if (!u) throw NetworkErrors.unitNotFound({ unitId });
    return u;
  }

  async find(unitId: string, asOf: IsoDate = this.today()): Promise<Unit | undefined> {
    return this.units.findById(unitId, asOf);
  }

  /** Units by code (as of today for the parent). */
  findByCode(code: string, asOf: IsoDate = this.today()): Promise<Unit | undefined> {
    return this.units.findByCode(code, asOf);
  }

  /** Units by id with their parent on `asOf` (unknown ids left out). */
  async describe(ids: string[], asOf: IsoDate = this.today()): Promise<Unit[]> {
    return this.units.findMany(ids, asOf);
  }

  links(unitId: string): Promise<UnitLink[]> {
    return this.units.links(unitId);
  }

  /** Units valid on `asOf` (flat, with parent ids). */
  list(
    asOf: IsoDate = this.today(),
    opts: { rootIds?: string[]; level?: UnitLevel; q?: string } = {},
  ): Promise<Unit[]> {
    return this.units.listAsOf(asOf, opts);
  }

  /** One page of the units valid on `asOf`, each with its parent that day. */
  async page(
    asOf: IsoDate = this.today(),
    opts: { rootIds?: string[]; level?: UnitLevel; q?: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: Unit[]; total: number; limit: number; offset: number }> {
    const { rows, total } = await this.units.pageAsOf(asOf, opts, page);
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  /** The tree as it was on `asOf`: roots are units with no parent that day (or the given roots). */
  async tree(asOf: IsoDate = this.today(), rootIds?: string[]): Promise<UnitNode[]> {
    const rows = await this.units.listAsOf(asOf, { rootIds });
    const nodes = new Map(rows.map((r) => [r.id, { ...r, children: [] as UnitNode[] }]));
    const roots: UnitNode[] = [];
    for (const n of nodes.values()) {
      const parent = n.parentId ? nodes.get(n.parentId) : undefined;
      if (parent && !(rootIds ?? []).includes(n.id)) parent.children.push(n);
      else roots.push(n);
    }
    return roots;
  }

  unitsUnder(unitIds: string[], asOf: IsoDate = this.today()): Promise<string[]> {
    return this.units.under(unitIds, asOf);
  }

  ancestors(unitId: string, asOf: IsoDate = this.today()): Promise<string[]> {
    return this.units.ancestors(unitId, asOf);
  }

  async setPopulation(unitId: string, year: number, population: number, source: string | null = null): Promise<void> {
    await this.get(unitId);
    await this.units.upsertPopulation(unitId, year, population, source);
  }

  /** Population figures of the units (optionally one year). */
  populations(unitIds: string[], year?: number) {
    return this.units.populations(unitIds, year);
  }
}
