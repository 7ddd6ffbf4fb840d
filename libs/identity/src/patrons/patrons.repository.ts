import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import { PrincipalCache } from '../accounts/principal-cache.js';
import { assignments } from '../sql.js';

export const PATRON_CATEGORIES = ['child', 'student', 'adult', 'senior', 'teacher', 'organisation'] as const;
export type PatronCategory = (typeof PATRON_CATEGORIES)[number];
export type PatronStatus = 'pending' | 'active' | 'suspended' | 'erased';

export interface PatronRecord {
  id: string;
  accountId: string;
  fullName: string | null;
  birthDate: string | null;
  birthYear: number | null;
  category: PatronCategory;
  cardNumber: string | null;
  cardIssuedOn: string | null;
  cardExpiresOn: string | null;
  homeInstitutionId: string;
  address: string | null;
  status: PatronStatus;
  registrationChannel: 'self' | 'desk';
  createdAt: Date;
}

export interface ConsentRecord {
  id: string;
  patronId: string;
  party: 'child' | 'guardian';
  givenByName: string;
  relationship: string | null;
  recordedBy: string | null;
  recordedAt: Date;
  withdrawnAt: Date | null;
}

const COLUMNS = `p.id, p.account_id AS "accountId", p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.birth_year AS "birthYear", p.category,
  p.card_number AS "cardNumber", p.card_issued_on::text AS "cardIssuedOn", p.card_expires_on::text AS "cardExpiresOn", p.home_institution_id AS "homeInstitutionId",
  p.address, p.status, p.registration_channel AS "registrationChannel", p.created_at AS "createdAt"`;
const CONSENT_COLUMNS = `id, patron_id AS "patronId", party, given_by_name AS "givenByName", relationship, recorded_by AS "recordedBy", recorded_at AS "recordedAt", withdrawn_at AS "withdrawnAt"`;

