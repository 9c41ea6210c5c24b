/**
 * Wire shapes of TheHive 5's collaboration routes (docs/collaboration.md): comments, case and
 * knowledge-base pages, page templates, ATT&CK patterns and procedures, the case timeline and its
 * custom events, case links. Requests are closed where TheHive's are; outputs are open.
 */
import { type Static, Type } from 'typebox';
import { MAX_ID, MAX_TITLE } from '../model/input-limits.js';
import { DateMs, Int32, LongText, Text } from './fields.js';
import { AnyObject, ExtraData, MetaV1, Open } from './meta.js';
import { CaseOutputV1 } from './outputs.js';

const S = Type.String();
const I = Type.Integer();
const B = Type.Boolean();
const opt = Type.Optional;
const Strings = Type.Array(S);

/** Longest ATT&CK id accepted (`T1059.001`, `TA0001`; room for other catalogs). */
export const MAX_PATTERN_ID = 64;
/** Link types and tactic names. */
export const MAX_LINK_TYPE = 128;
/** External links of cases. */
export const MAX_URL_LINK = 2048;
/** Items of one bulk request (procedures, ids). */
export const MAX_BULK = 1000;

const Ref = Type.String({ minLength: 1, maxLength: MAX_ID });

// Comments ------------------------------------------------------------------------------------

/** InputComment / InputUpdateComment: markdown, kept as written. */
export const CommentBody = Type.Object({ message: LongText });

/** OutputComment: TheHive 5 spells its meta `createdBy`/`createdAt`; the `_` forms are there too. */
export const CommentOutput = Open({
  ...MetaV1,
  createdBy: S,
  createdAt: I,
  updatedBy: opt(S),
  updatedAt: opt(I),
  message: S,
  isEdited: B,
  extraData: ExtraData,
});
export type CommentOutput = Static<typeof CommentOutput>;

// Pages and page templates ----------------------------------------------------------------------

const pageFields = {
  title: Text(MAX_TITLE),
  content: LongText,
  order: opt(Int32()),
  category: Text(MAX_TITLE),
};
/** InputCasePage, InputPageTemplate and a knowledge-base page. */
export const PageBody = Type.Object(pageFields);
export const UpdatePageBody = Type.Partial(PageBody);

export const PageTemplateOutput = Open({
  ...MetaV1,
  title: S,
  content: S,
  order: I,
  category: S,
  extraData: ExtraData,
});
export type PageTemplateOutput = Static<typeof PageTemplateOutput>;

/** A case's page: a page template's fields and its `slug`. */
export const PageOutput = Open({ ...PageTemplateOutput.properties, slug: S });
export type PageOutput = Static<typeof PageOutput>;

/** `PUT /caseTemplate/{id}/pageTemplate/link`: the templates' whole list of page templates. */
export const LinkPageTemplatesBody = Type.Object({
  pageTemplateIds: Type.Array(Ref, { maxItems: MAX_BULK }),
});

// Patterns and procedures ------------------------------------------------------------------------

export const PatternOutput = Open({
  ...MetaV1,
  patternId: S,
  name: S,
  description: opt(S),
  tactics: Strings,
  url: S,
  patternType: S,
  capecId: opt(S),
  capecUrl: opt(S),
  revoked: B,
  deprecated: B,
  dataSources: Strings,
  defenseBypassed: Strings,
  detection: opt(S),
  permissionsRequired: Strings,
  platforms: Strings,
  remoteSupport: B,
  systemRequirements: Strings,
  version: S,
  /** The parent technique's ATT&CK id, on a sub-technique. */
  parent: opt(S),
  extraData: ExtraData,
});
export type PatternOutput = Static<typeof PatternOutput>;

/** What an ATT&CK import did. */
export const PatternImportOutput = Open({
  created: I,
  updated: I,
  unchanged: I,
  total: I,
});
export type PatternImportOutput = Static<typeof PatternImportOutput>;

/** InputProcedure. */
export const ProcedureBody = Type.Object({
  occurDate: DateMs(),
  patternId: Type.String({ minLength: 1, maxLength: MAX_PATTERN_ID }),
  tactic: opt(Text(MAX_LINK_TYPE)),
  description: opt(LongText),
});
export type ProcedureBody = Static<typeof ProcedureBody>;
export const ProceduresBody = Type.Object({
  procedures: Type.Array(ProcedureBody, { minItems: 1, maxItems: MAX_BULK }),
});
export const UpdateProcedureBody = Type.Partial(ProcedureBody);
export const IdsBody = Type.Object({ ids: Type.Array(Ref, { minItems: 1, maxItems: MAX_BULK }) });

export const ProcedureOutput = Open({
  ...MetaV1,
  description: opt(S),
  occurDate: I,
  patternId: S,
  patternName: S,
  tactic: opt(S),
  tacticLabel: opt(S),
  extraData: ExtraData,
});
export type ProcedureOutput = Static<typeof ProcedureOutput>;

// Timeline -------------------------------------------------------------------------------------

export const CustomEventBody = Type.Object({
  date: DateMs(),
  endDate: opt(DateMs()),
  title: Text(MAX_TITLE),
  description: opt(LongText),
});
export const UpdateCustomEventBody = Type.Partial(CustomEventBody);

