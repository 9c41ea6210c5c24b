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
