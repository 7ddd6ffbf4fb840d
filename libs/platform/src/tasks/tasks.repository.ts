import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { TaskFile, TaskScope, TaskStatus } from './task.js';

export interface TaskRow {
  id: string;
  kind: string;
  status: TaskStatus;
  titleVi: string;
  titleEn: string;
  ownerAccountId: string;
  scopeInstitutionId: string | null;
  scopeUnitId: string | null;
  scopeRole: string | null;
  payload: unknown;
  progressDone: number;
  progressTotal: number | null;
  result: Record<string, unknown> | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorMessageVi: string | null;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, kind, status, title_vi AS "titleVi", title_en AS "titleEn", owner_account_id AS "ownerAccountId",
  scope_institution_id AS "scopeInstitutionId", scope_unit_id AS "scopeUnitId", scope_role AS "scopeRole", payload,
  progress_done AS "progressDone", progress_total AS "progressTotal", result, error_code AS "errorCode",
  error_message AS "errorMessage", error_message_vi AS "errorMessageVi", attempts, max_attempts AS "maxAttempts", created_at AS "createdAt",
  started_at AS "startedAt", finished_at AS "finishedAt"`;

/** The only place that queries platform.tasks and platform.task_files. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(
    t: {
      kind: string;
      titleVi: string;
      titleEn: string;
      ownerAccountId: string;
      scope: TaskScope;
      payload: unknown;
      total: number | null;
      maxAttempts: number;
      input?: TaskFile;
    },
    manager?: EntityManager,
  ): Promise<TaskRow> {
    const run = async (m: EntityManager) => {
      const [row]: TaskRow[] = await m.query(
        `INSERT INTO platform.tasks (kind, title_vi, title_en, owner_account_id, scope_institution_id, scope_unit_id, scope_role, payload, progress_total, max_attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING ${COLUMNS}`,
        [
          t.kind,
          t.titleVi,
          t.titleEn,
          t.ownerAccountId,
          t.scope.institutionId ?? null,
          t.scope.unitId ?? null,
          t.scope.role ?? null,
          JSON.stringify(t.payload),
          t.total,
          t.maxAttempts,
        ],
      );
      if (t.input) await this.putFile(m, row.id, 'input', t.input);
      return row;
    };
    return manager ? run(manager) : this.ds.transaction(run);
  }

  async find(id: string): Promise<TaskRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row]: TaskRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM platform.tasks WHERE id = $1`, [id]);
    return row;
  }

  /** Claim a task for a run: queued or running (a retry) → running; undefined when it has finished (a duplicate job). */
  async begin(id: string): Promise<TaskRow | undefined> {
    // An UPDATE … RETURNING answers [rows, count].
    const [[row]]: [TaskRow[], number] = await this.ds.query(
      `UPDATE platform.tasks SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
      [id],
    );
    return row;
  }

  async progress(id: string, done: number, total: number | null | undefined): Promise<void> {
    await this.ds.query(
      `UPDATE platform.tasks SET progress_done = $2, progress_total = coalesce($3, progress_total) WHERE id = $1 AND status = 'running'`,
      [id, done, total ?? null],
    );
  }

  async succeed(id: string, result: Record<string, unknown>): Promise<void> {
    await this.ds.query(
      `UPDATE platform.tasks SET status = 'succeeded', result = $2::jsonb, finished_at = now(), progress_done = coalesce(progress_total, progress_done)
       WHERE id = $1 AND status = 'running'`,
      [id, JSON.stringify(result)],
    );
  }

  async fail(id: string, error: { code: string; message: string; messageVi: string }): Promise<void> {
    await this.ds.query(
      `UPDATE platform.tasks SET status = 'failed', error_code = $2, error_message = $3, error_message_vi = $4, finished_at = now()
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error.code, error.message, error.messageVi],
    );
  }

  async putFile(m: EntityManager | DataSource, taskId: string, role: 'input' | 'result', f: TaskFile): Promise<void> {
    await m.query(
      `INSERT INTO platform.task_files (task_id, role, name, content_type, content) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (task_id, role, name) DO UPDATE SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, created_at = now()`,
      [taskId, role, f.name, f.contentType, f.content],
    );
  }

  async putResultFile(taskId: string, f: TaskFile): Promise<void> {
    await this.putFile(this.ds, taskId, 'result', f);
  }

  async files(taskId: string): Promise<{ name: string; contentType: string; size: number }[]> {
    const rows: { name: string; contentType: string; size: string }[] = await this.ds.query(
      `SELECT name, content_type AS "contentType", octet_length(content) AS size FROM platform.task_files WHERE task_id = $1 AND role = 'result' ORDER BY name`,
      [taskId],
    );
    return rows.map((r) => ({ ...r, size: Number(r.size) }));
  }

  async input(taskId: string): Promise<TaskFile | undefined> {
    const [row]: TaskFile[] = await this.ds.query(
      `SELECT name, content_type AS "contentType", content FROM platform.task_files WHERE task_id = $1 AND role = 'input' LIMIT 1`,
      [taskId],
    );
    return row;
  }

  async file(taskId: string, role: 'input' | 'result', name: string): Promise<TaskFile | undefined> {
    const [row]: TaskFile[] = await this.ds.query(
      `SELECT name, content_type AS "contentType", content FROM platform.task_files WHERE task_id = $1 AND role = $2 AND name = $3`,
      [taskId, role, name],
    );
    return row;
  }

  /** Tasks still queued a while after they were recorded (their enqueue may have failed after the commit). */
  staleQueued(): Promise<{ id: string; maxAttempts: number }[]> {
    return this.ds.query(
      `SELECT id, max_attempts AS "maxAttempts" FROM platform.tasks WHERE status = 'queued' AND created_at < now() - interval '30 seconds' ORDER BY created_at LIMIT 500`,
    );
  }

  /** Delete finished tasks (and their files) older than `days`. */
  async purge(days: number): Promise<number> {
    const res: [unknown[], number] = await this.ds.query(
      `DELETE FROM platform.tasks WHERE finished_at < now() - make_interval(days => $1)`,
      [days],
    );
    return res[1];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
