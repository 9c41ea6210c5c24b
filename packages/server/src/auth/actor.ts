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
}
