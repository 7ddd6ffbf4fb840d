import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Clock,
  isUniqueViolation,
  OutboxService,
  pipelinedTransaction,
  preparedQuery,
  vietnamDate,
  type Principal,
} from '@suotdoi/platform';
import { PatronsService } from '@suotdoi/identity';
import { assertOrganiser, EventsAccess } from '../access.js';
import { ageOn, vietnamDisplay } from '../common/time.js';
import { returning } from '../common/pg.js';
import { emitSessionUsage } from '../common/usage.js';
import { EventsErrors } from '../events.errors.js';
import { STATUS_VI, type RegistrationKind, type RegistrationStatus } from '../events.types.js';
import { ProgrammesService, type ProgrammeRow, type SessionRow } from '../programmes/programmes.service.js';

export interface RegistrationRow {
  id: string;
  sessionId: string;
  programmeId: string;
  institutionId: string;
  seriesId: string | null;
  kind: RegistrationKind;
  patronId: string | null;
  fullName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  birthDate: string | null;
  guardianName: string | null;
  guardianConsentAt: Date | null;
  groupName: string | null;
  seats: number;
  arrival: number;
  status: RegistrationStatus;
  code: string;
  offerExpiresAt: Date | null;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  /** 1-based place in the waitlist (arrival order), while waitlisted. */
  waitlistPosition: number | null;
  programmeTitle: string;
  startsAt: Date;
  endsAt: Date;
}

export const REGISTRATION_COLUMNS = `g.id, g.session_id AS "sessionId", g.programme_id AS "programmeId", g.institution_id AS "institutionId", g.series_id AS "seriesId",
  g.kind, g.patron_id AS "patronId", g.full_name AS "fullName", g.contact_phone AS "contactPhone", g.contact_email AS "contactEmail",
  g.birth_date::text AS "birthDate", g.guardian_name AS "guardianName", g.guardian_consent_at AS "guardianConsentAt", g.group_name AS "groupName",
  g.seats, g.arrival::int AS arrival, g.status, g.code, g.offer_expires_at AS "offerExpiresAt", g.created_at AS "createdAt", g.confirmed_at AS "confirmedAt",
  g.cancelled_at AS "cancelledAt", g.checked_in_at AS "checkedInAt",
  CASE WHEN g.status = 'waitlisted' THEN (SELECT count(*)::int FROM events.registrations w WHERE w.session_id = g.session_id AND w.status = 'waitlisted' AND w.arrival <= g.arrival) END AS "waitlistPosition",
  gp.title AS "programmeTitle", gs.starts_at AS "startsAt", gs.ends_at AS "endsAt"`;
export const REGISTRATION_FROM = `events.registrations g JOIN events.sessions gs ON gs.id = g.session_id JOIN events.programmes gp ON gp.id = g.programme_id`;

/** Who is registering. Staff give a card number, a guest or a class; a patron registers themselves. */
export type Registrant =
  | { kind: 'patron'; patronId: string; fullName: string | null; birthDate: string | null }
  | {
      kind: 'guest';
      fullName: string;
      phone?: string;
      email?: string;
      birthDate?: string;
      guardianName?: string;
      guardianConsent?: boolean;
    }
  | { kind: 'group'; groupName: string; seats: number; contactName: string; phone?: string; email?: string };

/** Outbox topic of events notices (confirmation, waitlist, promotion, offer, cancellation, change). */
export const EVENTS_NOTICE_TOPIC = 'events.notice';
export type EventsNoticeKind =
  'confirmed' | 'waitlisted' | 'promoted' | 'offered' | 'cancelled' | 'session_cancelled' | 'offer_expired';
export interface EventsNoticePayload {
  kind: EventsNoticeKind;
  registrationIds: string[];
}

