import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PersonalDataRegistry, type PersonalDataSource } from '@suotdoi/identity';
import { CalendarFeedsService } from '../feeds/calendar-feeds.service.js';
import { RegistrationsService } from '../registrations/registrations.service.js';

/**
 * Events' share of a patron's personal data, for identity's export and erasure: registrations (with the programme
 * and the session's time), club memberships and whether a private calendar feed exists. Erasure cancels what is still to come, strips names and contacts
 * from every registration and membership, and keeps the counts (attendance, members per year) anonymous.
 */
@Injectable()
export class EventsPersonalData implements PersonalDataSource, OnModuleInit {
  readonly section = 'events';
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly registrations: RegistrationsService,
    private readonly feeds: CalendarFeedsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportFor(patronId: string): Promise<unknown> {
    return {
      registrations: await this.ds.query(
        `SELECT g.id, p.title AS programme, s.starts_at AS "startsAt", s.ends_at AS "endsAt", g.kind, g.status, g.seats, g.code, g.created_at AS "registeredAt",
                g.cancelled_at AS "cancelledAt", g.checked_in_at AS "checkedInAt"
         FROM events.registrations g JOIN events.sessions s ON s.id = g.session_id JOIN events.programmes p ON p.id = g.programme_id
         WHERE g.patron_id = $1 ORDER BY s.starts_at`,
        [patronId],
      ),
      clubs: await this.ds.query(
        `SELECT c.name AS club, m.joined_on::text AS "joinedOn", m.left_on::text AS "leftOn" FROM events.club_members m JOIN events.clubs c ON c.id = m.club_id WHERE m.patron_id = $1 ORDER BY m.joined_on`,
        [patronId],
      ),
      calendarFeed: await this.feeds.status(patronId),
    };
  }

  async eraseFor(patronId: string, _accountId: string, m: EntityManager): Promise<void> {
    await this.registrations.eraseFor(patronId, m);
    await this.feeds.revoke(patronId, m);
    await m.query(
      `UPDATE events.club_members SET patron_id = NULL, full_name = NULL, left_on = coalesce(left_on, greatest(joined_on, CURRENT_DATE)) WHERE patron_id = $1`,
      [patronId],
    );
  }
}
