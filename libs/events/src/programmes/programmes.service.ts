import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { assignments, isUniqueViolation, type Principal } from '@suotdoi/platform';
import { assertOrganiser, EventsAccess } from '../access.js';
import { isExclusionViolation } from '../common/pg.js';
import { occurrences, vietnamInstant, type Occurrence } from '../common/time.js';
import { EventsErrors } from '../events.errors.js';
import type { PromotionMode, RegistrationMode, SessionStatus } from '../events.types.js';

export interface RoomRow {
  id: string;
  institutionId: string;
  name: string;
  seats: number | null;
  setupMinutes: number;
  cleardownMinutes: number;
}

export interface ProgrammeRow {
  id: string;
  institutionId: string;
  clubId: string | null;
  title: string;
  description: string | null;
  category: string;
  audiences: string[];
  language: string;
  organisers: string[];
  partners: string[];
  registration: RegistrationMode;
  promotion: PromotionMode;
  claimHours: number;
  minAge: number | null;
  maxAge: number | null;
  cancelHoursBefore: number;
  template: string | null;
  createdAt: Date;
}

export interface SessionRow {
  id: string;
  programmeId: string;
  programmeTitle: string;
  institutionId: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  roomName: string | null;
  place: string | null;
  online: boolean;
  capacity: number | null;
  confirmedSeats: number;
  waitlistLength: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  status: SessionStatus;
  attended: number;
  walkIns: number;
  onlineAttendees: number;
  headcount: number | null;
  heldAt: Date | null;
}

export const ROOM_COLUMNS = `r.id, r.institution_id AS "institutionId", r.name, r.seats, r.setup_minutes AS "setupMinutes", r.cleardown_minutes AS "cleardownMinutes"`;
export const PROGRAMME_COLUMNS = `p.id, p.institution_id AS "institutionId", p.club_id AS "clubId", p.title, p.description, p.category, p.audiences, p.language,
  p.organisers, p.partners, p.registration, p.promotion, p.claim_hours AS "claimHours", p.min_age AS "minAge", p.max_age AS "maxAge",
  p.cancel_hours_before AS "cancelHoursBefore", p.template, p.created_at AS "createdAt"`;
export const SESSION_COLUMNS = `s.id, s.programme_id AS "programmeId", p.title AS "programmeTitle", s.institution_id AS "institutionId", s.starts_at AS "startsAt",
  s.ends_at AS "endsAt", s.room_id AS "roomId", r.name AS "roomName", s.place, s.online, s.capacity, s.confirmed_seats AS "confirmedSeats",
  s.waitlist_length AS "waitlistLength", s.registration_opens_at AS "registrationOpensAt", s.registration_closes_at AS "registrationClosesAt", s.status,
  s.attended, s.walk_ins AS "walkIns", s.online_attendees AS "onlineAttendees", s.headcount, s.held_at AS "heldAt"`;
export const SESSION_FROM = `events.sessions s JOIN events.programmes p ON p.id = s.programme_id LEFT JOIN events.rooms r ON r.id = s.room_id`;

export interface ScheduleInput {
  startsAt: string;
  endsAt: string;
  rrule?: string;
  roomId?: string;
  place?: string;
  online?: boolean;
  capacity?: number;
  registrationOpensAt?: string;
  registrationClosesAt?: string;
}

export interface ProgrammeInput {
  institutionId: string;
  title: string;
  description?: string;
  category: string;
  audiences?: string[];
  language?: string;
  organisers?: string[];
  partners?: string[];
  registration?: RegistrationMode;
  promotion?: PromotionMode;
  claimHours?: number;
  minAge?: number;
  maxAge?: number;
  cancelHoursBefore?: number;
  clubId?: string;
  schedule?: ScheduleInput;
  template?: string;
}

/** Fields of a programme staff may change after creating it; null clears an optional one. */
export interface ProgrammePatch {
  title?: string;
  description?: string | null;
  category?: string;
  audiences?: string[];
  organisers?: string[];
  partners?: string[];
  minAge?: number | null;
  maxAge?: number | null;
  cancelHoursBefore?: number;
}