// Crockford's base 32 without I, L, O, U: codes read aloud or typed from a printed ticket.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A registration code: 10 characters, 50 bits, shown as text and as a QR code on the ticket. */
export function registrationCode(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

const INSERT_SQL = `
  WITH s AS (
    UPDATE events.sessions SET
      last_fit = (capacity IS NULL OR (waitlist_length = 0 AND confirmed_seats + $2 <= capacity)),
      confirmed_seats = confirmed_seats + CASE WHEN capacity IS NULL OR (waitlist_length = 0 AND confirmed_seats + $2 <= capacity) THEN $2 ELSE 0 END,
      waitlist_length = waitlist_length + CASE WHEN capacity IS NULL OR (waitlist_length = 0 AND confirmed_seats + $2 <= capacity) THEN 0 ELSE 1 END,
      arrivals = arrivals + 1
    WHERE id = $1 AND status = 'scheduled'
    RETURNING id, programme_id, institution_id, last_fit, arrivals, waitlist_length
  )
  INSERT INTO events.registrations AS g (session_id, programme_id, institution_id, series_id, kind, patron_id, full_name, contact_phone, contact_email, birth_date,
    guardian_name, guardian_consent_at, group_name, seats, arrival, status, code, registered_by, confirmed_at, created_at)
  SELECT s.id, s.programme_id, s.institution_id, $3, $4, $5, $6, $7, $8, $9::date, $10, $11::timestamptz, $12, $2, s.arrivals,
         CASE WHEN s.last_fit THEN 'confirmed' ELSE 'waitlisted' END, $13, $14, CASE WHEN s.last_fit THEN $15::timestamptz END, $15::timestamptz
  FROM s
  RETURNING g.id, g.session_id AS "sessionId", g.programme_id AS "programmeId", g.institution_id AS "institutionId", g.series_id AS "seriesId",
    g.kind, g.patron_id AS "patronId", g.full_name AS "fullName", g.contact_phone AS "contactPhone", g.contact_email AS "contactEmail",
    g.birth_date::text AS "birthDate", g.guardian_name AS "guardianName", g.guardian_consent_at AS "guardianConsentAt", g.group_name AS "groupName",
    g.seats, g.arrival::int AS arrival, g.status, g.code, g.offer_expires_at AS "offerExpiresAt", g.created_at AS "createdAt", g.confirmed_at AS "confirmedAt",
    g.cancelled_at AS "cancelledAt", g.checked_in_at AS "checkedInAt", CASE WHEN g.status = 'waitlisted' THEN (SELECT waitlist_length FROM s) END AS "waitlistPosition"`;

/** Move the head of the waitlist into freed seats (strict arrival order), at once or as offers. The session row is locked by the caller. */
const PROMOTE_SQL = `
  WITH s AS (
    SELECT s.id, s.capacity, s.confirmed_seats, p.promotion, p.claim_hours FROM events.sessions s JOIN events.programmes p ON p.id = s.programme_id WHERE s.id = $1
  ), w AS (
    SELECT r.id, sum(r.seats) OVER (ORDER BY r.arrival) AS run FROM events.registrations r WHERE r.session_id = $1 AND r.status = 'waitlisted'
  ), pick AS (
    SELECT w.id FROM w, s WHERE s.capacity IS NULL OR w.run <= s.capacity - s.confirmed_seats
  ), upd AS (
    UPDATE events.registrations r SET
      status = CASE WHEN s.promotion = 'auto' THEN 'confirmed' ELSE 'offered' END,
      confirmed_at = CASE WHEN s.promotion = 'auto' THEN $2::timestamptz END,
      offer_expires_at = CASE WHEN s.promotion = 'offer' THEN $2::timestamptz + make_interval(hours => s.claim_hours) END
    FROM s WHERE r.id IN (SELECT id FROM pick)
    RETURNING r.id, r.seats, r.status
  )
  UPDATE events.sessions SET confirmed_seats = confirmed_seats + (SELECT coalesce(sum(seats), 0) FROM upd), waitlist_length = waitlist_length - (SELECT count(*) FROM upd)
  WHERE id = $1
  RETURNING (SELECT coalesce(array_agg(id::text), '{}') FROM upd WHERE status = 'confirmed') AS confirmed, (SELECT coalesce(array_agg(id::text), '{}') FROM upd WHERE status = 'offered') AS offered`;

/**
 * Registration, waitlist, cancellation and attendance. Every change to a session's seats happens under that
 * session's row lock (the UPDATE of its counters), so registrations, cancellations, capacity changes and promotions
 * of one session take turns; the `sessions_capacity_chk` constraint refuses any write that would overbook it.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly access: EventsAccess,
    private readonly outbox: OutboxService,
    private readonly patrons: PatronsService,
    private readonly clock: Clock,
  ) {}

  // ---- who ----

  /** The patron behind a signed-in caller (for self-registration). */
  async self(p: Principal): Promise<Registrant> {
    if (!p.patronId) throw EventsErrors.notAPatron();
    const patron = await this.patrons.findByAccount(p.accountId);
    if (!patron) throw EventsErrors.notAPatron();
    return { kind: 'patron', patronId: patron.id, fullName: patron.fullName, birthDate: patron.birthDate };
  }

  async byCard(cardNumber: string): Promise<Registrant> {
    const patron = await this.patrons.findByCardNumber(cardNumber);
    if (!patron || patron.status === 'erased') throw EventsErrors.patronNotFound({ cardNumber });
    return { kind: 'patron', patronId: patron.id, fullName: patron.fullName, birthDate: patron.birthDate };
  }

  // ---- registering ----

  private checkOpen(programme: ProgrammeRow, s: SessionRow, now: Date): void {
    if (s.status !== 'scheduled')
      throw EventsErrors.sessionNotScheduled({ status: s.status, statusVi: STATUS_VI[s.status] });
    if (programme.registration === 'none') throw EventsErrors.noRegistration();
    if (s.registrationOpensAt && now < s.registrationOpensAt)
      throw EventsErrors.registrationNotOpen({
        opensAt: s.registrationOpensAt.toISOString(),
        opensAtVi: vietnamDisplay(s.registrationOpensAt),
      });
    const closes = s.registrationClosesAt ?? s.startsAt;
    if (now >= closes) {
      const from = s.registrationOpensAt ? vietnamDisplay(s.registrationOpensAt) : '';
      throw EventsErrors.registrationClosed({
        window: `${s.registrationOpensAt?.toISOString() ?? ''} – ${closes.toISOString()}`,
        windowVi: `${from} – ${vietnamDisplay(closes)}`,
      });
    }
  }

  private checkWho(programme: ProgrammeRow, s: SessionRow, who: Registrant): void {
    const birthDate = who.kind === 'group' ? null : who.birthDate;
    if (who.kind === 'guest' && !who.phone && !who.email) throw EventsErrors.guestContactRequired();
    if (who.kind === 'group' && !who.phone && !who.email) throw EventsErrors.guestContactRequired();
    if (!birthDate) return;
    const age = ageOn(birthDate, vietnamDate(s.startsAt));
    if (programme.minAge !== null && age < programme.minAge) throw EventsErrors.tooYoung({ minAge: programme.minAge });
    if (programme.maxAge !== null && age > programme.maxAge) throw EventsErrors.tooOld({ maxAge: programme.maxAge });
    // A patron under 16 gave guardian consent when the card was issued (identity); a guest child needs it here.
    if (
      who.kind === 'guest' &&
      ageOn(birthDate, vietnamDate(this.clock.now())) < 16 &&
      !(who.guardianName && who.guardianConsent)
    )
      throw EventsErrors.guardianConsentRequired();
  }

  private params(sessionId: string, who: Registrant, seriesId: string | null, by: string | null, now: Date): unknown[] {
    const seats = who.kind === 'group' ? who.seats : 1;
    const guest = who.kind === 'guest' ? who : undefined;
    return [
      sessionId,
      seats,
      seriesId,
      who.kind,
      who.kind === 'patron' ? who.patronId : null,
      who.kind === 'patron' ? who.fullName : who.kind === 'guest' ? who.fullName : who.contactName,
      who.kind === 'patron' ? null : (who.phone ?? null),
      who.kind === 'patron' ? null : (who.email ?? null),
      who.kind === 'group' ? null : (who.birthDate ?? null),
      guest?.guardianName ?? null,
      guest?.guardianConsent ? now : null,
      who.kind === 'group' ? who.groupName : null,
      registrationCode(),
      by,
      now,
    ];
  }

  private async insertOne(
    m: EntityManager,
    sessionId: string,
    who: Registrant,
    seriesId: string | null,
    by: string | null,
    now: Date,
  ): Promise<Omit<RegistrationRow, 'programmeTitle' | 'startsAt' | 'endsAt'>> {
    let rows: Omit<RegistrationRow, 'programmeTitle' | 'startsAt' | 'endsAt'>[];
    try {
      rows = await preparedQuery(m, INSERT_SQL, this.params(sessionId, who, seriesId, by, now));
    } catch (e) {
      if (isUniqueViolation(e)) throw EventsErrors.alreadyRegistered();
      throw e;
    }
    if (!rows.length) throw EventsErrors.sessionNotScheduled({ status: 'cancelled', statusVi: STATUS_VI.cancelled });
    return rows[0];
  }

  /** Register for one session: confirmed while seats last and no one waits, else waitlisted at the end of the line. */
  async register(
    sessionId: string,
    who: Registrant,
    by: Principal | undefined,
    onBehalf = false,
  ): Promise<RegistrationRow> {
    const found = await this.programmes.sessionWithProgramme(sessionId);
    if (!found) throw EventsErrors.sessionNotFound({ sessionId });
    const { session: s, programme } = found;
    // Staff register others only at the institutions where they organise events.
    if (onBehalf) assertOrganiser(by!, s.institutionId);
    const now = this.clock.now();
    this.checkOpen(programme, s, now);
    if (programme.registration === 'series') throw EventsErrors.seriesOnly();
    this.checkWho(programme, s, who);
    const row = await pipelinedTransaction(this.ds, (m) =>
      this.outbox.batch(m, async () => {
        const r = await this.insertOne(m, sessionId, who, null, by?.accountId ?? null, now);
        await this.notice(m, r.status === 'confirmed' ? 'confirmed' : 'waitlisted', [r.id]);
        return r;
      }),
    );
    return { ...row, programmeTitle: programme.title, startsAt: s.startsAt, endsAt: s.endsAt };
  }

  /** Register for every upcoming session of a series programme at once (each confirmed or waitlisted on its own). */
  async registerSeries(
    programmeId: string,
    who: Registrant,
    by: Principal | undefined,
    onBehalf = false,
  ): Promise<RegistrationRow[]> {
    const programme = await this.programmes.programme(programmeId);
    if (!programme) throw EventsErrors.programmeNotFound({ programmeId });
    if (onBehalf) assertOrganiser(by!, programme.institutionId);
    if (programme.registration !== 'series') throw EventsErrors.notASeries();
    const now = this.clock.now();
    const sessions = (await this.programmes.sessionsOf(programmeId)).filter(
      (s) => s.status === 'scheduled' && s.startsAt > now,
    );
    if (!sessions.length) throw EventsErrors.registrationClosed({ window: '', windowVi: '' });
    // The series is open while its first upcoming session is.
    this.checkOpen(programme, sessions[0], now);
    this.checkWho(programme, sessions[0], who);
    const seriesId = (await this.ds.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
    const ids = await this.ds.transaction(async (m) => {
      const out: { id: string; status: RegistrationStatus }[] = [];
      // Sessions in start order: two series registrations lock them in the same order (no deadlock).
      for (const s of sessions) out.push(await this.insertOne(m, s.id, who, seriesId, by?.accountId ?? null, now));
      await this.notice(
        m,
        out.every((r) => r.status === 'confirmed') ? 'confirmed' : 'waitlisted',
        out.map((r) => r.id),
      );
      return out.map((r) => r.id);
    });
    return this.findMany(ids);
  }

  // ---- cancelling and promoting ----

  /** Lock a session's row for a change of its seats; the caller's later writes to it and its registrations are serialised. */
  private async lockSession(
    m: EntityManager,
    sessionId: string,
  ): Promise<{ capacity: number | null; confirmedSeats: number; status: string; startsAt: Date }> {
    const [row] = await m.query(
      `SELECT capacity, confirmed_seats AS "confirmedSeats", status, starts_at AS "startsAt" FROM events.sessions WHERE id = $1 FOR UPDATE`,
      [sessionId],
    );
    if (!row) throw EventsErrors.sessionNotFound({ sessionId });
    return row;
  }

  private async promote(
    m: EntityManager,
    sessionId: string,
    now: Date,
  ): Promise<{ confirmed: string[]; offered: string[] }> {
    const [row] = await returning<{ confirmed: string[]; offered: string[] }>(m, PROMOTE_SQL, [sessionId, now]);
    if (row.confirmed.length) await this.notice(m, 'promoted', row.confirmed);
    if (row.offered.length) await this.notice(m, 'offered', row.offered);
    return row;
  }

  /**
   * Cancel a registration. The patron (or a guest with the code) may cancel until the programme's deadline; staff of
   * the institution any time before the session is held. A freed seat goes to the waitlist at once.
   */
  async cancel(registrationId: string, opts: { staff: boolean }): Promise<RegistrationRow> {
    const r = await this.find(registrationId);
    if (!r) throw EventsErrors.registrationNotFound({ registrationId });
    const now = this.clock.now();
    if (!opts.staff) {
      const programme = (await this.programmes.programme(r.programmeId))!;
      const deadline = r.startsAt.getTime() - programme.cancelHoursBefore * 3600_000;
      if (now.getTime() > deadline && ['confirmed', 'offered'].includes(r.status))
        throw EventsErrors.cancellationClosed({ hours: programme.cancelHoursBefore });
    }
    await this.ds.transaction(async (m) => {
      const s = await this.lockSession(m, r.sessionId);
      if (s.status !== 'scheduled')
        throw EventsErrors.notCancellable({ status: r.status, statusVi: STATUS_VI[r.status] });
      const [old] = await returning<{ status: RegistrationStatus; seats: number }>(
        m,
        `WITH o AS (SELECT status, seats FROM events.registrations WHERE id = $1 AND status IN ('confirmed', 'waitlisted', 'offered') FOR UPDATE)
         UPDATE events.registrations g SET status = 'cancelled', cancelled_at = $2, offer_expires_at = NULL FROM o WHERE g.id = $1 RETURNING o.status, o.seats`,
        [registrationId, now],
      );
      if (!old) throw EventsErrors.notCancellable({ status: r.status, statusVi: STATUS_VI[r.status] });
      if (old.status === 'waitlisted')
        await m.query(`UPDATE events.sessions SET waitlist_length = waitlist_length - 1 WHERE id = $1`, [r.sessionId]);
      else
        await m.query(`UPDATE events.sessions SET confirmed_seats = confirmed_seats - $2 WHERE id = $1`, [
          r.sessionId,
          old.seats,
        ]);
      await this.notice(m, 'cancelled', [registrationId]);
      await this.promote(m, r.sessionId, now);
    });
    return (await this.find(registrationId))!;
  }

  /** Take up an offered seat before the claim window closes. */
  async claim(registrationId: string): Promise<RegistrationRow> {
    const r = await this.find(registrationId);
    if (!r) throw EventsErrors.registrationNotFound({ registrationId });
    const now = this.clock.now();
    if (r.status !== 'offered') throw EventsErrors.noOffer({ status: r.status, statusVi: STATUS_VI[r.status] });
    if (r.offerExpiresAt && r.offerExpiresAt <= now)
      throw EventsErrors.offerExpired({
        expiresAt: r.offerExpiresAt.toISOString(),
        expiresAtVi: vietnamDisplay(r.offerExpiresAt),
      });
    await this.ds.transaction(async (m) => {
      await this.lockSession(m, r.sessionId);
      const done = await returning(
        m,
        `UPDATE events.registrations SET status = 'confirmed', confirmed_at = $2, offer_expires_at = NULL WHERE id = $1 AND status = 'offered' AND offer_expires_at > $2 RETURNING id`,
        [registrationId, now],
      );
      if (!done.length) throw EventsErrors.noOffer({ status: r.status, statusVi: STATUS_VI[r.status] });
      await this.notice(m, 'confirmed', [registrationId]);
    });
    return (await this.find(registrationId))!;
  }

  /** Offers past their claim window lapse; their seats go to the next in line. Returns how many lapsed. */
  async expireOffers(batch = 200): Promise<number> {
    const now = this.clock.now();
    const due: { id: string; sessionId: string }[] = await this.ds.query(
      `SELECT id, session_id AS "sessionId" FROM events.registrations WHERE status = 'offered' AND offer_expires_at <= $1 ORDER BY offer_expires_at LIMIT $2`,
      [now, batch],
    );
    let n = 0;
    for (const d of due) {
      await this.ds.transaction(async (m) => {
        await this.lockSession(m, d.sessionId);
        const [row] = await returning<{ seats: number }>(
          m,
          `UPDATE events.registrations SET status = 'offer_expired', offer_expires_at = NULL WHERE id = $1 AND status = 'offered' AND offer_expires_at <= $2 RETURNING seats`,
          [d.id, now],
        );
        if (!row) return;
        n++;
        await m.query(`UPDATE events.sessions SET confirmed_seats = confirmed_seats - $2 WHERE id = $1`, [
          d.sessionId,
          row.seats,
        ]);
        await this.notice(m, 'offer_expired', [d.id]);
        await this.promote(m, d.sessionId, now);
      });
    }
    return n;
  }

  /** Change a session's capacity: never below the seats taken; a larger one (or none) promotes the waitlist. */
  async setCapacity(p: Principal, sessionId: string, capacity: number | null): Promise<void> {
    const session = await this.programmes.visibleSession(p, sessionId);
    assertOrganiser(p, session.institutionId);
    if (capacity !== null && session.roomId) {
      const [room]: { name: string; seats: number | null }[] = await this.ds.query(
        `SELECT name, seats FROM events.rooms WHERE id = $1`,
        [session.roomId],
      );
      if (room?.seats !== null && room && capacity > room.seats)
        throw EventsErrors.capacityAboveRoom({ room: room.name, seats: room.seats });
    }
    await this.ds.transaction(async (m) => {
      const s = await this.lockSession(m, sessionId);
      if (capacity !== null && capacity < s.confirmedSeats)
        throw EventsErrors.capacityBelowConfirmed({ capacity, confirmed: s.confirmedSeats });
      await m.query(`UPDATE events.sessions SET capacity = $2 WHERE id = $1`, [sessionId, capacity]);
      await this.promote(m, sessionId, this.clock.now());
    });
  }

  /** Cancel a whole session: every registration is cancelled and told; the room is free again. */
  async cancelSession(p: Principal, sessionId: string): Promise<void> {
    const session = await this.programmes.visibleSession(p, sessionId);
    assertOrganiser(p, session.institutionId);
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      const s = await this.lockSession(m, sessionId);
      if (s.status !== 'scheduled')
        throw EventsErrors.sessionNotScheduled({ status: s.status, statusVi: STATUS_VI[s.status] });
      const ids = await returning<{ id: string }>(
        m,
        `UPDATE events.registrations SET status = 'cancelled', cancelled_at = $2, offer_expires_at = NULL WHERE session_id = $1 AND status IN ('confirmed', 'waitlisted', 'offered') RETURNING id`,
        [sessionId, now],
      );
      await m.query(
        `UPDATE events.sessions SET status = 'cancelled', cancelled_at = $2, confirmed_seats = 0, waitlist_length = 0 WHERE id = $1`,
        [sessionId, now],
      );
      if (ids.length)
        await this.notice(
          m,
          'session_cancelled',
          ids.map((r) => r.id),
        );
    });
  }

  /**
   * Erasure of a patron (inside identity's erasure transaction): registrations for sessions still to come are
   * cancelled (their seats go to the waitlist), and every registration of theirs loses what identifies them; the
   * attendance counts stay.
   */
  async eraseFor(patronId: string, m: EntityManager): Promise<void> {
    const now = this.clock.now();
    const open: { id: string; sessionId: string }[] = await m.query(
      `SELECT g.id, g.session_id AS "sessionId" FROM events.registrations g JOIN events.sessions s ON s.id = g.session_id
       WHERE g.patron_id = $1 AND g.status IN ('confirmed', 'waitlisted', 'offered') AND s.status = 'scheduled' ORDER BY s.starts_at, s.id`,
      [patronId],
    );
    for (const r of open) {
      await this.lockSession(m, r.sessionId);
      const [old] = await returning<{ status: RegistrationStatus; seats: number }>(
        m,
        `WITH o AS (SELECT status, seats FROM events.registrations WHERE id = $1 AND status IN ('confirmed', 'waitlisted', 'offered') FOR UPDATE)
         UPDATE events.registrations g SET status = 'cancelled', cancelled_at = $2, offer_expires_at = NULL FROM o WHERE g.id = $1 RETURNING o.status, o.seats`,
        [r.id, now],
      );
      if (!old) continue;
      if (old.status === 'waitlisted')
        await m.query(`UPDATE events.sessions SET waitlist_length = waitlist_length - 1 WHERE id = $1`, [r.sessionId]);
      else
        await m.query(`UPDATE events.sessions SET confirmed_seats = confirmed_seats - $2 WHERE id = $1`, [
          r.sessionId,
          old.seats,
        ]);
      await this.promote(m, r.sessionId, now);
    }
    await m.query(
      `UPDATE events.registrations SET patron_id = NULL, full_name = NULL, contact_phone = NULL, contact_email = NULL, birth_date = NULL, guardian_name = NULL, anonymised_at = $2 WHERE patron_id = $1`,
      [patronId, now],
    );
  }

  // ---- attendance ----

  /** Check a registration in at the door, by the code on its ticket (QR) or by the patron's library card. */
  async checkIn(p: Principal, sessionId: string, by: { code?: string; cardNumber?: string }): Promise<RegistrationRow> {
    const s = await this.programmes.visibleSession(p, sessionId);
    assertOrganiser(p, s.institutionId);
    if (!!by.code === !!by.cardNumber) throw EventsErrors.checkInFilterRequired();
    if (s.status === 'cancelled')
      throw EventsErrors.sessionNotScheduled({ status: s.status, statusVi: STATUS_VI[s.status] });
    let found: { id: string; status: RegistrationStatus } | undefined;
    if (by.code) {
      [found] = await this.ds.query(`SELECT id, status FROM events.registrations WHERE session_id = $1 AND code = $2`, [
        sessionId,
        by.code.toUpperCase().trim(),
      ]);
      if (!found) throw EventsErrors.codeNotFound();
    } else {
      const patron = await this.patrons.findByCardNumber(by.cardNumber!);
      if (!patron) throw EventsErrors.patronNotFound({ cardNumber: by.cardNumber });
      [found] = await this.ds.query(
        `SELECT id, status FROM events.registrations WHERE session_id = $1 AND patron_id = $2 ORDER BY (status IN ('confirmed', 'attended')) DESC, created_at DESC LIMIT 1`,
        [sessionId, patron.id],
      );
      if (!found) throw EventsErrors.notRegisteredForSession({ cardNumber: by.cardNumber });
    }
    if (found.status === 'attended') return (await this.find(found.id))!;
    if (found.status !== 'confirmed' && found.status !== 'no_show')
      throw EventsErrors.checkInRefused({ status: found.status, statusVi: STATUS_VI[found.status] });
    await this.ds.transaction(async (m) => {
      const [row] = await returning<{ seats: number }>(
        m,
        `UPDATE events.registrations SET status = 'attended', checked_in_at = $2 WHERE id = $1 AND status IN ('confirmed', 'no_show') RETURNING seats`,
        [found.id, this.clock.now()],
      );
      if (row)
        await m.query(`UPDATE events.sessions SET attended = attended + $2 WHERE id = $1`, [sessionId, row.seats]);
    });
    return (await this.find(found.id))!;
  }

  /** People who came without registering (in person, or online). */
  async addWalkIns(p: Principal, sessionId: string, count: number, online: boolean): Promise<SessionRow> {
    const s = await this.programmes.visibleSession(p, sessionId);
    assertOrganiser(p, s.institutionId);
    if (s.status === 'cancelled')
      throw EventsErrors.sessionNotScheduled({ status: s.status, statusVi: STATUS_VI[s.status] });
    await this.ds.query(
      `UPDATE events.sessions SET ${online ? 'online_attendees = online_attendees' : 'walk_ins = walk_ins'} + $2 WHERE id = $1`,
      [sessionId, count],
    );
    return (await this.programmes.session(sessionId))!;
  }

  /** The head count of an open event (no registration), counted at the door. */
  async setHeadcount(p: Principal, sessionId: string, headcount: number): Promise<SessionRow> {
    const s = await this.programmes.visibleSession(p, sessionId);
    assertOrganiser(p, s.institutionId);
    if (s.status === 'cancelled')
      throw EventsErrors.sessionNotScheduled({ status: s.status, statusVi: STATUS_VI[s.status] });
    await this.ds.query(`UPDATE events.sessions SET headcount = $2 WHERE id = $1`, [sessionId, headcount]);
    return (await this.programmes.session(sessionId))!;
  }

  /**
   * Record a session as held: confirmed registrations not checked in become no-shows, the waitlist closes, and the
   * session and its attendance go to usage (attendance = the larger of the head count and check-ins plus walk-ins,
   * plus online attendees). Once held, its figures are final.
   */
  async close(p: Principal, sessionId: string): Promise<SessionRow> {
    const session = await this.programmes.visibleSession(p, sessionId);
    assertOrganiser(p, session.institutionId);
    const now = this.clock.now();
    if (now < session.startsAt)
      throw EventsErrors.sessionNotOver({
        startsAt: session.startsAt.toISOString(),
        startsAtVi: vietnamDisplay(session.startsAt),
      });
    const programme = (await this.programmes.programme(session.programmeId))!;
    await this.ds.transaction(async (m) => {
      const s = await this.lockSession(m, sessionId);
      if (s.status !== 'scheduled')
        throw EventsErrors.sessionNotScheduled({ status: s.status, statusVi: STATUS_VI[s.status] });
      await m.query(
        `UPDATE events.registrations SET status = 'no_show' WHERE session_id = $1 AND status = 'confirmed'`,
        [sessionId],
      );
      await m.query(
        `UPDATE events.registrations SET status = 'offer_expired', offer_expires_at = NULL WHERE session_id = $1 AND status = 'offered'`,
        [sessionId],
      );
      await m.query(
        `UPDATE events.registrations SET status = 'cancelled', cancelled_at = $2 WHERE session_id = $1 AND status = 'waitlisted'`,
        [sessionId, now],
      );
      const [row] = await returning<{ attendance: number; endsAt: Date }>(
        m,
        `UPDATE events.sessions SET status = 'held', held_at = $2, waitlist_length = 0 WHERE id = $1
         RETURNING greatest(coalesce(headcount, 0), attended + walk_ins) + online_attendees AS attendance, ends_at AS "endsAt"`,
        [sessionId, now],
      );
      await emitSessionUsage(this.outbox, m, {
        sessionId,
        institutionId: session.institutionId,
        at: session.startsAt,
        attendance: row.attendance,
        museumEducation: programme.category === 'museum_education',
      });
    });
    return (await this.programmes.session(sessionId))!;
  }

  // ---- reads ----

  private async notice(m: EntityManager, kind: EventsNoticeKind, registrationIds: string[]): Promise<void> {
    const payload: EventsNoticePayload = { kind, registrationIds };
    await this.outbox.add(m, { topic: EVENTS_NOTICE_TOPIC, payload });
  }

  find(id: string, m?: EntityManager): Promise<RegistrationRow | undefined> {
    return (m ?? this.ds.manager)
      .query(`SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE g.id = $1`, [id])
      .then((r: RegistrationRow[]) => r[0]);
  }

  findMany(ids: string[]): Promise<RegistrationRow[]> {
    return this.ds.query(
      `SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE g.id = ANY($1::uuid[]) ORDER BY gs.starts_at, g.arrival`,
      [ids],
    );
  }

  byCode(code: string): Promise<RegistrationRow | undefined> {
    return this.ds
      .query(`SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE g.code = $1`, [code.toUpperCase().trim()])
      .then((r: RegistrationRow[]) => r[0]);
  }

  /** A registration for its patron, or for staff and administrators who may read its institution; else 404. */
  async visible(p: Principal, id: string): Promise<{ row: RegistrationRow; staff: boolean }> {
    const row = await this.find(id);
    if (row && p.patronId && row.patronId === p.patronId) return { row, staff: false };
    if (row && (await this.access.reads(p, row.institutionId))) return { row, staff: true };
    throw EventsErrors.registrationNotFound({ registrationId: id });
  }

  sessionFor(p: Principal, sessionId: string): Promise<SessionRow> {
    return this.programmes.visibleSession(p, sessionId);
  }

  /** A session's registrations in arrival order (staff), optionally one status. */
  async forSession(p: Principal, sessionId: string, status?: RegistrationStatus): Promise<RegistrationRow[]> {
    await this.programmes.visibleSession(p, sessionId);
    return this.ds.query(
      `SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE g.session_id = $1 AND ($2::text IS NULL OR g.status = $2) ORDER BY g.arrival`,
      [sessionId, status ?? null],
    );
  }

  /** A patron's own registrations, newest sessions first. */
  mine(patronId: string, upcomingOnly: boolean): Promise<RegistrationRow[]> {
    return this.ds.query(
      `SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE g.patron_id = $1 AND ($2::boolean = false OR gs.ends_at > now()) ORDER BY gs.starts_at DESC LIMIT 500`,
      [patronId, upcomingOnly],
    );
  }
}
