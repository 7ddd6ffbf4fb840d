import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { NoticesService } from '@suotdoi/notices';
import { EventsNotices } from '../notices/events.notices.js';

export type RemindPayload = { hoursAhead: number };
/** Remind everyone with a confirmed seat of a session starting within the next `hoursAhead` hours (once each). */
export const RemindJob = defineJob<RemindPayload>(QUEUES.notices, 'events-remind');

@Injectable()
@JobProcessor()
export class RemindHandler implements ScheduledJobHandler<RemindPayload> {
  readonly job = RemindJob;
  readonly schedule = { id: 'events-remind', every: 15 * 60 * 1000, payload: { hoursAhead: 24 } };
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly notices: NoticesService,
    private readonly clock: Clock,
  ) {}

  async handle(payload: RemindPayload): Promise<{ reminded: number }> {
    const now = this.clock.now();
    const rows: {
      id: string;
      sessionId: string;
      patronId: string | null;
      fullName: string | null;
      contactEmail: string | null;
      contactPhone: string | null;
      code: string;
      programme: string;
      startsAt: Date;
      place: string;
    }[] = await this.ds.query(
      `SELECT g.id, g.session_id AS "sessionId", g.patron_id AS "patronId", g.full_name AS "fullName", g.contact_email AS "contactEmail", g.contact_phone AS "contactPhone", g.code,
                p.title AS programme, s.starts_at AS "startsAt", coalesce(r.name, s.place, 'trực tuyến') AS place
         FROM events.sessions s JOIN events.registrations g ON g.session_id = s.id AND g.status = 'confirmed' AND g.anonymised_at IS NULL
           JOIN events.programmes p ON p.id = s.programme_id LEFT JOIN events.rooms r ON r.id = s.room_id
         WHERE s.status = 'scheduled' AND s.starts_at > $1 AND s.starts_at <= $1::timestamptz + make_interval(hours => $2::int)
         ORDER BY s.starts_at LIMIT 5000`,
      [now, payload.hoursAhead],
    );
    const keys = rows.map((r) => `reminder:${r.id}:${r.sessionId}`);
    const done = await this.notices.existing(EventsNotices.reminder, keys);
    let reminded = 0;
    for (const r of rows) {
      const dedupeKey = `reminder:${r.id}:${r.sessionId}`;
      if (done.has(dedupeKey) || (!r.patronId && !r.contactEmail && !r.contactPhone)) continue;
      await this.ds.transaction(async (m) => {
        const to = r.patronId
          ? { patronId: r.patronId }
          : {
              guest: {
                name: r.fullName ?? undefined,
                email: r.contactEmail ?? undefined,
                phone: r.contactPhone ?? undefined,
              },
            };
        if (
          await this.notices.notify(m, {
            to,
            template: EventsNotices.reminder,
            params: { programme: r.programme, startsAt: r.startsAt.toISOString(), place: r.place, code: r.code },
            dedupeKey,
          })
        )
          reminded++;
      });
    }
    return { reminded };
  }
}
