/**
 * The organisation scope every repository read and write is filtered by (tenancy). Commands build
 * it from the request context (domain/context.ts `scopeOf`); repositories only read it.
 */
export interface Scope {
  organisationId: number;
  /** Users of the admin organisation administer the platform and see across organisations. */
  platformAdmin: boolean;
}
