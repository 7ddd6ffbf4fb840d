import { Clock } from '@suotdoi/platform';

/** The instant `days` days before now (real time). */
export const daysAgo = (days: number, hours = 0): Date => new Date(Date.now() - (days * 24 + hours) * 3_600_000);

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

  /**
   * Runs `work` with the clock at `when`, then puts it back: a checkout made 17 days ago, a hold trapped last week.
   * Access tokens issued now stay valid at an earlier instant, so the test's actors need nothing new.
   */
  async at<T>(when: Date | string, work: () => PromiseLike<T>): Promise<T> {
    const offset = this.offsetMs;
    this.set(when);
    try {
      return await work();
    } finally {
      this.offsetMs = offset;
    }
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
