import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, isUniqueViolation, vietnamDate, type Principal } from '@suotdoi/platform';
import { PatronsService } from '@suotdoi/identity';
import { assertOrganiser, EventsAccess } from '../access.js';
import { returning } from '../common/pg.js';
import { EventsErrors } from '../events.errors.js';

export const CLUB_CATEGORIES = [
  'reading',
  'literature',
  'arts',
  'music',
  'language',
  'digital',
  'heritage',
  'science',
  'sports',
  'elderly',
  'other',
] as const;

export interface ClubRow {
  id: string;
  institutionId: string;
  name: string;
  description: string | null;
  category: string;
  foundedOn: string;
  closedOn: string | null;
  members: number;
}

export interface MemberRow {
  id: string;
  patronId: string | null;
  fullName: string | null;
  joinedOn: string;
  leftOn: string | null;
}

const CLUB_COLUMNS = `c.id, c.institution_id AS "institutionId", c.name, c.description, c.category, c.founded_on::text AS "foundedOn", c.closed_on::text AS "closedOn",
  (SELECT count(*)::int FROM events.club_members m WHERE m.club_id = c.id AND m.left_on IS NULL) AS members`;
const MEMBER_COLUMNS = `m.id, m.patron_id AS "patronId", m.full_name AS "fullName", m.joined_on::text AS "joinedOn", m.left_on::text AS "leftOn"`;

/** Clubs (câu lạc bộ): members with join and leave dates; their meetings are programmes with `clubId`. */
@Injectable()
export class ClubsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: EventsAccess,
    private readonly patrons: PatronsService,
    private readonly clock: Clock,
  ) {}

  async create(
    p: Principal,
    input: { institutionId: string; name: string; description?: string; category: string; foundedOn?: string },
  ): Promise<ClubRow> {
    assertOrganiser(p, input.institutionId);
    try {
      const [row]: { id: string }[] = await this.ds.query(
        `INSERT INTO events.clubs (institution_id, name, description, category, founded_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          input.institutionId,
          input.name,
          input.description ?? null,
          input.category,
          input.foundedOn ?? vietnamDate(this.clock.now()),
        ],
      );
      return (await this.find(row.id))!;
    } catch (e) {
      if (isUniqueViolation(e)) throw EventsErrors.nameTaken({ name: input.name });
      throw e;
    }
  }

  find(id: string): Promise<ClubRow | undefined> {
    return this.ds
      .query(`SELECT ${CLUB_COLUMNS} FROM events.clubs c WHERE c.id = $1`, [id])
      .then((r: ClubRow[]) => r[0]);
  }

  async visible(p: Principal, id: string): Promise<ClubRow> {
    const club = await this.find(id);
    if (!club || !(await this.access.reads(p, club.institutionId))) throw EventsErrors.clubNotFound({ clubId: id });
    return club;
  }

  async list(p: Principal, institutionId: string): Promise<ClubRow[]> {
    await this.access.assertReads(p, institutionId);
    return this.ds.query(`SELECT ${CLUB_COLUMNS} FROM events.clubs c WHERE c.institution_id = $1 ORDER BY c.name`, [
      institutionId,
    ]);
  }

  members(clubId: string): Promise<MemberRow[]> {
    return this.ds.query(
      `SELECT ${MEMBER_COLUMNS} FROM events.club_members m WHERE m.club_id = $1 ORDER BY m.left_on NULLS FIRST, m.joined_on, m.full_name`,
      [clubId],
    );
  }

  /** The clubs of these institutions (for plans: each club's `membershipByYear`). */
  clubsOf(institutionIds: string[]): Promise<{ id: string; institutionId: string }[]> {
    return this.ds.query(
      `SELECT c.id, c.institution_id AS "institutionId" FROM events.clubs c WHERE c.institution_id = ANY($1::uuid[]) ORDER BY c.id`,
      [institutionIds],
    );
  }

  /** Members at any time during each year from the club's founding to this year. */
  async membershipByYear(clubId: string): Promise<{ year: number; members: number; meetingsHeld: number }[]> {
    return this.ds.query(
      `SELECT y AS year,
         (SELECT count(*)::int FROM events.club_members m WHERE m.club_id = c.id AND m.joined_on <= make_date(y, 12, 31) AND (m.left_on IS NULL OR m.left_on >= make_date(y, 1, 1))) AS members,
         (SELECT count(*)::int FROM events.sessions s JOIN events.programmes p ON p.id = s.programme_id
            WHERE p.club_id = c.id AND s.status = 'held' AND extract(year FROM s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int = y) AS "meetingsHeld"
       FROM events.clubs c, generate_series(extract(year FROM c.founded_on)::int, $2::int) AS y
       WHERE c.id = $1 ORDER BY y`,
      [clubId, Number(vietnamDate(this.clock.now()).slice(0, 4))],
    );
  }

  async join(
    p: Principal,
    clubId: string,
    input: { cardNumber?: string; fullName?: string; joinedOn?: string },
  ): Promise<MemberRow> {
    const club = await this.visible(p, clubId);
    assertOrganiser(p, club.institutionId);
    if (!!input.cardNumber === !!input.fullName) throw EventsErrors.memberWhoRequired();
    let patronId: string | null = null;
    let fullName = input.fullName ?? null;
    if (input.cardNumber) {
      const patron = await this.patrons.findByCardNumber(input.cardNumber);
      if (!patron) throw EventsErrors.patronNotFound({ cardNumber: input.cardNumber });
      patronId = patron.id;
      fullName = patron.fullName;
    }
    try {
      const [row]: MemberRow[] = await this.ds.query(
        `INSERT INTO events.club_members AS m (club_id, patron_id, full_name, joined_on) VALUES ($1, $2, $3, $4) RETURNING ${MEMBER_COLUMNS}`,
        [clubId, patronId, fullName, input.joinedOn ?? vietnamDate(this.clock.now())],
      );
      return row;
    } catch (e) {
      if (isUniqueViolation(e)) throw EventsErrors.memberExists();
      throw e;
    }
  }

  async leave(p: Principal, clubId: string, memberId: string, leftOn?: string): Promise<MemberRow> {
    const club = await this.visible(p, clubId);
    assertOrganiser(p, club.institutionId);
    const [row] = await returning<MemberRow>(
      this.ds,
      `UPDATE events.club_members m SET left_on = greatest(m.joined_on, $3::date) WHERE m.id = $1 AND m.club_id = $2 AND m.left_on IS NULL RETURNING ${MEMBER_COLUMNS}`,
      [memberId, clubId, leftOn ?? vietnamDate(this.clock.now())],
    );
    if (!row) throw EventsErrors.memberNotFound({ memberId });
    return row;
  }
}
