/**
 * `col = $n` assignments for the defined fields of a patch (undefined = leave alone, null = clear). `params` holds
 * the values already bound (the row id at $1); the patch values are appended to it.
 */
export function assignments(columns: Record<string, string>, patch: object, params: unknown[]): { sets: string[]; positions: Record<string, number> } {
  const sets: string[] = [];
  const positions: Record<string, number> = {};
  for (const [field, column] of Object.entries(columns)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value === undefined) continue;
    params.push(value);
    positions[field] = params.length;
    sets.push(`${column} = $${params.length}`);
  }
  return { sets, positions };
}
