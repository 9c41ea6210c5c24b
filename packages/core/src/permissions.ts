/**
 * Permission names: TheHive 4's (`manageCase`, `manageAlert`, ...) and TheHive 5's (the split
 * `manageCase/create`, `manageAlert/import`, ... and the newer `manageCustomEvent`, ...). Profiles
 * carry any of them; commands check the fine-grained names only (docs/security.md, "Permissions").
 *
 * A TheHive 4 name implies the TheHive 5 names it was split into or that took over part of what it
 * guarded (IMPLIED_PERMISSIONS): a profile holding `manageCase` may do everything a profile holding
 * `manageCase/create`, `manageCase/update`, ... may do. The reverse does not hold: a profile with
 * only `manageCase/create` creates cases and cannot delete, merge or reopen them.
 */

/** TheHive 5's split case permissions. */
export const CASE_PERMISSIONS = [
  'manageCase/create',
  'manageCase/update',
  'manageCase/delete',
  'manageCase/merge',
  'manageCase/reopen',
  'manageCase/changeOwnership',
] as const;

/** TheHive 5's split alert permissions. */
export const ALERT_PERMISSIONS = [
  'manageAlert/create',
  'manageAlert/update',
  'manageAlert/delete',
  'manageAlert/import',
  'manageAlert/reopen',
] as const;

export const ORGANISATION_PERMISSIONS = [
  'accessTheHiveFS',
  'manageAction',
  'manageAlert',
  ...ALERT_PERMISSIONS,
  'manageAnalyse',
  'manageCase',
  ...CASE_PERMISSIONS,
  'manageCaseAccess/external',
  'manageCaseAccess/restrict',
  'manageCaseReport',
  'manageCaseReportTemplate',
  'manageCaseTemplate',
  'manageComment',
  'manageConfig',
  'manageCustomEvent',
  'manageDashboard',
  'manageFunction/create',
  'manageFunction/invoke',
  'manageKnowledgeBase',
  'manageObservable',
  'managePage',
  'managePageTemplate',
  'manageProcedure',
  'manageShare',
  'manageTag',
  'manageTask',
  'manageUser',
] as const;

export const ADMIN_PERMISSIONS = [
  'manageAnalyzerTemplate',
  'manageConfig',
  'manageCustomField',
  'manageObservableTemplate',
  'manageOrganisation',
  'managePattern',
  'managePlatform',
  'manageProfile',
  'manageTaxonomy',
  'manageTag',
  'manageUser',
] as const;

export type Permission = (typeof ORGANISATION_PERMISSIONS)[number] | (typeof ADMIN_PERMISSIONS)[number];

/**
 * The TheHive 4 names that TheHive 5 split: a profile may hold them, but no command checks them
 * (a command checks the fine-grained name, which these imply), so that both kinds of profile work.
 */
export type CoarsePermission = 'manageCase' | 'manageAlert';

/** The names a command checks. */
export type CheckedPermission = Exclude<Permission, CoarsePermission>;

/**
 * What a TheHive 4 name also grants. `manageCase` guarded in Propolis what TheHive 5 gives to
 * `manageCaseAccess/restrict`, `manageCustomEvent` and `manageCaseReport`; `manageCaseTemplate`
 * guarded page and report templates; `managePage` the organisation's knowledge base.
 */
export const IMPLIED_PERMISSIONS: Readonly<Partial<Record<Permission, readonly Permission[]>>> = {
  manageCase: [...CASE_PERMISSIONS, 'manageCaseAccess/restrict', 'manageCustomEvent', 'manageCaseReport'],
  manageAlert: ALERT_PERMISSIONS,
  manageCaseTemplate: ['managePageTemplate', 'manageCaseReportTemplate'],
  managePage: ['manageKnowledgeBase'],
};

export const ALL_PERMISSIONS: readonly Permission[] = [
  ...new Set<Permission>([...ORGANISATION_PERMISSIONS, ...ADMIN_PERMISSIONS]),
].sort();

export const isPermission = (name: string): name is Permission =>
  (ALL_PERMISSIONS as readonly string[]).includes(name);

/**
 * The permissions a profile's names grant: the names themselves and the names they imply, sorted.
 * Unknown names (none are stored: profiles are checked on write) are kept as they are.
 */
export function effectivePermissions(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const name of names) {
    out.add(name);
    for (const implied of IMPLIED_PERMISSIONS[name as Permission] ?? []) out.add(implied);
  }
  return [...out].sort();
}

/** Whether a profile's names grant `permission` (directly or through a TheHive 4 name). */
export const grantsPermission = (names: readonly string[], permission: CheckedPermission): boolean =>
  effectivePermissions(names).includes(permission);

/** Whether the names grant any permission of a family (`manageCase` → `manageCase` or `manageCase/...`). */
export const grantsAnyOf = (names: readonly string[], family: string): boolean =>
  names.some((n) => n === family || n.startsWith(`${family}/`));

/** The permissions of the built-in org-admin profile: every organisation permission, named the TheHive 4 way where one exists. */
const ORG_ADMIN_PERMISSIONS: readonly Permission[] = ORGANISATION_PERMISSIONS.filter(
  (p) => !Object.values(IMPLIED_PERMISSIONS).some((implied) => implied?.includes(p)),
);

/** Built-in profiles, seeded at first start; `admin` and `org-admin` cannot be edited or deleted. */
export const BUILTIN_PROFILES: ReadonlyArray<{
  name: string;
  permissions: readonly Permission[];
  editable: boolean;
}> = [
  { name: 'admin', permissions: ADMIN_PERMISSIONS, editable: false },
  { name: 'org-admin', permissions: ORG_ADMIN_PERMISSIONS, editable: false },
  {
    name: 'analyst',
    permissions: [
      'manageCase',
      'manageObservable',
      'manageAlert',
      'manageTask',
      'manageAction',
      'manageShare',
      'manageAnalyse',
      'managePage',
      'accessTheHiveFS',
      'manageProcedure',
      'manageComment',
      'manageDashboard',
    ],
    editable: true,
  },
  { name: 'read-only', permissions: [], editable: true },
];

/** A profile is an administration profile when it carries any permission that only exists at platform level. */
export const isAdminProfile = (permissions: readonly string[]): boolean =>
  permissions.some(
    (p) =>
      (ADMIN_PERMISSIONS as readonly string[]).includes(p) &&
      !(ORGANISATION_PERMISSIONS as readonly string[]).includes(p),
  );
