import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { NoticeScanService } from '../notices/notice-scan.service.js';

export type ScanNoticesPayload = { batch: number };
/** Record due-soon, overdue and hold-expiring notices (delivered through the outbox); idempotent by dedupe key. */
export const ScanNoticesJob = defineJob<ScanNoticesPayload>(QUEUES.notices, 'circulation-scan-notices');

@Injectable()
@JobProcessor()
export class ScanNoticesHandler implements ScheduledJobHandler<ScanNoticesPayload> {
  readonly job = ScanNoticesJob;
  // Hourly: a notice goes out within the hour its event starts; the dedupe key stops repeats.
  readonly schedule = { id: 'circulation-scan-notices', pattern: '5 * * * *', payload: { batch: 500 } };
  constructor(private readonly scanner: NoticeScanService) {}

  async handle(
    payload: ScanNoticesPayload,
  ): Promise<{ dueSoon: number; overdue: number; holdExpiring: number; eLoanEnding: number }> {
    const total = { dueSoon: 0, overdue: 0, holdExpiring: 0, eLoanEnding: 0 };
    for (;;) {
      const r = await this.scanner.scan(payload.batch);
      total.dueSoon += r.dueSoon;
      total.overdue += r.overdue;
      total.holdExpiring += r.holdExpiring;
      total.eLoanEnding += r.eLoanEnding;
      if (r.dueSoon + r.overdue + r.holdExpiring + r.eLoanEnding === 0) return total;
    }
  }
}
