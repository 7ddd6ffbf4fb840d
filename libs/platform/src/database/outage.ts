/**
 * Whether an error means the database could not be reached or dropped the connection (as opposed to a query that
 * failed on its merits): the API answers those with 503 `platform/unavailable` and `Retry-After`, not 500.
 *
 * Node socket errors (refused, reset, unreachable, timed out), pg's pool and client errors when connecting or when the
 * connection ends, and PostgreSQL's SQLSTATE classes 08 (connection exception), 57P01–57P03 (shutting down, starting
 * up) and 53300 (too many connections). The error itself, TypeORM's `driverError` and `cause` are examined.
 */
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const SQL_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection is closed',
  'not currently accepting connections',
];

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NODE_CODES.has(e.code) || SQL_STATES.has(e.code) || e.code.startsWith('08')))
    return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  // AggregateError (a host with several addresses refused on each).
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/** Seconds a client is told to wait (Retry-After) while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
