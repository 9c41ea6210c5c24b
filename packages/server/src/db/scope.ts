/**
 * The organisation scope every repository read and write is filtered by (tenancy). Commands build
 * it from the request context (domain/context.ts `scopeOf`, `readScopeOf`); repositories only read
 * it, and build their organisation conditions with db/visibility.ts.
 */
export interface Scope {
  organisationId: number;
  /** Users of the admin organisation administer the platform and see across organisations. */
  platformAdmin: boolean;
  /**
   * Reads also see what other organisations shared with this one (cases, tasks, observables, their
   * logs and files). Set only on read scopes of an organisation that has received a share, so that
   * an organisation without shares keeps the plain `organisation_id = ?` condition and its plans.
   */
  shared?: boolean;
  /**
   * The acting user, when cases restricted to named users exist: rows of a restricted case the user
   * is not named on are hidden from every read and write.
   */
  restrictedFor?: number;
  /**
   * A write another organisation makes on this organisation's case through a share whose profile
   * lets it (domain/sharing/write-through-share.ts): the scope is the owner's, narrowed to that
   * case and to the tasks and observables shared with the acting organisation.
   */
  throughShare?: { caseId: number; organisationId: number };
}

/** Every field of a scope (a field added to Scope does not compile here until it is listed). */
const SCOPE_FIELDS: Record<keyof Scope, true> = {
  organisationId: true,
  platformAdmin: true,
  shared: true,
  restrictedFor: true,
  throughShare: true,
};
const scopeFields = Object.keys(SCOPE_FIELDS) as Array<keyof Scope>;

/**
 * A text equal for two scopes exactly when every field is: the key of what is built once per scope
 * (a statement's compiled text and parameters), never shared across organisations or users.
 */
export function scopeKey(scope: Scope): string {
  return JSON.stringify(
    scopeFields.map((f) => {
      const v = scope[f];
      return typeof v === 'object' && v !== null ? [v.caseId, v.organisationId] : (v ?? null);
    }),
  );
}
