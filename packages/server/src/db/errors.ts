/**
 * Recognising database errors that are the client's doing rather than faults, whatever the dialect.
 */

/**
 * When `error` is a unique-constraint violation (two requests racing to create the same name), a short
 * description of what clashed ("user.login", or PostgreSQL's "Key (login)=(x) already exists."); else undefined.
 */
export function uniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    code?: unknown;
    message?: unknown;
    detail?: unknown;
    table?: unknown;
    constraint?: unknown;
  };
  // PostgreSQL: SQLSTATE 23505 unique_violation.
  if (e.code === '23505') {
    if (typeof e.detail === 'string' && e.detail) return e.detail;
    return [e.table, e.constraint].filter((v) => typeof v === 'string').join(' ') || 'unique constraint';
  }
  // SQLite (better-sqlite3): "UNIQUE constraint failed: user.login".
  if (
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') &&
    typeof e.message === 'string'
  ) {
    return e.message.replace(/^UNIQUE constraint failed:\s*/, '');
  }
  return undefined;
}