/** Programmes, their sessions and the rooms they book. Capacity and registrations live in RegistrationsService. */
@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: EventsAccess,
  ) {}

  // ---- rooms ----

  async createRoom(
    p: Principal,
    input: { institutionId: string; name: string; seats?: number; setupMinutes?: number; cleardownMinutes?: number },
  ): Promise<RoomRow> {
    assertOrganiser(p, input.institutionId);
    try {
      const [row]: RoomRow[] = await this.ds.query(
        `INSERT INTO events.rooms AS r (institution_id, name, seats, setup_minutes, cleardown_minutes) VALUES ($1, $2, $3, $4, $5) RETURNING ${ROOM_COLUMNS}`,
        [input.institutionId, input.name, input.seats ?? null, input.setupMinutes ?? 0, input.cleardownMinutes ?? 0],
      );
      return row;
    } catch (e) {
      if (isUniqueViolation(e)) throw EventsErrors.nameTaken({ name: input.name });
      throw e;
    }
  }

  async rooms(p: Principal, institutionId: string): Promise<RoomRow[]> {
    await this.access.assertReads(p, institutionId);
    return this.ds.query(`SELECT ${ROOM_COLUMNS} FROM events.rooms r WHERE r.institution_id = $1 ORDER BY r.name`, [
      institutionId,
    ]);
  }

  // ---- programmes ----

  async create(
    p: Principal,
    input: ProgrammeInput,
    createdBy?: string,
  ): Promise<{ programme: ProgrammeRow; sessions: SessionRow[] }> {
    assertOrganiser(p, input.institutionId);
    if (input.minAge !== undefined && input.maxAge !== undefined && input.maxAge < input.minAge)
      throw EventsErrors.tooOld({ maxAge: input.maxAge });
    const planned = input.schedule ? this.plan(input.schedule) : undefined;
    const id = await this.ds.transaction(async (m) => {
      if (input.clubId) {
        const [club] = await m.query(`SELECT 1 FROM events.clubs WHERE id = $1 AND institution_id = $2`, [
          input.clubId,
          input.institutionId,
        ]);
        if (!club) throw EventsErrors.clubNotFound({ clubId: input.clubId });
      }
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO events.programmes (institution_id, club_id, title, description, category, audiences, language, organisers, partners, registration, promotion,
           claim_hours, min_age, max_age, cancel_hours_before, template, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          input.institutionId,
          input.clubId ?? null,
          input.title,
          input.description ?? null,
          input.category,
          input.audiences ?? [],
          input.language ?? 'vie',
          input.organisers ?? [],
          input.partners ?? [],
          input.registration ?? 'session',
          input.promotion ?? 'auto',
          input.claimHours ?? 24,
          input.minAge ?? null,
          input.maxAge ?? null,
          input.cancelHoursBefore ?? 0,
          input.template ?? null,
          createdBy ?? p.accountId,
        ],
      );
      if (planned) await this.insertSessions(m, row.id, input.institutionId, planned);
      return row.id;
    });
    return this.read(id);
  }

  /** Change what a programme says about itself (title, description, category, audiences, organisers, ages…). */
  async update(
    p: Principal,
    id: string,
    patch: ProgrammePatch,
  ): Promise<{ programme: ProgrammeRow; sessions: SessionRow[] }> {
    const current = await this.programme(id);
    if (!current || !(await this.access.reads(p, current.institutionId)))
      throw EventsErrors.programmeNotFound({ programmeId: id });
    assertOrganiser(p, current.institutionId);
    await this.ds.transaction(async (m) => {
      const [row]: { minAge: number | null; maxAge: number | null }[] = await m.query(
        `SELECT min_age AS "minAge", max_age AS "maxAge" FROM events.programmes WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const minAge = patch.minAge === undefined ? row.minAge : patch.minAge;
      const maxAge = patch.maxAge === undefined ? row.maxAge : patch.maxAge;
      if (minAge !== null && maxAge !== null && maxAge < minAge) throw EventsErrors.ageRangeInvalid({ minAge, maxAge });
      const params: unknown[] = [id];
      const { sets } = assignments(
        {
          title: 'title',
          description: 'description',
          category: 'category',
          audiences: 'audiences',
          organisers: 'organisers',
          partners: 'partners',
          minAge: 'min_age',
          maxAge: 'max_age',
          cancelHoursBefore: 'cancel_hours_before',
        },
        patch,
        params,
      );
      if (sets.length) await m.query(`UPDATE events.programmes SET ${sets.join(', ')} WHERE id = $1`, params);
    });
    return this.read(id);
  }

  /** Add sessions (one, or a series by rule) to a programme: all or nothing. */
  async addSessions(p: Principal, programmeId: string, schedule: ScheduleInput): Promise<SessionRow[]> {
    const programme = await this.programme(programmeId);
    if (!programme) throw EventsErrors.programmeNotFound({ programmeId });
    if (!(await this.access.reads(p, programme.institutionId))) throw EventsErrors.programmeNotFound({ programmeId });
    assertOrganiser(p, programme.institutionId);
    const planned = this.plan(schedule);
    const ids = await this.ds.transaction((m) => this.insertSessions(m, programmeId, programme.institutionId, planned));
    return this.sessionsByIds(ids);
  }

  private plan(s: ScheduleInput): {
    occurrences: Occurrence[];
    s: ScheduleInput;
    opensAt: Date | null;
    closesAt: Date | null;
  } {
    const first = { startsAt: vietnamInstant(s.startsAt), endsAt: vietnamInstant(s.endsAt) };
    if (!s.roomId && !s.place && !s.online) throw EventsErrors.placeRequired();
    const opensAt = s.registrationOpensAt ? vietnamInstant(s.registrationOpensAt) : null;
    const closesAt = s.registrationClosesAt ? vietnamInstant(s.registrationClosesAt) : null;
    if (opensAt && closesAt && closesAt <= opensAt) throw EventsErrors.windowInvalid();
    return { occurrences: occurrences(first, s.rrule), s, opensAt, closesAt };
  }

  private async insertSessions(
    m: EntityManager,
    programmeId: string,
    institutionId: string,
    planned: ReturnType<ProgrammesService['plan']>,
  ): Promise<string[]> {
    const { s } = planned;
    let room: RoomRow | undefined;
    if (s.roomId) {
      [room] = await m.query(`SELECT ${ROOM_COLUMNS} FROM events.rooms r WHERE r.id = $1 AND r.institution_id = $2`, [
        s.roomId,
        institutionId,
      ]);
      if (!room) throw EventsErrors.roomNotFound({ roomId: s.roomId });
      if (room.seats !== null && s.capacity !== undefined && s.capacity > room.seats)
        throw EventsErrors.capacityAboveRoom({ room: room.name, seats: room.seats });
    }
    const first = planned.occurrences[0].startsAt.getTime();
    const ids: string[] = [];
    for (const o of planned.occurrences) {
      // A window given for the first session moves with each repetition.
      const shift = o.startsAt.getTime() - first;
      const opens = planned.opensAt ? new Date(planned.opensAt.getTime() + shift) : null;
      const closes = planned.closesAt ? new Date(planned.closesAt.getTime() + shift) : o.startsAt;
      try {
        const [row]: { id: string }[] = await m.query(
          `INSERT INTO events.sessions (programme_id, institution_id, starts_at, ends_at, room_id, room_booking, place, online, capacity, registration_opens_at, registration_closes_at)
           VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::uuid IS NULL THEN NULL ELSE tstzrange($3::timestamptz - make_interval(mins => $11::int), $4::timestamptz + make_interval(mins => $12::int), '[)') END,
                   $6, $7, $8, $9, $10)
           RETURNING id`,
          [
            programmeId,
            institutionId,
            o.startsAt,
            o.endsAt,
            room?.id ?? null,
            s.place ?? null,
            s.online ?? false,
            s.capacity ?? null,
            opens,
            closes,
            room?.setupMinutes ?? 0,
            room?.cleardownMinutes ?? 0,
          ],
        );
        ids.push(row.id);
      } catch (e) {
        if (isExclusionViolation(e, 'sessions_room_no_overlap_excl'))
          throw EventsErrors.roomTaken({ room: room?.name ?? '' });
        throw e;
      }
    }
    return ids;
  }

  /** Move a session or change its room or place (capacity changes go through RegistrationsService). */
  async moveSession(
    p: Principal,
    sessionId: string,
    patch: { startsAt?: string; endsAt?: string; roomId?: string | null; place?: string },
  ): Promise<void> {
    const s = await this.visibleSession(p, sessionId);
    assertOrganiser(p, s.institutionId);
    const startsAt = patch.startsAt ? vietnamInstant(patch.startsAt) : s.startsAt;
    const endsAt = patch.endsAt ? vietnamInstant(patch.endsAt) : s.endsAt;
    if (endsAt <= startsAt) throw EventsErrors.endsBeforeStart();
    const roomId = patch.roomId === undefined ? s.roomId : patch.roomId;
    let room: RoomRow | undefined;
    if (roomId) {
      [room] = await this.ds.query(
        `SELECT ${ROOM_COLUMNS} FROM events.rooms r WHERE r.id = $1 AND r.institution_id = $2`,
        [roomId, s.institutionId],
      );
      if (!room) throw EventsErrors.roomNotFound({ roomId });
      if (room.seats !== null && s.capacity !== null && s.capacity > room.seats)
        throw EventsErrors.capacityAboveRoom({ room: room.name, seats: room.seats });
    } else if (!(patch.place ?? s.place) && !s.online) throw EventsErrors.placeRequired();
    try {
      await this.ds.query(
        `UPDATE events.sessions SET starts_at = $2, ends_at = $3, room_id = $4, place = $5,
           room_booking = CASE WHEN $4::uuid IS NULL THEN NULL ELSE tstzrange($2::timestamptz - make_interval(mins => $6::int), $3::timestamptz + make_interval(mins => $7::int), '[)') END,
           registration_closes_at = CASE WHEN registration_closes_at = starts_at THEN $2 ELSE registration_closes_at END
         WHERE id = $1`,
        [
          sessionId,
          startsAt,
          endsAt,
          room?.id ?? null,
          patch.place ?? s.place,
          room?.setupMinutes ?? 0,
          room?.cleardownMinutes ?? 0,
        ],
      );
    } catch (e) {
      if (isExclusionViolation(e, 'sessions_room_no_overlap_excl'))
        throw EventsErrors.roomTaken({ room: room?.name ?? '' });
      throw e;
    }
  }

  // ---- reads ----

  programme(id: string, m?: EntityManager): Promise<ProgrammeRow | undefined> {
    return (m ?? this.ds.manager)
      .query(`SELECT ${PROGRAMME_COLUMNS} FROM events.programmes p WHERE p.id = $1`, [id])
      .then((r: ProgrammeRow[]) => r[0]);
  }

  session(id: string, m?: EntityManager): Promise<SessionRow | undefined> {
    return (m ?? this.ds.manager)
      .query(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $1`, [id])
      .then((r: SessionRow[]) => r[0]);
  }

  /** A session and its programme in one round trip (the registration path reads both). */
  async sessionWithProgramme(id: string): Promise<{ session: SessionRow; programme: ProgrammeRow } | undefined> {
    const [row]: (SessionRow & { programme: ProgrammeRow })[] = await this.ds.query(
      `SELECT ${SESSION_COLUMNS}, (SELECT to_json(x) FROM (SELECT ${PROGRAMME_COLUMNS} FROM events.programmes p WHERE p.id = s.programme_id) x) AS programme
       FROM ${SESSION_FROM} WHERE s.id = $1`,
      [id],
    );
    if (!row) return undefined;
    const { programme, ...session } = row;
    return { session, programme };
  }

  sessionsOf(programmeId: string): Promise<SessionRow[]> {
    return this.ds.query(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.programme_id = $1 ORDER BY s.starts_at, s.id`,
      [programmeId],
    );
  }

  sessionsByIds(ids: string[]): Promise<SessionRow[]> {
    return this.ds.query(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ANY($1::uuid[]) ORDER BY s.starts_at, s.id`,
      [ids],
    );
  }

  async read(id: string): Promise<{ programme: ProgrammeRow; sessions: SessionRow[] }> {
    const programme = await this.programme(id);
    if (!programme) throw EventsErrors.programmeNotFound({ programmeId: id });
    return { programme, sessions: await this.sessionsOf(id) };
  }

  /** A programme for staff, administrators and system administrators who may read its institution; else 404. */
  async visible(p: Principal, id: string): Promise<{ programme: ProgrammeRow; sessions: SessionRow[] }> {
    const programme = await this.programme(id);
    if (!programme || !(await this.access.reads(p, programme.institutionId)))
      throw EventsErrors.programmeNotFound({ programmeId: id });
    return { programme, sessions: await this.sessionsOf(id) };
  }

  async visibleSession(p: Principal, id: string): Promise<SessionRow> {
    const s = await this.session(id);
    if (!s || !(await this.access.reads(p, s.institutionId))) throw EventsErrors.sessionNotFound({ sessionId: id });
    return s;
  }

  async list(
    p: Principal,
    institutionId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ProgrammeRow[]; total: number }> {
    await this.access.assertReads(p, institutionId);
    const items: ProgrammeRow[] = await this.ds.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM events.programmes p WHERE p.institution_id = $1 ORDER BY p.created_at DESC, p.id LIMIT $2 OFFSET $3`,
      [institutionId, page.limit, page.offset],
    );
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM events.programmes WHERE institution_id = $1`,
      [institutionId],
    );
    return { items, total: n };
  }
}