export const CustomEventOutput = Open({
  ...MetaV1,
  date: I,
  endDate: opt(I),
  title: S,
  description: opt(S),
});
export type CustomEventOutput = Static<typeof CustomEventOutput>;

export const TimelineEventOutput = Open({
  date: I,
  endDate: opt(I),
  kind: S,
  entity: S,
  entityId: S,
  details: AnyObject,
});
export type TimelineEventOutput = Static<typeof TimelineEventOutput>;
export const TimelineOutput = Open({ events: Type.Array(TimelineEventOutput) });
export type TimelineOutput = Static<typeof TimelineOutput>;

// Links ----------------------------------------------------------------------------------------

/** InputCaseLink. */
export const CaseLinkBody = Type.Object({ type: Text(MAX_LINK_TYPE), caseId: Ref });
/** InputURLLink. */
export const UrlLinkBody = Type.Object({
  type: Text(MAX_LINK_TYPE),
  url: Type.String({ minLength: 1, maxLength: MAX_URL_LINK }),
});
/** An external link in a case's `links` extraData. */
export const ExternalLinkOutput = Open({ type: S, url: S, _createdBy: S, _createdAt: I });
/** A case linked by hand: the case, its link type. */
export const ManualLinkOutput = Open({ ...CaseOutputV1.properties, linkType: S });

// Taxonomies and tags -----------------------------------------------------------------------------

/** A tag of a taxonomy (TheHive's OutputTag). */
export const TaxonomyTagOutput = Open({
  ...MetaV1,
  namespace: S,
  predicate: S,
  value: opt(S),
  description: opt(S),
  colour: S,
  /** `namespace:predicate="value"`, as objects carry it in their `tags`. */
  text: S,
});
export type TaxonomyTagOutput = Static<typeof TaxonomyTagOutput>;

export const TaxonomyOutput = Open({
  ...MetaV1,
  namespace: S,
  description: S,
  version: I,
  enabled: B,
  tags: Type.Array(TaxonomyTagOutput),
  extraData: ExtraData,
});
export type TaxonomyOutput = Static<typeof TaxonomyOutput>;

export const TaxonomyImportOutput = Open({ created: I, updated: I, taxonomies: Strings });

/** A MISP taxonomy (machinetag.json): namespace, description, version, predicates, values. */
export const TaxonomyBody = Type.Object(
  {
    namespace: Type.String({ minLength: 1, maxLength: 128 }),
    description: opt(LongText),
    version: opt(Int32()),
    predicates: Type.Array(AnyObject, { minItems: 1, maxItems: 10_000 }),
    values: opt(Type.Array(AnyObject, { maxItems: 10_000 })),
  },
  { additionalProperties: true },
);

/** `PATCH /tag/{id}`: a tag's colour (#rrggbb) and description. */
export const UpdateTagBody = Type.Object({
  colour: opt(Type.String({ maxLength: 16 })),
  description: opt(LongText),
});

// Case and alert statuses ---------------------------------------------------------------------------

/** TheHive 5's OutputCaseStatus / OutputAlertStatus; `builtin` ones cannot change. */
export const CustomStatusOutput = Open({
  _id: S,
  _type: S,
  value: S,
  stage: S,
  colour: S,
  order: I,
  hidden: B,
  builtin: B,
});
export type CustomStatusOutput = Static<typeof CustomStatusOutput>;

export const CustomStatusBody = Type.Object({
  value: Type.String({ minLength: 1, maxLength: 32 }),
  stage: Type.String({ maxLength: 16 }),
  colour: opt(Type.String({ maxLength: 16 })),
  order: opt(Int32()),
  hidden: opt(B),
});
export const UpdateCustomStatusBody = Type.Partial(CustomStatusBody);

// Static types of the request and answer schemas above (for typed clients).
export type CommentBody = Static<typeof CommentBody>;
export type PageBody = Static<typeof PageBody>;
export type UpdatePageBody = Static<typeof UpdatePageBody>;
export type LinkPageTemplatesBody = Static<typeof LinkPageTemplatesBody>;
export type ProceduresBody = Static<typeof ProceduresBody>;
export type UpdateProcedureBody = Static<typeof UpdateProcedureBody>;
export type IdsBody = Static<typeof IdsBody>;
export type CustomEventBody = Static<typeof CustomEventBody>;
export type UpdateCustomEventBody = Static<typeof UpdateCustomEventBody>;
export type CaseLinkBody = Static<typeof CaseLinkBody>;
export type UrlLinkBody = Static<typeof UrlLinkBody>;
export type ExternalLinkOutput = Static<typeof ExternalLinkOutput>;
export type ManualLinkOutput = Static<typeof ManualLinkOutput>;
export type TaxonomyImportOutput = Static<typeof TaxonomyImportOutput>;
export type TaxonomyBody = Static<typeof TaxonomyBody>;
export type UpdateTagBody = Static<typeof UpdateTagBody>;
export type CustomStatusBody = Static<typeof CustomStatusBody>;
export type UpdateCustomStatusBody = Static<typeof UpdateCustomStatusBody>;
