import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { addDays, ChangeSignals, daysBetween, SignalledCache } from '@suotdoi/platform';
import { NetworkErrors } from '../network.errors.js';
import type { IsoDate } from '../network.types.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { CalendarRepository, type ClosureRow, type HoursRow } from './calendar.repository.js';
import { PUBLIC_HOLIDAY_YEARS, publicHolidays } from './public-holidays.js';

export type OpeningInterval = HoursRow;
export type Closure = ClosureRow;

export interface CalendarDay {
  date: IsoDate;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  open: boolean;
  intervals: { opens: string; closes: string }[];
  /** Why the institution is closed that day, when it is closed for a holiday or a closure. */
  closedFor: string | null;
}

const isoWeekday = (d: IsoDate) => ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Opening calendars: weekly hours, closed days of one institution, and nationwide holidays (Tết…). */
@Injectable()
export class CalendarService {
  /** nextOpenDay answers, kept until hours or closures change (in any process: both tables signal their changes). */
  private readonly openDays: SignalledCache<IsoDate>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: CalendarRepository,
    private readonly institutions: InstitutionsService,
    signals: ChangeSignals,
  ) {
    this.openDays = new SignalledCache(signals, ['network.opening_hours', 'network.closures']);
  }

  async setWeeklyHours(institutionId: string, hours: OpeningInterval[]): Promise<OpeningInterval[]> {
    await this.institutions.get(institutionId);
    const byDay = new Map<number, OpeningInterval[]>();
    for (const h of hours) byDay.set(h.weekday, [...(byDay.get(h.weekday) ?? []), h]);
    for (const list of byDay.values()) {
      list.sort((a, b) => a.opens.localeCompare(b.opens));
      for (let i = 1; i < list.length; i++)
        if (list[i].opens < list[i - 1].closes) throw NetworkErrors.noOpenInterval();
    }
    for (const h of hours) if (h.closes <= h.opens) throw NetworkErrors.noOpenInterval();
    await this.ds.transaction((m) => this.repo.replaceHours(m, institutionId, hours));
    this.openDays.clear();
    return this.repo.hours(institutionId);
  }

  weeklyHours(institutionId: string): Promise<OpeningInterval[]> {
    return this.repo.hours(institutionId);
  }

  async addClosure(institutionId: string, c: { startsOn: IsoDate; endsOn: IsoDate; reason: string }): Promise<Closure> {
    if (c.endsOn < c.startsOn) throw NetworkErrors.invalidRange();
    await this.institutions.get(institutionId);
    const closure = await this.repo.insertClosure({
      institutionId,
      ...c,
      reason: c.reason.normalize('NFC'),
      kind: 'closure',
    });
    this.openDays.clear();
    return closure;
  }

  /** A nationwide public holiday (every institution is closed). Idempotent on (dates, reason). */
  async addHoliday(h: { startsOn: IsoDate; endsOn: IsoDate; reason: string }): Promise<Closure> {
    if (h.endsOn < h.startsOn) throw NetworkErrors.invalidRange();
    const holiday = await this.repo.insertClosure({
      institutionId: null,
      ...h,
      reason: h.reason.normalize('NFC'),
      kind: 'holiday',
    });
    this.openDays.clear();
    return holiday;
  }

  /**
   * Add a year's public holidays as the law gives them (`publicHolidays`: Tết and Hùng Kings' day from the lunar
   * calendar). Idempotent: holidays already there are left as they are. Returns the year's holidays.
   */
  async addPublicHolidays(year: number): Promise<Closure[]> {
    if (year < PUBLIC_HOLIDAY_YEARS.from || year > PUBLIC_HOLIDAY_YEARS.to)
      throw NetworkErrors.holidayYearOutOfRange({ year, ...PUBLIC_HOLIDAY_YEARS });
    const out: Closure[] = [];
    for (const h of publicHolidays(year)) out.push(await this.addHoliday(h));
    return out;
  }

  async getClosure(id: string): Promise<Closure> {
    const c = await this.repo.findClosure(id);
    if (!c) throw NetworkErrors.closureNotFound();
    return c;
  }

  async removeClosure(id: string): Promise<void> {
    await this.getClosure(id);
    await this.repo.deleteClosure(id);
    this.openDays.clear();
  }

  holidays(from: IsoDate, to: IsoDate): Promise<Closure[]> {
    return this.repo.closures(null, from, to);
  }

  /** Day by day, whether the institution is open and when, from `from` to `to` inclusive. */
  async calendar(institutionId: string, from: IsoDate, to: IsoDate, manager?: EntityManager): Promise<CalendarDay[]> {
    if (to < from) throw NetworkErrors.invalidRange();
    if (daysBetween(from, to) > 400) throw NetworkErrors.calendarRangeTooLong();
    const { exists, hours, closures } = await this.repo.calendarData(institutionId, from, to, manager);
    if (!exists) throw NetworkErrors.institutionNotFound({ institutionId });
    const days: CalendarDay[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const weekday = isoWeekday(d);
      const closure = closures.find((c) => c.startsOn <= d && c.endsOn >= d);
      const intervals = hours.filter((h) => h.weekday === weekday).map((h) => ({ opens: h.opens, closes: h.closes }));
      days.push({
        date: d,
        weekday,
        open: !closure && intervals.length > 0,
        intervals: closure ? [] : intervals,
        closedFor: closure?.reason ?? null,
      });
    }
    return days;
  }

  async isOpen(institutionId: string, date: IsoDate): Promise<boolean> {
    return (await this.calendar(institutionId, date, date))[0].open;
  }

  /**
   * The first day on or after `date` when the institution is open (circulation moves due dates onto it). With no
   * weekly hours at all the date itself is returned. Inside a transaction pass its manager (read on its connection).
   */
  nextOpenDay(institutionId: string, date: IsoDate, manager?: EntityManager): Promise<IsoDate> {
    return this.openDays.get(`${institutionId}|${date}`, async () => {
      const days = await this.calendar(institutionId, date, addDays(date, 60), manager);
      return days.find((d) => d.open)?.date ?? date;
    });
  }
}
