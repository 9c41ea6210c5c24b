/**
 * Sharing between organisations on the wire (TheHive 5): organisation links, sharing profiles,
 * shares of cases, tasks and observables, the owner change and case access restrictions.
 */
import { type Static, Type } from 'typebox';
import { MAX_ID, MAX_LOGIN, MAX_NAME } from '../model/input-limits.js';
import { ExtraData, MetaV1, Open } from './meta.js';

const S = Type.String();
const B = Type.Boolean();
const Name = Type.String({ minLength: 1, maxLength: MAX_NAME });

/** What a share gives of a case's tasks and observables (TheHive 5; TheHive 4's `all`/`none` too). */
export const SHARE_RULES = ['manual', 'existingOnly', 'upcomingOnly', 'all', 'none', 'autoShare'] as const;
export const ShareRule = Type.Union([
  Type.Literal('manual'),
  Type.Literal('existingOnly'),
  Type.Literal('upcomingOnly'),
  Type.Literal('all'),
  Type.Literal('none'),
  Type.Literal('autoShare'),
]);

/** TheHive 5 InputShare (and TheHive 4's `organisationName`, `tasks`, `observables`). */
export const InputShare = Type.Object(
  {
    organisation: Type.Optional(Name),
    organisationName: Type.Optional(Name),
    share: Type.Optional(B),
    profile: Type.Optional(Name),
    taskRule: Type.Optional(ShareRule),
    observableRule: Type.Optional(ShareRule),
    tasks: Type.Optional(ShareRule),
    observables: Type.Optional(ShareRule),
  },
  { additionalProperties: false },
);
export type InputShare = Static<typeof InputShare>;

/** The `_json` part of `POST /case/import`: the archive's password, and shares given on the way in. */
export const CaseImportBody = Type.Object({
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  sharingParameters: Type.Optional(Type.Array(InputShare, { maxItems: 100 })),
  taskRule: Type.Optional(Type.String({ maxLength: 32 })),
  observableRule: Type.Optional(Type.String({ maxLength: 32 })),
});
export type CaseImportBody = Static<typeof CaseImportBody>;

export const SharesBody = Type.Object({ shares: Type.Array(InputShare, { maxItems: 100 }) });
export const OrganisationsBody = Type.Object({
  organisations: Type.Array(Name, { maxItems: 100 }),
});
export const ShareIdsBody = Type.Object({
  ids: Type.Array(Type.String({ minLength: 1, maxLength: MAX_ID }), { maxItems: 100 }),
});
export const ShareUpdateBody = Type.Object({ profile: Name }, { additionalProperties: false });

/** What a share gives of a case's tasks and observables: its sharing profile's rules. */
const ShareRules = { taskRule: S, observableRule: S };

export const ShareOutputV1 = Open({
  ...MetaV1,
  caseId: S,
  profileName: S,
  organisationName: S,
  owner: B,
  ...ShareRules,
});
export type ShareOutputV1 = Static<typeof ShareOutputV1>;

export const SharingProfileOutput = Open({
  name: S,
  description: S,
  autoShare: B,
  editable: B,
  permissionProfile: S,
  ...ShareRules,
});
export type SharingProfileOutput = Static<typeof SharingProfileOutput>;

/** `PUT /organisation/{id}/links` item (thehive4py InputBulkOrganisationLink). */
export const InputOrganisationLink = Type.Object({
  toOrganisation: Name,
  linkType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  otherLinkType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  avatar: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const OrganisationLinksBody = Type.Object({
  links: Type.Array(InputOrganisationLink, { maxItems: 1000 }),
});
export const OrganisationLinkBody = Type.Object({
  linkType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  otherLinkType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});

/** thehive4py InputCaseOwnerOrganisation. */
export const CaseOwnerBody = Type.Object(
  {
    organisation: Name,
    keepProfile: Type.Optional(Name),
    taskRule: Type.Optional(ShareRule),
    observableRule: Type.Optional(ShareRule),
  },
  { additionalProperties: false },
);

/** Case access: every member of the organisations that see the case, or only the named users. */
export const CaseAccess = Type.Union([
  Type.Object({ kind: Type.Literal('public') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('restricted'),
      users: Type.Array(Type.String({ minLength: 1, maxLength: MAX_LOGIN }), { maxItems: 1000 }),
    },
    { additionalProperties: false },
  ),
]);
export type CaseAccess = Static<typeof CaseAccess>;
export const CaseAccessBody = Type.Object({ access: CaseAccess }, { additionalProperties: false });
export const BulkCaseAccessBody = Type.Object(
  {
    ids: Type.Array(Type.String({ minLength: 1, maxLength: MAX_ID }), { minItems: 1, maxItems: 1000 }),
    access: CaseAccess,
  },
  { additionalProperties: false },
);

/** TheHive 5 OutputAttachment (an attachment of a case, a log or the organisation). */
export const AttachmentOutputV1 = Open({
  ...MetaV1,
  name: S,
  hashes: Type.Array(S),
  size: Type.Integer(),
  contentType: S,
  id: S,
  path: S,
  extraData: ExtraData,
});
export type AttachmentOutputV1 = Static<typeof AttachmentOutputV1>;
export const AttachmentsOutputV1 = Type.Object({ attachments: Type.Array(AttachmentOutputV1) });

/** `POST /case/{id}/observable/_merge` (thehive4py OutputCaseObservableMerge). */
export const ObservableMergeOutput = Type.Object({
  untouched: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
});
/** `PUT /observable/type/update/{from}/{to}`: observables retyped, and merged into a twin. */
export const ObservableRetypeOutput = Type.Object({ updated: Type.Integer(), merged: Type.Integer() });

// Static types of the request and answer schemas above (for typed clients).
export type ShareRule = Static<typeof ShareRule>;
export type SharesBody = Static<typeof SharesBody>;
export type OrganisationsBody = Static<typeof OrganisationsBody>;
export type ShareUpdateBody = Static<typeof ShareUpdateBody>;
export type InputOrganisationLink = Static<typeof InputOrganisationLink>;
export type OrganisationLinksBody = Static<typeof OrganisationLinksBody>;
export type OrganisationLinkBody = Static<typeof OrganisationLinkBody>;
export type CaseOwnerBody = Static<typeof CaseOwnerBody>;
export type CaseAccessBody = Static<typeof CaseAccessBody>;
export type BulkCaseAccessBody = Static<typeof BulkCaseAccessBody>;
export type AttachmentsOutputV1 = Static<typeof AttachmentsOutputV1>;
export type ObservableMergeOutput = Static<typeof ObservableMergeOutput>;
export type ObservableRetypeOutput = Static<typeof ObservableRetypeOutput>;
