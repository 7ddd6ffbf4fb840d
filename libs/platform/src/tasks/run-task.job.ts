import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { isDomainError } from '../errors/domain-error.js';
import { defineJob, JobProcessor, type JobContext, type JobHandler } from '../queue/job.js';
import { QUEUES } from '../queue/queue-names.js';
import { TASK_HANDLER, type TaskContext, type TaskHandler } from './task.js';
import { TaskErrors } from './tasks.errors.js';
import { TasksRepository } from './tasks.repository.js';

export type RunTaskPayload = { taskId: string };
/** Runs one on-demand task (the job id is the task id). Attempts come from the task's definition. */
export const RunTaskJob = defineJob<RunTaskPayload>(QUEUES.tasks, 'run-task');

/** Progress is written at most this often (and always at the end). */
const PROGRESS_EVERY_MS = 250;

/**
 * Runs tasks: claims the row (queued or running → running), hands the payload to the kind's @TaskProcessor, and
 * records the result. A DomainError fails the task at once with its code and messages (a retry would give the same
 * answer); any other error is retried by BullMQ until the definition's attempts are used up, then the task fails
 * with platform/task_failed. A job for a task that has already finished does nothing.
 */
@Injectable()
@JobProcessor()
export class RunTaskHandler implements JobHandler<RunTaskPayload>, OnApplicationBootstrap {
  readonly job = RunTaskJob;
  private readonly log = new Logger('Tasks');
  private readonly handlers = new Map<string, TaskHandler<unknown, Record<string, unknown>>>();
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly repo: TasksRepository,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as TaskHandler<unknown, Record<string, unknown>> | undefined;
      if (!instance || !wrapper.metatype || !Reflect.getMetadata(TASK_HANDLER, wrapper.metatype)) continue;
      if (this.handlers.has(instance.task.kind)) throw new Error(`two handlers for task ${instance.task.kind}`);
      this.handlers.set(instance.task.kind, instance);
    }
  }

  async handle({ taskId }: RunTaskPayload, job: JobContext): Promise<{ status: string }> {
    const task = await this.repo.begin(taskId);
    if (!task) return { status: 'finished already' };
    const handler = this.handlers.get(task.kind);
    if (!handler) {
      await this.repo.fail(taskId, {
        code: 'platform/task_kind_unknown',
        message: `No handler for task kind ${task.kind}.`,
        messageVi: `Không có bộ xử lý cho loại tác vụ ${task.kind}.`,
      });
      return { status: 'failed' };
    }
    let last = 0;
    let pending: { done: number; total?: number } | undefined;
    const ctx: TaskContext = {
      taskId,
      attempt: job.attempt,
      input: () => this.repo.input(taskId),
      progress: async (done, total) => {
        pending = { done, total };
        if (Date.now() - last < PROGRESS_EVERY_MS) return;
        last = Date.now();
        pending = undefined;
        await this.repo.progress(taskId, done, total);
      },
      addFile: (f) => this.repo.putResultFile(taskId, f),
    };
    try {
      const result = await handler.run(task.payload, ctx);
      if (pending) await this.repo.progress(taskId, pending.done, pending.total);
      await this.repo.succeed(taskId, result ?? {});
      return { status: 'succeeded' };
    } catch (err) {
      if (pending) await this.repo.progress(taskId, pending.done, pending.total).catch(() => undefined);
      if (isDomainError(err)) {
        await this.repo.fail(taskId, { code: err.code, message: err.message, messageVi: err.messageVi });
        return { status: 'failed' };
      }
      if (job.attempt >= task.maxAttempts) {
        this.log.error(
          `task ${taskId} (${task.kind}) failed for good after ${job.attempt} attempts: ${(err as Error).message}`,
        );
        const e = TaskErrors.failed({ attempts: job.attempt, taskId });
        await this.repo.fail(taskId, { code: e.code, message: e.message, messageVi: e.messageVi });
        return { status: 'failed' };
      }
      throw err;
    }
  }
}
