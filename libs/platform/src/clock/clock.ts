import { Injectable } from '@nestjs/common';

/** Vietnam's time zone; periods, due dates and reports are computed in it. */
export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

/** The time source. Inject it instead of calling `new Date()` so rules can be tested at chosen instants. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

// Building a DateTimeFormat costs far more than formatting with one (it showed in circulation profiles): build it once.
const VIETNAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Calendar date (YYYY-MM-DD) of an instant in Vietnam time. */
export function vietnamDate(instant: Date): string {
  return VIETNAM_DAY.format(instant);
}
