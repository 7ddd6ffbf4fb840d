import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@suotdoi/platform';
import { icsOf } from '../common/calendar.js';
import { returning } from '../common/pg.js';
import { STATUS_VI } from '../events.types.js';
import {
  REGISTRATION_COLUMNS,
  REGISTRATION_FROM,
  type RegistrationRow,
} from '../registrations/registrations.service.js';

/** What a patron's feed shows: sessions they hold a seat for, wait for, were offered or attended. */
const FEED_STATUSES = ['confirmed', 'offered', 'attended', 'waitlisted'];
/** A feed token: 32 random bytes, base64url (43 characters). Anything else is not a token. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

export interface FeedStatus {
  active: boolean;
  createdAt: Date | null;
  lastReadAt: Date | null;
}

/**
 * A patron's private iCalendar feed. Calendar apps (Google Calendar, Apple Calendar, Thunderbird) subscribe to an
 * address and cannot send a bearer token, so the address carries a secret: 32 random bytes, shown once when issued,
 * kept only as its SHA-256. Issuing again replaces it; revoking removes it; erasure of the patron removes it.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async status(patronId: string): Promise<FeedStatus> {
    const [row]: { createdAt: Date; lastReadAt: Date | null }[] = await this.ds.query(
      `SELECT created_at AS "createdAt", last_read_at AS "lastReadAt" FROM events.calendar_feeds WHERE patron_id = $1`,
      [patronId],
    );
    return { active: !!row, createdAt: row?.createdAt ?? null, lastReadAt: row?.lastReadAt ?? null };
  }

  /** A new secret address for the patron's feed; the previous one, if any, stops working. */
  async issue(patronId: string): Promise<{ url: string; createdAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const [row]: { createdAt: Date }[] = await this.ds.query(
      `INSERT INTO events.calendar_feeds (patron_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (patron_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, last_read_at = NULL
       RETURNING created_at AS "createdAt"`,
      [patronId, hashOf(token), this.clock.now()],
    );
    return { url: `${this.config.PUBLIC_URL}/events/feeds/${token}/calendar.ics`, createdAt: row.createdAt };
  }

  /** Stop the feed. True when there was one. */
  async revoke(patronId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const rows = await returning(m, `DELETE FROM events.calendar_feeds WHERE patron_id = $1 RETURNING patron_id`, [
      patronId,
    ]);
    return rows.length > 0;
  }

  /** The feed behind a secret address, or undefined (unknown, revoked, or not a token at all). */
  async calendarForToken(token: string): Promise<string | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const [row] = await returning<{ patronId: string }>(
      this.ds,
      `UPDATE events.calendar_feeds SET last_read_at = $2 WHERE token_hash = $1 RETURNING patron_id AS "patronId"`,
      [hashOf(token), this.clock.now()],
    );
    return row ? this.calendarFor(row.patronId) : undefined;
  }

  /** The patron's sessions as an iCalendar document (the last 500 registrations), in Vietnam time. */
  async calendarFor(patronId: string): Promise<string> {
    const rows: (RegistrationRow & {
      sessionStatus: 'scheduled' | 'held' | 'cancelled';
      room: string | null;
      place: string | null;
      online: boolean;
    })[] = await this.ds.query(
      `SELECT ${REGISTRATION_COLUMNS}, gs.status AS "sessionStatus", r.name AS room, gs.place, gs.online
         FROM ${REGISTRATION_FROM} LEFT JOIN events.rooms r ON r.id = gs.room_id
        WHERE g.patron_id = $1 AND g.status = ANY($2)
        ORDER BY gs.starts_at DESC LIMIT 500`,
      [patronId, FEED_STATUSES],
    );
    return icsOf(
      'Sự kiện của tôi — Suốt Đời',
      rows.map((r) => ({
        id: r.id,
        title: r.programmeTitle,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        where: [r.room, r.place, r.online ? 'Trực tuyến' : null].filter(Boolean).join(' — ') || null,
        status: r.sessionStatus,
        description: [
          `Mã đăng ký: ${r.code}`,
          `Trạng thái: ${STATUS_VI[r.status] ?? r.status}${r.waitlistPosition ? ` (thứ ${r.waitlistPosition} trong danh sách chờ)` : ''}`,
        ].join('\n'),
        url: `${this.config.PUBLIC_URL}/opac/events`,
      })),
    );
  }
}
