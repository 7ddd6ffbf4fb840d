import type { StaffRole } from '../auth/principal.js';

/**
 * On-demand tasks: long work a request starts (an import, a report, a manifest, a bulk change) runs in the worker as
 * a queued BullMQ job; the request answers 202 with `Location: /tasks/{id}`, and `GET /tasks/{id}` tells status,
 * progress, result, error and result files. A module defines each kind once with `defineTask` and implements it in
 * a provider marked `@TaskProcessor()`.
 */

/** A kind of task with its payload and result types. `kind` is stored in rows: never rename one. */
export interface TaskDefinition<P, R> {
  /** `module.what`, e.g. `catalogue.marc_apply`. */
  readonly kind: string;
  /** What the task does, shown to the person who started it. */
  readonly title: { vi: string; en: string };
  /** Attempts before the task is failed (a DomainError fails it at once: retrying cannot change the answer). */
  readonly attempts: number;
  /** Phantom fields carrying the types; never set. */
  readonly __payload?: P;
  readonly __result?: R;
}

const KINDS = new Set<string>();

/** Declare a task kind (once per kind, in the module that runs it). */
export function defineTask<P, R extends Record<string, unknown> = Record<string, unknown>>(def: {
  kind: string;
  title: { vi: string; en: string };
  attempts?: number;
}): TaskDefinition<P, R> {
  if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(def.kind)) throw new Error(`task kind ${def.kind} is not module.what`);
  if (KINDS.has(def.kind)) throw new Error(`task kind ${def.kind} is defined twice`);
  KINDS.add(def.kind);
  return { kind: def.kind, title: def.title, attempts: def.attempts ?? 3 };
}

/** A file a task takes or renders. `name` is what the download is called (letters, digits, `.`, `_`, `-`). */
export interface TaskFile {
  name: string;
  contentType: string;
  content: Buffer;
}

/**
 * Who besides the owner may read a task: staff of the institution (with `role`, or any role), and administrators
 * whose jurisdiction covers the institution or the unit. Without a scope only the owner sees it.
 */
export interface TaskScope {
  institutionId?: string;
  unitId?: string;
  role?: StaffRole;
}

/** What a task handler gets besides its payload. */
export interface TaskContext {
  readonly taskId: string;
  /** 1 on the first run; a retry runs the whole handler again, so handlers must be idempotent. */
  readonly attempt: number;
  /** The file the task was started with (`TasksService.start(…, { input })`), if any. */
  input(): Promise<TaskFile | undefined>;
  /** Record progress: `done` of `total` units (records, rows, pages). Written at most every 250 ms, and at the end. */
  progress(done: number, total?: number): Promise<void>;
  /**
   * Store a result file (downloadable at `/tasks/{id}/files/{name}`). Render it before calling, outside any database
   * transaction; storing the same name again replaces it, so a retried task does not leave two.
   */
  addFile(file: TaskFile): Promise<void>;
}

/** Runs one task kind in the worker. `run` returns the result summary (JSON) shown in `GET /tasks/{id}`. */
export interface TaskHandler<P, R extends Record<string, unknown> = Record<string, unknown>> {
  readonly task: TaskDefinition<P, R>;
  run(payload: P, ctx: TaskContext): Promise<R>;
}

export const TASK_HANDLER = Symbol('suotdoi:task-handler');

/** Marks a provider as the handler of its `task`; the worker discovers every marked provider. */
export function TaskProcessor(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(TASK_HANDLER, true, target);
  };
}

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task as its reader sees it. */
export interface TaskView {
  id: string;
  kind: string;
  status: TaskStatus;
  title: { vi: string; en: string };
  progress: { done: number; total: number | null };
  result: Record<string, unknown> | null;
  error: { code: string; message: string; messageVi: string } | null;
  files: { name: string; contentType: string; size: number }[];
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}
