/** SQLSTATE and constraint of a failed query, as TypeORM wraps pg's error. */
export function pgFailure(e: unknown): { code?: string; constraint?: string } {
  const d = (e as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  return { code: d?.code, constraint: d?.constraint };
}

/** An exclusion constraint refused the write (23P01): e.g. a room booked at overlapping times. */
export const isExclusionViolation = (e: unknown, constraint?: string): boolean => {
  const f = pgFailure(e);
  return f.code === '23P01' && (!constraint || f.constraint === constraint);
};

/** A check constraint refused the write (23514). */
export const isCheckViolation = (e: unknown, constraint?: string): boolean => {
  const f = pgFailure(e);
  return f.code === '23514' && (!constraint || f.constraint === constraint);
};

/**
 * Rows of an UPDATE or DELETE … RETURNING run through TypeORM's `query`, which answers those with `[rows, count]`
 * (INSERT and SELECT answer with the rows).
 */
export async function returning<T>(
  m: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const r = (await m.query(sql, params)) as unknown[];
  return (r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as T[];
}
