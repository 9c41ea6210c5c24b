/**
 * Permission names as TheHive 4 defines them. Profiles carry a set of these; commands check them.
 */
export const ORGANISATION_PERMISSIONS = [
  'accessTheHiveFS',
  'manageAction',
  'manageAlert',
  'manageAnalyse',
  'manageCase',
  'manageCaseTemplate',
  'manageComment',
  'manageConfig',
  'manageDashboard',
  'manageObservable',
  'managePage',
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

export const ALL_PERMISSIONS: readonly Permission[] = [
  ...new Set<Permission>([...ORGANISATION_PERMISSIONS, ...ADMIN_PERMISSIONS]),
].sort();

export const isPermission = (name: string): name is Permission =>
  (ALL_PERMISSIONS as readonly string[]).includes(name);

/** Built-in profiles, seeded at first start; `admin` and `org-admin` cannot be edited or deleted. */
export const BUILTIN_PROFILES: ReadonlyArray<{
  name: string;
  permissions: readonly Permission[];
  editable: boolean;
}> = [
  { name: 'admin', permissions: ADMIN_PERMISSIONS, editable: false },
  { name: 'org-admin', permissions: ORGANISATION_PERMISSIONS, editable: false },
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
