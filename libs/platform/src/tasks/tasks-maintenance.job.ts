import { Injectable } from '@nestjs/common';
import { defineJob, JobProcessor } from '../queue/job.js';
import { QUEUES } from '../queue/queue-names.js';
import type { ScheduledJobHandler } from '../queue/worker-host.js';
import { TasksRepository } from './tasks.repository.js';
import { TasksService } from './tasks.service.js';

/** Finished tasks and their files are kept this many days. */
export const TASK_RETENTION_DAYS = 7;

export type TasksMaintenancePayload = { retentionDays: number };
/** Queue tasks left unqueued (a start whose enqueue failed after its commit) and purge old finished ones. */
export const TasksMaintenanceJob = defineJob<TasksMaintenancePayload>(QUEUES.maintenance, 'tasks-maintenance');

@Injectable()
@JobProcessor()
export class TasksMaintenanceHandler implements ScheduledJobHandler<TasksMaintenancePayload> {
  readonly job = TasksMaintenanceJob;
  readonly schedule = { id: 'tasks-maintenance', every: 60_000, payload: { retentionDays: TASK_RETENTION_DAYS } };
  constructor(
    private readonly repo: TasksRepository,
    private readonly tasks: TasksService,
  ) {}

  async handle(p: TasksMaintenancePayload): Promise<{ requeued: number; purged: number }> {
    // A queued task whose job exists is left as it is (the job id is the task id).
    const stale = await this.repo.staleQueued();
    for (const t of stale) await this.tasks.enqueue(t.id, t.maxAttempts);
    return { requeued: stale.length, purged: await this.repo.purge(p.retentionDays) };
  }
}
