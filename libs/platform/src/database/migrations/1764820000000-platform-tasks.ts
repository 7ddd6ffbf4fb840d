import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On-demand tasks (libs/platform/src/tasks): long work a request starts and a worker runs — imports, report
 * rendering, manifests, bulk changes. One row per task (who started it, what it may be read under, status,
 * progress, result or error) and its files: the input it was given and the results it rendered.
 */
export class PlatformTasks1764820000000 implements MigrationInterface {
  name = 'PlatformTasks1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.tasks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        title_vi text NOT NULL,
        title_en text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        owner_account_id uuid NOT NULL,
        scope_institution_id uuid,
        scope_unit_id uuid,
        scope_role text,
        payload jsonb NOT NULL,
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer,
        result jsonb,
        error_code text,
        error_message text,
        error_message_vi text,
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        CONSTRAINT tasks_pk PRIMARY KEY (id),
        CONSTRAINT tasks_status_ck CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        CONSTRAINT tasks_attempts_ck CHECK (max_attempts BETWEEN 1 AND 20),
        CONSTRAINT tasks_progress_ck CHECK (progress_done >= 0 AND (progress_total IS NULL OR progress_total >= 0)),
        CONSTRAINT tasks_error_ck CHECK ((status = 'failed') = (error_code IS NOT NULL)),
        CONSTRAINT tasks_finished_ck CHECK ((status IN ('succeeded', 'failed')) = (finished_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX tasks_owner_idx ON platform.tasks (owner_account_id, created_at DESC)`);
    await q.query(`CREATE INDEX tasks_finished_idx ON platform.tasks (finished_at) WHERE finished_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE platform.task_files (
        task_id uuid NOT NULL,
        role text NOT NULL,
        name text NOT NULL,
        content_type text NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_files_pk PRIMARY KEY (task_id, role, name),
        CONSTRAINT task_files_task_fk FOREIGN KEY (task_id) REFERENCES platform.tasks (id) ON DELETE CASCADE,
        CONSTRAINT task_files_role_ck CHECK (role IN ('input', 'result')),
        CONSTRAINT task_files_name_ck CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.task_files`);
    await q.query(`DROP TABLE platform.tasks`);
  }
}
