import { Clock } from '@suotdoi/platform';

/**
 * The test app's clock: real time shifted by an offset the test sets. Time travel in tests goes through it (a loan
 * falls due, a hold expires), never by rewriting rows; the API and the workers of one test app read the same clock.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward (or back, with a negative amount). */
  advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number }): Date {
    this.offsetMs +=
      ((((by.days ?? 0) * 24 + (by.hours ?? 0)) * 60 + (by.minutes ?? 0)) * 60 + (by.seconds ?? 0)) * 1000;
    return this.now();
  }

  /** Sets the clock to `at` (it keeps running from there). */
  set(at: Date | string): Date {
    this.offsetMs = new Date(at).getTime() - Date.now();
    return this.now();
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
