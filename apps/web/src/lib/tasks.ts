import { ApiError, get } from './api.js';

/** A long job the API runs after answering 202 (`GET /tasks/{id}`), with the files it produced. */
export interface Task {
  id: string;
  status: string;
  href?: string;
  error?: { message?: string; messageVi?: string } | null;
  files?: { name: string; contentType: string; size: number; href: string }[];
}

/**
 * Follow a 202 answer's task until it ends (polling, backing off to 3 s); answers the finished task, or undefined when
 * the request was answered at once (not 202).
 */
export async function followTask(res: Response, failedEn: string, failedVi: string): Promise<Task | undefined> {
  if (res.status !== 202) return undefined;
  const task = (await res.json()) as Task;
  const href = task.href ?? res.headers.get('Location') ?? `/tasks/${task.id}`;
  for (let wait = 300; ; wait = Math.min(wait * 1.5, 3000)) {
    const now = await get<Task>(href);
    if (now.status === 'succeeded' || now.status === 'done' || now.status === 'completed') return now;
    if (now.status === 'failed' || now.status === 'cancelled')
      throw new ApiError(500, 'tasks/failed', now.error?.message ?? failedEn, now.error?.messageVi ?? failedVi);
    await new Promise((r) => setTimeout(r, wait));
  }
}
