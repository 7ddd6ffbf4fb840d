import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '@suotdoi/network';
import type { OpeningCalendar } from '../ports.js';

/** OpeningCalendar over network's CalendarService (weekly hours, closures, nationwide holidays such as Tết). */
@Injectable()
export class NetworkOpeningCalendar implements OpeningCalendar {
  constructor(private readonly calendar: CalendarService) {}

  nextOpenDay(institutionId: string, date: string, manager?: EntityManager): Promise<string> {
    return this.calendar.nextOpenDay(institutionId, date, manager);
  }
}
