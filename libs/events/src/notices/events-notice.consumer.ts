import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxConsumer, type OutboxHandler, type OutboxMessage } from '@suotdoi/platform';
import { NoticesService, type NoticeAttachment, type NoticeRecipient } from '@suotdoi/notices';
import { icsOf, qrPng } from '../common/calendar.js';
import { EVENTS_NOTICE_TOPIC, type EventsNoticePayload } from '../registrations/registrations.service.js';
import { EventsNotices } from './events.notices.js';

interface Row {
  id: string;
  sessionId: string;
  kind: string;
  patronId: string | null;
  fullName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  seats: number;
  code: string;
  offerExpiresAt: Date | null;
  waitlistPosition: number | null;
  programme: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
}

/**
 * Turns the registration transactions' `events.notice` rows into notices through the one notices service (in the
 * relay's transaction, deduplicated per registration and event): the hot registration path only writes one outbox
 * row, sent with its COMMIT. Confirmations carry the iCalendar invitation and the ticket's QR code.
 */
@Injectable()
@OutboxConsumer()
export class EventsNoticeConsumer implements OutboxHandler<EventsNoticePayload> {
  readonly topic = EVENTS_NOTICE_TOPIC;
  constructor(private readonly notices: NoticesService) {}

  async handle(messages: OutboxMessage<EventsNoticePayload>[], m: EntityManager): Promise<void> {
    for (const msg of messages) {
      const rows: Row[] = await m.query(
        `SELECT g.id, g.session_id AS "sessionId", g.kind, g.patron_id AS "patronId", g.full_name AS "fullName", g.contact_phone AS "contactPhone",
                g.contact_email AS "contactEmail", g.seats, g.code, g.offer_expires_at AS "offerExpiresAt",
                CASE WHEN g.status = 'waitlisted' THEN (SELECT count(*)::int FROM events.registrations w WHERE w.session_id = g.session_id AND w.status = 'waitlisted' AND w.arrival <= g.arrival) END AS "waitlistPosition",
                p.title AS programme, s.starts_at AS "startsAt", s.ends_at AS "endsAt", coalesce(r.name, s.place, 'trực tuyến') AS place
         FROM events.registrations g JOIN events.sessions s ON s.id = g.session_id JOIN events.programmes p ON p.id = g.programme_id LEFT JOIN events.rooms r ON r.id = s.room_id
         WHERE g.id = ANY($1::uuid[]) AND g.anonymised_at IS NULL ORDER BY s.starts_at`,
        [msg.payload.registrationIds],
      );
      const { kind } = msg.payload;
      // A series registration is told once, about its first session.
      const told = new Set<string>();
      for (const r of rows) {
        const key = `${r.patronId ?? r.code}:${kind}`;
        if (msg.payload.registrationIds.length > 1 && told.has(key)) continue;
        told.add(key);
        const to: NoticeRecipient = r.patronId
          ? { patronId: r.patronId }
          : {
              guest: {
                name: r.fullName ?? undefined,
                email: r.contactEmail ?? undefined,
                phone: r.contactPhone ?? undefined,
              },
            };
        if (!r.patronId && !r.contactEmail && !r.contactPhone) continue;
        const base = { programme: r.programme, startsAt: r.startsAt.toISOString(), place: r.place, code: r.code };
        const dedupeKey = `${kind}:${r.id}:${msg.id}`;
        const ticket = async (): Promise<NoticeAttachment[]> => [
          {
            name: `su-kien-${r.code}.ics`,
            contentType: 'text/calendar; charset=utf-8; method=REQUEST',
            content: icsOf(
              r.programme,
              [
                {
                  id: r.sessionId,
                  title: r.programme,
                  startsAt: r.startsAt,
                  endsAt: r.endsAt,
                  where: r.place,
                  description: `Mã đăng ký / Registration code: ${r.code}`,
                },
              ],
              { method: 'request' },
            ),
          },
          { name: `ve-${r.code}.png`, contentType: 'image/png', content: await qrPng(r.code) },
        ];
        if (kind === 'confirmed')
          await this.notices.notify(m, {
            to,
            template: EventsNotices.registration_confirmed,
            params: { ...base, seats: String(r.seats) },
            dedupeKey,
            attachments: await ticket(),
          });
        else if (kind === 'waitlisted')
          await this.notices.notify(m, {
            to,
            template: EventsNotices.registration_waitlisted,
            params: { ...base, position: String(r.waitlistPosition ?? '') },
            dedupeKey,
          });
        else if (kind === 'promoted')
          await this.notices.notify(m, {
            to,
            template: EventsNotices.seat_promoted,
            params: base,
            dedupeKey,
            attachments: await ticket(),
          });
        else if (kind === 'offered')
          await this.notices.notify(m, {
            to,
            template: EventsNotices.seat_offered,
            params: { ...base, until: (r.offerExpiresAt ?? r.startsAt).toISOString() },
            dedupeKey,
          });
        else if (kind === 'offer_expired')
          await this.notices.notify(m, { to, template: EventsNotices.offer_expired, params: base, dedupeKey });
        else if (kind === 'cancelled')
          await this.notices.notify(m, { to, template: EventsNotices.registration_cancelled, params: base, dedupeKey });
        else if (kind === 'session_cancelled')
          await this.notices.notify(m, { to, template: EventsNotices.session_cancelled, params: base, dedupeKey });
      }
    }
  }
}
