/**
 * The one SQL `SET` builder: `column = $n` assignments for the defined fields of a patch (undefined = leave alone,
 * null = clear), for partial UPDATEs. `columns` maps each patchable field to its column (only those are read, so a
 * patch cannot name a column). `params` holds the values already bound (e.g. the row id at $1); the patch values are
 * appended to it. `positions` tells where each field's value went, for expressions that reuse it.
 *
 *   const params: unknown[] = [id];
 *   const { sets } = assignments({ fullName: 'full_name', address: 'address' }, patch, params);
 *   if (sets.length) await manager.query(`UPDATE x SET ${sets.join(', ')} WHERE id = $1`, params);
 */
export function assignments(
  columns: Record<string, string>,
  patch: object,
  params: unknown[],
): { sets: string[]; positions: Record<string, number> } {
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
