/**
 * The organisation conditions of case-related rows, in one place (docs/sharing.md): an
 * organisation sees its own rows, plus (on read scopes with `shared`) the cases shared with it and
 * the tasks, logs, observables and files of those shares; and no user sees the rows of a case
 * restricted to named users unless named (`restrictedFor`). Without shares and restrictions each
 * condition is the plain `organisation_id = ?` its indexes were built for.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from './scope.js';

type Cond = RawBuilder<SqlBool>;

const col = (alias: string | undefined, name: string) => sql.ref(alias ? `${alias}.${name}` : name);

const ownRows = (scope: Scope, alias: string | undefined, noIndex: boolean): Cond =>
  noIndex
    ? sql<SqlBool>`+${col(alias, 'organisation_id')} = ${scope.organisationId}`
    : sql<SqlBool>`${col(alias, 'organisation_id')} = ${scope.organisationId}`;

/** Cases restricted to named users that this user is not named on. */
const hiddenCases = (userId: number) =>
  sql`(SELECT r.case_id FROM case_restriction r WHERE NOT EXISTS (SELECT 1 FROM case_access ca WHERE ca.case_id = r.case_id AND ca.user_id = ${userId}))`;

/**
 * A write through a share (Scope.throughShare): the owner's rows narrowed to the shared case, and
 * to the tasks and observables shared with the acting organisation.
 */
function narrow(
  scope: Scope,
  c: Cond,
  narrowing: (t: { caseId: number; organisationId: number }) => Cond,
): Cond {
  return scope.throughShare ? sql<SqlBool>`(${c} AND ${narrowing(scope.throughShare)})` : c;
}

function restrict(
  scope: Scope,
  alias: string | undefined,
  caseColumn: string,
  nullable: boolean,
  c: Cond,
): Cond {
  if (scope.restrictedFor === undefined) return c;
  const ref = col(alias, caseColumn);
  const notHidden = nullable
    ? sql<SqlBool>`(${ref} IS NULL OR ${ref} NOT IN ${hiddenCases(scope.restrictedFor)})`
    : sql<SqlBool>`${ref} NOT IN ${hiddenCases(scope.restrictedFor)}`;
  return sql<SqlBool>`(${c} AND ${notHidden})`;
}

export interface VisibilityOptions {
  /** Write `+organisation_id` (SQLite: look rows up by primary key, check the organisation after). */
  noIndex?: boolean;
  /**
   * PostgreSQL reads `id = ANY(ARRAY(subquery))` (computed once, then an index OR with the
   * organisation's index) where `id IN (subquery)` would make it scan the table; SQLite has no
   * ARRAY and plans `IN (subquery)` well. Without it the portable form is written.
   */
  dialect?: 'sqlite' | 'postgres';
}

/** The dialect of a connection, for VisibilityOptions.dialect. */
export const dialectOf = (
  db: Kysely<never> | { getExecutor(): { adapter: unknown } },
): 'sqlite' | 'postgres' => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** `ref` among the ids a subquery yields, in the form the database plans best. */
const among = (
  ref: ReturnType<typeof col>,
  subquery: ReturnType<typeof sql>,
  dialect?: 'sqlite' | 'postgres',
) => (dialect === 'postgres' ? sql`${ref} = ANY(ARRAY(${subquery}))` : sql`${ref} IN (${subquery})`);

/** Cases (`case` rows, optionally aliased). */
export function caseVisible(scope: Scope, alias?: string, o: VisibilityOptions = {}): Cond {
  let c = ownRows(scope, alias, o.noIndex ?? false);
  if (scope.shared)
    c = sql<SqlBool>`(${c} OR ${among(col(alias, 'id'), sql`SELECT sh.case_id FROM share sh WHERE sh.organisation_id = ${scope.organisationId}`, o.dialect)})`;
  c = narrow(scope, c, (t) => sql<SqlBool>`${col(alias, 'id')} = ${t.caseId}`);
  return restrict(scope, alias, 'id', false, c);
}

/** Tasks. */
export function taskVisible(scope: Scope, alias?: string, o: VisibilityOptions = {}): Cond {
  let c = ownRows(scope, alias, o.noIndex ?? false);
  if (scope.shared)
    c = sql<SqlBool>`(${c} OR ${among(col(alias, 'id'), sql`SELECT ts.task_id FROM task_share ts WHERE ts.organisation_id = ${scope.organisationId}`, o.dialect)})`;
  c = narrow(scope, c, (t) => sharedTask(col(alias, 'id'), t));
  return restrict(scope, alias, 'case_id', false, c);
}

