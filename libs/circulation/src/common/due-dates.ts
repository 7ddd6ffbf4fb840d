import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { vietnamDate } from '@suotdoi/platform';
import { addDays, endOfVietnamDay } from '../dates.js';
import { OPENING_CALENDAR, type OpeningCalendar } from '../ports/ports.js';

/** Due dates and pickup deadlines: whole Vietnam days, moved forward past the institution's closed days and holidays. */
@Injectable()
export class DueDates {
  constructor(@Inject(OPENING_CALENDAR) private readonly calendar: OpeningCalendar) {}

  /** End of the first open day at least `days` days after `from` (a Vietnam date or an instant). */
  async after(
    institutionId: string,
    from: Date | string,
    days: number,
    manager?: EntityManager,
  ): Promise<{ date: string; at: Date }> {
    const start = typeof from === 'string' ? from : vietnamDate(from);
    const date = await this.calendar.nextOpenDay(institutionId, addDays(start, days), manager);
    return { date, at: endOfVietnamDay(date) };
  }
}
