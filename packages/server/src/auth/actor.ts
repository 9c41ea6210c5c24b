/**
 * Who is acting: the user authentication found, in the organisation of the request, with the
 * permissions of their profile there. Commands receive it inside the request context
 * (domain/context.ts).
 */
export interface Actor {
  userId: number;
  login: string;
  name: string;
  organisationId: number;
  organisationName: string;
  profileName: string;
  permissions: ReadonlySet<string>;
  /**
   * What reads must take into account (db/visibility.ts): the organisation has received shares,
   * cases restricted to named users exist. Absent for system actors (workflows, feeders, analysis).
   */
  visibility?: { shared: boolean; restrictions: boolean };
  /**
   * Set when the actor writes on another organisation's case through a share (domain/sharing/
   * write-through-share.ts): `organisationId` is then the owner's, and this is who really acts.
   */
  throughShare?: { organisationId: number; organisationName: string; caseId: number };
}