const sharedTask = (ref: ReturnType<typeof col>, t: { caseId: number; organisationId: number }) =>
  sql<SqlBool>`${ref} IN (SELECT ts.task_id FROM task_share ts JOIN task st ON st.id = ts.task_id WHERE ts.organisation_id = ${t.organisationId} AND st.case_id = ${t.caseId})`;

/** Task logs: those of the visible tasks. */
export function logVisible(scope: Scope, alias?: string, o: VisibilityOptions = {}): Cond {
  let c = ownRows(scope, alias, o.noIndex ?? false);
  if (scope.shared)
    c = sql<SqlBool>`(${c} OR ${among(col(alias, 'task_id'), sql`SELECT ts.task_id FROM task_share ts WHERE ts.organisation_id = ${scope.organisationId}`, o.dialect)})`;
  c = narrow(scope, c, (t) => sharedTask(col(alias, 'task_id'), t));
  return restrict(scope, alias, 'case_id', false, c);
}

/** Observables of cases and alerts. */
export function observableVisible(scope: Scope, alias?: string, o: VisibilityOptions = {}): Cond {
  let c = ownRows(scope, alias, o.noIndex ?? false);
  if (scope.shared)
    c = sql<SqlBool>`(${c} OR ${among(col(alias, 'id'), sql`SELECT os.observable_id FROM observable_share os WHERE os.organisation_id = ${scope.organisationId}`, o.dialect)})`;
  c = narrow(
    scope,
    c,
    (t) =>
      sql<SqlBool>`${col(alias, 'case_id')} = ${t.caseId} AND ${col(alias, 'id')} IN (SELECT os.observable_id FROM observable_share os WHERE os.organisation_id = ${t.organisationId})`,
  );
  return restrict(scope, alias, 'case_id', true, c);
}

/**
 * Rows hung on a case by a nullable `case_id` (comments, pages, procedures, custom events; an
 * alert's or the knowledge base's have none): the organisation's own, and those of the cases shared
 * with it, whatever the share's task and observable rules (TheHive 5 shows a shared case's
 * comments, pages and TTPs to the organisation it is shared with).
 */
export function caseRowVisible(scope: Scope, alias?: string, o: VisibilityOptions = {}): Cond {
  let c = ownRows(scope, alias, o.noIndex ?? false);
  if (scope.shared)
    c = sql<SqlBool>`(${c} OR ${among(col(alias, 'case_id'), sql`SELECT sh.case_id FROM share sh WHERE sh.organisation_id = ${scope.organisationId}`, o.dialect)})`;
  c = narrow(scope, c, (t) => sql<SqlBool>`${col(alias, 'case_id')} = ${t.caseId}`);
  return restrict(scope, alias, 'case_id', true, c);
}

/** Attachments: the organisation's own, and the files of the observables, logs and cases shared with it. */
export function attachmentVisible(scope: Scope, alias = 'attachment'): Cond {
  const org = scope.organisationId;
  let c = ownRows(scope, alias, false);
  const id = col(alias, 'id');
  if (scope.shared)
    c = sql<SqlBool>`(${c}
      OR ${id} IN (SELECT o.attachment_id FROM observable_share os JOIN observable o ON o.id = os.observable_id WHERE os.organisation_id = ${org} AND o.attachment_id IS NOT NULL)
      OR ${id} IN (SELECT la.attachment_id FROM task_share ts JOIN task_log l ON l.task_id = ts.task_id JOIN log_attachment la ON la.log_id = l.id WHERE ts.organisation_id = ${org})
      OR ${id} IN (SELECT cat.attachment_id FROM share sh JOIN case_attachment cat ON cat.case_id = sh.case_id WHERE sh.organisation_id = ${org}))`;
  c = narrow(
    scope,
    c,
    (
      t,
    ) => sql<SqlBool>`(${id} IN (SELECT o.attachment_id FROM observable_share os JOIN observable o ON o.id = os.observable_id WHERE os.organisation_id = ${t.organisationId} AND o.case_id = ${t.caseId} AND o.attachment_id IS NOT NULL)
      OR ${id} IN (SELECT la.attachment_id FROM task_share ts JOIN task_log l ON l.task_id = ts.task_id JOIN log_attachment la ON la.log_id = l.id WHERE ts.organisation_id = ${t.organisationId} AND l.case_id = ${t.caseId})
      OR ${id} IN (SELECT cat.attachment_id FROM case_attachment cat WHERE cat.case_id = ${t.caseId}))`,
  );
  if (scope.restrictedFor === undefined) return c;
  const hidden = hiddenCases(scope.restrictedFor);
  return sql<SqlBool>`(${c}
    AND ${id} NOT IN (SELECT o.attachment_id FROM observable o WHERE o.case_id IN ${hidden} AND o.attachment_id IS NOT NULL)
    AND ${id} NOT IN (SELECT la.attachment_id FROM task_log l JOIN log_attachment la ON la.log_id = l.id WHERE l.case_id IN ${hidden})
    AND ${id} NOT IN (SELECT cat.attachment_id FROM case_attachment cat WHERE cat.case_id IN ${hidden}))`;
}

