import { Injectable } from '@nestjs/common';
import { AppConfig, defineJob, JobProcessor, QUEUES, type ScheduledJobHandler } from '@suotdoi/platform';
import { AdvancingService } from './advancing.service.js';

/** `withinDays`: how long before a stage's planned end the next shipment is proposed (default ROTATION_ADVANCE_DAYS). */
export type AdvanceStagesPayload = { withinDays?: number; batch: number };
/** Propose the next shipment for stages ending soon and flag late ones (notices to the owner's staff). */
export const AdvanceStagesJob = defineJob<AdvanceStagesPayload>(QUEUES.rotation, 'advance-stages');

@Injectable()
@JobProcessor()
export class AdvanceStagesHandler implements ScheduledJobHandler<AdvanceStagesPayload> {
  readonly job = AdvanceStagesJob;
  readonly schedule = { id: 'rotation-advance-stages', every: 60 * 60 * 1000, payload: { batch: 200 } };
  constructor(
    private readonly advancing: AdvancingService,
    private readonly config: AppConfig,
  ) {}

  handle(payload: AdvanceStagesPayload): Promise<{ proposed: number; late: number }> {
    return this.advancing.scan(payload.withinDays ?? this.config.ROTATION_ADVANCE_DAYS, payload.batch);
  }
}
