import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { staffInstitutions, type Principal } from '../auth/principal.js';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory } from '../auth/jurisdiction.js';
import { afterCommit } from '../database/after-commit.js';
import { QueueService } from '../queue/queue.service.js';
import type { TaskDefinition, TaskFile, TaskScope, TaskView } from './task.js';
import { TaskErrors } from './tasks.errors.js';
import { TasksRepository, type TaskRow } from './tasks.repository.js';
import { RunTaskJob } from './run-task.job.js';

export interface StartTaskOptions {
  /** Who starts it: the only one who sees it, besides readers of its scope. */
  owner: Principal | { accountId: string };
  scope?: TaskScope;
  /** Units of work expected (records, rows), when known before it runs. */
  total?: number;
  /** A file the task works on (an uploaded MARC file, a spreadsheet), stored with the task; `ctx.input()` reads it. */
  input?: TaskFile;
  /** A title for this task instead of its kind's (e.g. naming the report or the collection). */
  title?: { vi: string; en: string };
  /**
   * The caller's transaction: the task is recorded in it and queued once it commits (so a task is never queued for a
   * change that rolled back). Without it the task is recorded and queued at once.
   */
  manager?: EntityManager;
}

/** Starts tasks and answers for them (owner-only or scope readers; anyone else gets 404). */
@Injectable()
export class TasksService {
  private readonly log = new Logger('Tasks');
  constructor(
    private readonly repo: TasksRepository,
    private readonly queues: QueueService,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  /** Record a task and queue its run. Returns the task as `GET /tasks/{id}` shows it (status `queued`). */
  async start<P, R extends Record<string, unknown>>(
    def: TaskDefinition<P, R>,
    payload: P,
    opts: StartTaskOptions,
  ): Promise<TaskView> {
    const title = opts.title ?? def.title;
    const row = await this.repo.insert(
      {
        kind: def.kind,
        titleVi: title.vi.normalize('NFC'),
        titleEn: title.en,
        ownerAccountId: opts.owner.accountId,
        scope: opts.scope ?? {},
        payload,
        total: opts.total ?? null,
        maxAttempts: def.attempts,
        input: opts.input,
      },
      opts.manager,
    );
    if (opts.manager?.queryRunner?.isTransactionActive) {
      // Queued after the commit; should that enqueue fail, the requeue job picks the task up within a minute.
      afterCommit(
        opts.manager,
        () =>
          void this.enqueue(row.id, def.attempts).catch((e: Error) =>
            this.log.warn(`task ${row.id} not queued yet: ${e.message}`),
          ),
      );
    } else {
      try {
        await this.enqueue(row.id, def.attempts);
      } catch (e) {
        this.log.error(`task ${row.id} (${def.kind}) not queued: ${(e as Error).message}`);
        await this.repo.fail(row.id, {
          code: TaskErrors.notQueued.spec.code,
          message: TaskErrors.notQueued.spec.en,
          messageVi: TaskErrors.notQueued.spec.vi,
        });
        throw TaskErrors.notQueued();
      }
    }
    return this.view(row, []);
  }

  /** Queue (again) the run of a task; a no-op while its job exists (the job id is the task id). */
  async enqueue(taskId: string, attempts: number): Promise<void> {
    await this.queues.enqueue(
      RunTaskJob,
      { taskId },
      { jobId: taskId, attempts, backoff: { type: 'exponential', delay: 2000 } },
    );
  }

  /** The task, if `principal` may read it; else TaskErrors.notFound (404, whether or not it exists). */
  async get(id: string, principal: Principal): Promise<TaskView> {
    const row = await this.readable(id, principal);
    return this.view(row, await this.repo.files(row.id));
  }

  /** A result file of a task `principal` may read. */
  async file(id: string, name: string, principal: Principal): Promise<TaskFile> {
    const row = await this.readable(id, principal);
    const f = await this.repo.file(row.id, 'result', name);
    if (!f) throw TaskErrors.fileNotFound({ name });
    return f;
  }

  /** The task with no access check, for code that already knows who asks (tests, the worker). */
  async find(id: string): Promise<TaskView | undefined> {
    const row = await this.repo.find(id);
    return row && this.view(row, await this.repo.files(row.id));
  }

  private async readable(id: string, p: Principal): Promise<TaskRow> {
    const row = await this.repo.find(id);
    if (!row || !(await this.mayRead(row, p))) throw TaskErrors.notFound();
    return row;
  }

  private async mayRead(t: TaskRow, p: Principal): Promise<boolean> {
    if (t.ownerAccountId === p.accountId) return true;
    if (
      t.scopeInstitutionId &&
      staffInstitutions(p, (t.scopeRole as never) ?? undefined).includes(t.scopeInstitutionId)
    )
      return true;
    if (!p.adminUnitIds.length || !this.directory) return false;
    if (t.scopeUnitId && (await this.directory.unitsUnder(p.adminUnitIds)).includes(t.scopeUnitId)) return true;
    return (
      !!t.scopeInstitutionId && (await this.directory.institutionsUnder(p.adminUnitIds)).includes(t.scopeInstitutionId)
    );
  }

  private view(t: TaskRow, files: TaskView['files']): TaskView {
    return {
      id: t.id,
      kind: t.kind,
      status: t.status,
      title: { vi: t.titleVi, en: t.titleEn },
      progress: { done: t.progressDone, total: t.progressTotal },
      result: t.result,
      error: t.errorCode
        ? { code: t.errorCode, message: t.errorMessage ?? '', messageVi: t.errorMessageVi ?? '' }
        : null,
      files,
      attempts: t.attempts,
      createdAt: t.createdAt,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
    };
  }
}
