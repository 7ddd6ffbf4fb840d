/**
 * Rows that come back inside JSON (row_to_json in a combined query) carry timestamps as ISO strings: turn the named
 * fields back into Dates so the row is the same as one read directly. Null in, undefined out (no row).
 */
export function reviveDates<T extends object>(
  row: T | null | undefined,
  fields: readonly (keyof T & string)[],
): T | undefined {
  if (!row) return undefined;
  const out = { ...row } as Record<string, unknown>;
  for (const f of fields) if (typeof out[f] === 'string') out[f] = new Date(out[f] as string);
  return out as T;
}