/** The only place that queries identity.patrons and identity.consents. */
@Injectable()
export class PatronsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly principals: PrincipalCache,
  ) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(
    manager: EntityManager,
    p: {
      accountId: string;
      fullName: string;
      birthDate: string | null;
      category: PatronCategory;
      homeInstitutionId: string;
      address: string | null;
      channel: 'self' | 'desk';
      registeredBy: string | null;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO identity.patrons (account_id, full_name, birth_date, birth_year, category, home_institution_id, address, status, registration_channel, registered_by)
       VALUES ($1, $2, $3, extract(year FROM $3::date), $4, $5, $6, 'pending', $7, $8) RETURNING id`,
      [p.accountId, p.fullName, p.birthDate, p.category, p.homeInstitutionId, p.address, p.channel, p.registeredBy],
    );
    this.principals.changed(manager);
    return row.id;
  }

  async findById(id: string, manager?: EntityManager, lock = false): Promise<PatronRecord | undefined> {
    const [row]: PatronRecord[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM identity.patrons p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findByAccount(accountId: string, manager?: EntityManager): Promise<PatronRecord | undefined> {
    const [row]: PatronRecord[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM identity.patrons p WHERE p.account_id = $1`,
      [accountId],
    );
    return row;
  }

  async findByCardNumber(cardNumber: string, manager?: EntityManager): Promise<PatronRecord | undefined> {
    const [row] = await preparedQuery<PatronRecord>(
      this.m(manager),
      `SELECT ${COLUMNS} FROM identity.patrons p WHERE p.card_number = upper($1)`,
      [cardNumber.trim()],
    );
    return row;
  }

  async findMany(ids: string[]): Promise<PatronRecord[]> {
    if (!ids.length) return [];
    return this.ds.query(`SELECT ${COLUMNS} FROM identity.patrons p WHERE p.id = ANY($1::uuid[])`, [ids]);
  }

  async search(
    f: { institutionIds: string[] | null; q?: string; cardNumber?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: PatronRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = [`p.status <> 'erased'`];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.institutionIds) where.push(`p.home_institution_id = ANY(${p(f.institutionIds)}::uuid[])`);
    if (f.cardNumber) where.push(`p.card_number = upper(${p(f.cardNumber.trim())})`);
    if (f.q) where.push(`platform.fold_vi(p.full_name) LIKE '%' || platform.fold_vi(${p(f.q)}) || '%'`);
    const w = `WHERE ${where.join(' AND ')}`;
    const [{ total }]: { total: string }[] = await this.ds.query(
      `SELECT count(*) AS total FROM identity.patrons p ${w}`,
      params,
    );
    const rows: PatronRecord[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM identity.patrons p ${w} ORDER BY platform.fold_vi(p.full_name), p.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return { rows, total: Number(total) };
  }

  async nextCardSequence(manager: EntityManager): Promise<number> {
    const [row]: { n: string }[] = await manager.query(`SELECT nextval('identity.card_number_seq') AS n`);
    return Number(row.n);
  }

  async issueCard(
    manager: EntityManager,
    id: string,
    cardNumber: string,
    issuedOn: string,
    expiresOn: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE identity.patrons SET card_number = $2, card_issued_on = $3, card_expires_on = $4, status = 'active', updated_at = now() WHERE id = $1`,
      [id, cardNumber, issuedOn, expiresOn],
    );
    this.principals.changed(manager);
  }

  async update(
    manager: EntityManager,
    id: string,
    patch: Partial<{
      fullName: string;
      address: string | null;
      category: PatronCategory;
      cardExpiresOn: string;
      status: PatronStatus;
      birthDate: string;
    }>,
  ): Promise<void> {
    const params: unknown[] = [id];
    const { sets, positions } = assignments(
      {
        fullName: 'full_name',
        address: 'address',
        category: 'category',
        cardExpiresOn: 'card_expires_on',
        status: 'status',
        birthDate: 'birth_date',
      },
      patch,
      params,
    );
    if (positions.birthDate) sets.push(`birth_year = extract(year FROM $${positions.birthDate}::date)`);
    if (!sets.length) return;
    await manager.query(`UPDATE identity.patrons SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
    if (patch.status !== undefined) this.principals.changed(manager);
  }

  /** Remove everything that identifies the person; keep id (the pseudonymous key), category, birth year, home institution. */
  async erase(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM identity.consents WHERE patron_id = $1`, [id]);
    await manager.query(
      `UPDATE identity.patrons SET full_name = NULL, birth_date = NULL, card_number = NULL, address = NULL, status = 'erased', erased_at = now(), updated_at = now() WHERE id = $1`,
      [id],
    );
    this.principals.changed(manager);
  }

  async insertConsent(
    manager: EntityManager,
    c: {
      patronId: string;
      party: 'child' | 'guardian';
      givenByName: string;
      relationship: string | null;
      recordedBy: string | null;
    },
  ): Promise<ConsentRecord> {
    const [row]: ConsentRecord[] = await manager.query(
      `INSERT INTO identity.consents (patron_id, party, given_by_name, relationship, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${CONSENT_COLUMNS}`,
      [c.patronId, c.party, c.givenByName, c.relationship, c.recordedBy],
    );
    return row;
  }

  consents(patronId: string, manager?: EntityManager): Promise<ConsentRecord[]> {
    return this.m(manager).query(
      `SELECT ${CONSENT_COLUMNS} FROM identity.consents WHERE patron_id = $1 ORDER BY recorded_at, id`,
      [patronId],
    );
  }

  async withdrawConsent(manager: EntityManager, patronId: string, consentId: string): Promise<boolean> {
    const res: [unknown[], number] = await manager.query(
      `UPDATE identity.consents SET withdrawn_at = now() WHERE id = $1 AND patron_id = $2 AND withdrawn_at IS NULL`,
      [consentId, patronId],
    );
    return res[1] > 0;
  }

  /** Counts by home institution, category and status, erased included (statistics survive erasure). */
  statistics(
    institutionIds: string[],
  ): Promise<{ institutionId: string; category: PatronCategory; status: PatronStatus; count: number }[]> {
    return this.ds.query(
      `SELECT home_institution_id AS "institutionId", category, status, count(*)::int AS count FROM identity.patrons
       WHERE home_institution_id = ANY($1::uuid[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [institutionIds],
    );
  }
}
