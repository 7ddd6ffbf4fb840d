import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, type Page } from '@suotdoi/platform';
import { NetworkErrors } from '../network.errors.js';
import type { InstitutionLevel, InstitutionType, IsoDate, ServicePointKind } from '../network.types.js';
import { UnitsService, mapNetworkConstraint } from '../units/units.service.js';
import {
  InstitutionsRepository,
  type InstitutionRow,
  type MembershipRow,
  type ServicePointRow,
} from './institutions.repository.js';

export type Institution = InstitutionRow;
export type InstitutionMembership = MembershipRow;
export type ServicePoint = ServicePointRow;

export interface CreateInstitutionInput {
  code?: string;
  name: string;
  type: InstitutionType;
  level?: InstitutionLevel | null;
  /** Administrative unit it belongs to from `validFrom`. */
  unitId: string;
  validFrom?: IsoDate;
  parentInstitutionId?: string | null;
  address?: string | null;
  openedOn?: IsoDate | null;
}

export interface InstitutionFilter {
  unitIds?: string[];
  types?: InstitutionType[];
  level?: InstitutionLevel;
  q?: string;
  ids?: string[];
}

const newCode = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;

/** Institutions (every legal type of library, museums, cultural centres…), their unit over time, and service points. */
@Injectable()
export class InstitutionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: InstitutionsRepository,
    private readonly units: UnitsService,
  ) {}

  async create(input: CreateInstitutionInput): Promise<Institution> {
    if (input.type === 'public_library' && !input.level) throw NetworkErrors.levelRequired();
    const validFrom = input.validFrom ?? input.openedOn ?? this.units.today();
    const unit = await this.units.find(input.unitId, validFrom);
    if (!unit) throw NetworkErrors.unitNotFound({ unitId: input.unitId });
    if (unit.validFrom > validFrom || (unit.validTo !== null && unit.validTo < validFrom))
      throw NetworkErrors.periodOutsideUnit({ unitId: input.unitId });
    if (input.parentInstitutionId && !(await this.repo.exists(input.parentInstitutionId)))
      throw NetworkErrors.institutionNotFound({ institutionId: input.parentInstitutionId });
    const code = input.code ?? newCode('INS');
    const id = await this.ds
      .transaction(async (m) => {
        const id = await this.repo.insert(m, {
          code,
          name: input.name.normalize('NFC').trim(),
          type: input.type,
          level: input.level ?? null,
          parentInstitutionId: input.parentInstitutionId ?? null,
          address: input.address?.normalize('NFC') ?? null,
          openedOn: input.openedOn ?? null,
        });
        await this.repo.insertMembership(m, id, input.unitId, validFrom, unit.validTo);
        return id;
      })
      .catch((e: unknown) => mapNetworkConstraint(e, code));
    return (await this.repo.findById(id, validFrom))!;
  }

  async update(
    id: string,
    patch: { name?: string; address?: string | null; parentInstitutionId?: string | null; closedOn?: IsoDate | null },
  ): Promise<Institution> {
    await this.ds.transaction(async (m) => {
      if (!(await this.repo.lock(m, id))) throw NetworkErrors.institutionNotFound({ institutionId: id });
      if (patch.parentInstitutionId) {
        if (patch.parentInstitutionId === id || !(await this.repo.exists(patch.parentInstitutionId)))
          throw NetworkErrors.institutionNotFound({ institutionId: patch.parentInstitutionId });
        if ((await this.repo.ancestorsOf(patch.parentInstitutionId, m)).includes(id)) throw NetworkErrors.cycle();
      }
      await this.repo.update(m, id, {
        ...patch,
        name: patch.name?.normalize('NFC').trim(),
        address: patch.address?.normalize('NFC'),
      });
    });
    return this.get(id);
  }

  /** From `validFrom` the institution belongs to `unitId` (its previous membership ends the day before). */
  async moveToUnit(id: string, unitId: string, validFrom: IsoDate): Promise<InstitutionMembership[]> {
    const unit = await this.units.find(unitId, validFrom);
    if (!unit) throw NetworkErrors.unitNotFound({ unitId });
    if (unit.validFrom > validFrom || (unit.validTo !== null && unit.validTo < validFrom))
      throw NetworkErrors.periodOutsideUnit({ unitId });
    await this.ds
      .transaction(async (m) => {
        if (!(await this.repo.lock(m, id))) throw NetworkErrors.institutionNotFound({ institutionId: id });
        await this.repo.closeMembership(m, id, addDays(validFrom, -1));
        await this.repo.insertMembership(m, id, unitId, validFrom, unit.validTo);
      })
      .catch((e: unknown) => mapNetworkConstraint(e));
    return this.repo.memberships(id);
  }

  async get(id: string, asOf: IsoDate = this.units.today()): Promise<Institution> {
    const row = await this.repo.findById(id, asOf);
    if (!row) throw NetworkErrors.institutionNotFound({ institutionId: id });
    return row;
  }

  find(id: string, asOf: IsoDate = this.units.today()): Promise<Institution | undefined> {
    return this.repo.findById(id, asOf);
  }

  findByCode(code: string, asOf: IsoDate = this.units.today()): Promise<Institution | undefined> {
    return this.repo.findByCode(code, asOf);
  }

  findServicePointByCode(code: string): Promise<ServicePoint | undefined> {
    return this.repo.findServicePointByCode(code);
  }

  findMany(ids: string[], asOf: IsoDate = this.units.today()): Promise<Institution[]> {
    return this.repo.findMany(ids, asOf);
  }

  memberships(id: string): Promise<InstitutionMembership[]> {
    return this.repo.memberships(id);
  }

  async list(
    filter: InstitutionFilter,
    pageQ: { limit: number; offset: number },
    asOf: IsoDate = this.units.today(),
  ): Promise<Page<Institution>> {
    const { rows, total } = await this.repo.list(asOf, filter, pageQ.limit, pageQ.offset);
    return { items: rows, total, limit: pageQ.limit, offset: pageQ.offset };
  }

  /** Institutions located in the units or below them, as of `asOf`. */
  async idsUnder(unitIds: string[], asOf: IsoDate = this.units.today()): Promise<string[]> {
    return this.repo.idsInUnits(await this.units.unitsUnder(unitIds, asOf), asOf);
  }

  async addServicePoint(
    institutionId: string,
    s: { code?: string; name: string; kind: ServicePointKind; address?: string | null },
  ): Promise<ServicePoint> {
    const code = s.code ?? newCode('SP');
    const id = await this.ds
      .transaction(async (m) => {
        if (!(await this.repo.lock(m, institutionId))) throw NetworkErrors.institutionNotFound({ institutionId });
        return this.repo.insertServicePoint(m, {
          institutionId,
          code,
          name: s.name.normalize('NFC').trim(),
          kind: s.kind,
          address: s.address?.normalize('NFC') ?? null,
        });
      })
      .catch((e: unknown) => mapNetworkConstraint(e, code));
    return (await this.repo.findServicePoint(id))!;
  }

  async updateServicePoint(
    id: string,
    patch: { name?: string; address?: string | null; active?: boolean },
  ): Promise<ServicePoint> {
    await this.getServicePoint(id);
    await this.repo.updateServicePoint(id, { ...patch, name: patch.name?.normalize('NFC').trim() });
    return this.getServicePoint(id);
  }

  async getServicePoint(id: string): Promise<ServicePoint> {
    const sp = await this.repo.findServicePoint(id);
    if (!sp) throw NetworkErrors.servicePointNotFound({ servicePointId: id });
    return sp;
  }

  resolveLocations(ids: string[]) {
    return this.repo.resolveLocations(ids);
  }

  unitsOnDays(institutionIds: string[], days: IsoDate[]) {
    return this.repo.unitsOnDays(institutionIds, days);
  }

  findServicePoint(id: string): Promise<ServicePoint | undefined> {
    return this.repo.findServicePoint(id);
  }

  servicePoints(institutionId: string): Promise<ServicePoint[]> {
    return this.repo.servicePointsOf(institutionId);
  }
}
