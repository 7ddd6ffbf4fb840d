/** PostgreSQL's SQLSTATE of a failed query, as TypeORM wraps it (QueryFailedError.driverError.code). */
function sqlState(e: unknown): string | undefined {
  return (e as { driverError?: { code?: string } } | null)?.driverError?.code;
}

/** A unique constraint or unique index refused the write (23505): the loser of a race, or a duplicate. */
export const isUniqueViolation = (e: unknown): boolean => sqlState(e) === '23505';
