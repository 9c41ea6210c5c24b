/**
 * Recognising database errors that are the client's doing rather than faults, whatever the dialect.
 */
import { PropolisError } from '@propolis/core';

/** The unique index that deduplicates alerts by (organisation, type, source, sourceRef). */
export const ALERT_DEDUP_CONSTRAINT = 'alert_dedup';

/**
 * Unique constraints by the columns they cover, for SQLite, whose error names the columns
 * ("UNIQUE constraint failed: alert.organisation_id, alert.type, ...") but not the index. Names are
 * the ones the migrations give (PostgreSQL reports the same names); a one-column constraint not
 * listed is named as PostgreSQL names it (`<table>_<column>_key`).
 */
const NAMED_UNIQUE: Record<string, string> = {
  'alert.organisation_id,alert.type,alert.source,alert.source_ref': ALERT_DEDUP_CONSTRAINT,
  'case_template.organisation_id,case_template.name': 'case_template_name',
  'case.organisation_id,case.number': 'case_number',
  'observable.case_id,observable.data_type,observable.data_key': 'observable_case_unique',
  'observable.alert_id,observable.data_type,observable.data_key': 'observable_alert_unique',
  'membership.user_id,membership.organisation_id': 'membership_pk',
  'sequence.organisation_id,sequence.name': 'sequence_pk',
  'log_attachment.log_id,log_attachment.attachment_id': 'log_attachment_pk',
  'entity_tag.entity_type,entity_tag.entity_id,entity_tag.tag': 'entity_tag_pk',
};

export interface UniqueViolation {
  /** The constraint's (or unique index's) name, the same on both databases: `alert_dedup`, `user_login_key`. */
  constraint: string;
  /** What clashed, as the database says it ("user.login", or "Key (login)=(x) already exists."). */
  detail: string;
}

function sqliteConstraint(columns: string): string {
  const key = columns
    .split(',')
    .map((c) => c.trim())
    .join(',');
  const named = NAMED_UNIQUE[key];
  if (named) return named;
  const parts = key.split(',');
  if (parts.length === 1) {
    const [table, column] = key.split('.');
    return column === 'id' ? `${table}_pkey` : `${table}_${column}_key`;
  }
  return key;
}

/** When `error` is a unique-constraint violation, which constraint and what clashed; else undefined. */
export function uniqueViolation(error: unknown): UniqueViolation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    code?: unknown;
    message?: unknown;
    detail?: unknown;
    table?: unknown;
    constraint?: unknown;
  };
  // PostgreSQL: SQLSTATE 23505 unique_violation, with the constraint's name.
  if (e.code === '23505') {
    const constraint = typeof e.constraint === 'string' ? e.constraint : 'unique constraint';
    const detail = typeof e.detail === 'string' && e.detail ? e.detail : constraint;
    return { constraint, detail };
  }
  // SQLite (better-sqlite3): "UNIQUE constraint failed: user.login".
  if (
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') &&
    typeof e.message === 'string'
  ) {
    const detail = e.message.replace(/^UNIQUE constraint failed:\s*/, '');
    return { constraint: sqliteConstraint(detail), detail };
  }
  return undefined;
}

/**
 * A write refused by a unique constraint (a concurrent request won the race between a command's check
 * and its insert): a ConflictError that names the constraint, so a command can tell its own
 * duplicate (an alert's key) from any other.
 */
export class UniqueConflictError extends PropolisError {
  readonly constraint: string;

  constructor(clash: UniqueViolation, cause?: unknown) {
    super('ConflictError', `Already exists (${clash.detail}): a concurrent request created it first`, {
      cause,
    });
    this.constraint = clash.constraint;
  }
}

/** The refusal of an alert whose key (organisation, type, source, sourceRef) is taken. */
export const duplicateAlert = (): UniqueConflictError =>
  new UniqueConflictError({
    constraint: ALERT_DEDUP_CONSTRAINT,
    detail: 'Key (organisation_id, type, source, source_ref) already exists.',
  });

/** Whether `error` is the refusal of the unique constraint `constraint`. */
export const isUniqueConflict = (error: unknown, constraint: string): error is UniqueConflictError =>
  error instanceof UniqueConflictError && error.constraint === constraint;