/** Audit rows (stream, flow, events): the organisation's, and those about cases shared with it. */
export function auditVisible(scope: Scope, alias?: string): Cond {
  let c = ownRows(scope, alias, false);
  if (scope.shared)
    c = sql<SqlBool>`(${c} OR ${col(alias, 'root_id')} IN (SELECT ${sql.lit('~')} || CAST(sh.case_id AS VARCHAR(20)) FROM share sh WHERE sh.organisation_id = ${scope.organisationId}))`;
  return c;
}

/**
 * The organisation's own rows of a case-related table, minus the restricted cases the user is not
 * named on (`caseColumn`): for the similarity reads, which stay on their per-organisation indexes.
 */
export function ownVisible(scope: Scope, caseColumn: string, alias?: string): Cond {
  const c = narrow(
    scope,
    ownRows(scope, alias, false),
    (t) => sql<SqlBool>`${col(alias, caseColumn)} = ${t.caseId}`,
  );
  return restrict(scope, alias, caseColumn, true, c);
}

/**
 * The observables of cases shared with the organisation (and only those): the second half of a
 * similarity read when the scope has shares, kept apart so that the first half stays the plain
 * per-organisation read its partial indexes serve.
 */
export function sharedObservablesOnly(scope: Scope, alias?: string): Cond {
  const c = sql<SqlBool>`${col(alias, 'id')} IN (SELECT os.observable_id FROM observable_share os WHERE os.organisation_id = ${scope.organisationId})`;
  return restrict(scope, alias, 'case_id', true, c);
}

/** Similarity reads: the organisation's own observables, or (`shared`) those shared with it. */
export const similarityVisible = (scope: Scope, shared = false, alias?: string): Cond =>
  shared ? sharedObservablesOnly(scope, alias) : ownVisible(scope, 'case_id', alias);

type Dialect = 'sqlite' | 'postgres';

/**
 * The tables whose rows other organisations may see through a share, each with its condition
 * (tableVisible); every other table's rows are the organisation's own.
 */
const SHAREABLE: Record<string, (scope: Scope, alias: string, dialect?: Dialect) => Cond> = {
  case: (scope, alias, dialect) => caseVisible(scope, alias, { dialect }),
  task: (scope, alias, dialect) => taskVisible(scope, alias, { dialect }),
  task_log: (scope, alias, dialect) => logVisible(scope, alias, { dialect }),
  observable: (scope, alias, dialect) => observableVisible(scope, alias, { dialect }),
  audit: (scope, alias) => auditVisible(scope, alias),
  attachment: (scope, alias) => attachmentVisible(scope, alias),
  comment: (scope, alias, dialect) => caseRowVisible(scope, alias, { dialect }),
  page: (scope, alias, dialect) => caseRowVisible(scope, alias, { dialect }),
  procedure: (scope, alias, dialect) => caseRowVisible(scope, alias, { dialect }),
  custom_event: (scope, alias, dialect) => caseRowVisible(scope, alias, { dialect }),
};

/**
 * Whether `tableVisible(table, scope)` admits only rows of the scope's own organisation (so that
 * their tag rows are all under `scope.organisationId`): always for the tables nothing is shared
 * of (alerts), and for the others when the scope has received no share.
 */
export const onlyOwnRows = (table: string, scope: Scope): boolean =>
  !scope.shared || !Object.hasOwn(SHAREABLE, table);

/** The condition of a scoped table's rows aliased `alias` (the query engine's entities). */
export function tableVisible(table: string, scope: Scope, alias: string, dialect?: Dialect): Cond {
  const visible = Object.hasOwn(SHAREABLE, table) ? SHAREABLE[table] : undefined;
  return visible ? visible(scope, alias, dialect) : ownRows(scope, alias, false);
}
