/**
 * Wire shapes of the TAXII pulls (`/api/v1/connector/taxii/status` and `_pull`): each configured
 * remote collection with its cursor and last results (never its credentials), and what a pull did.
 */
import { type Static, Type } from 'typebox';
import { Nullable } from './fields.js';
import { Open } from './meta.js';

const S = Type.String();
const I = Type.Integer();

export const TaxiiRemoteStatusOutput = Open({
  name: S,
  url: S,
  collection: S,
  organisation: S,
  as: Type.Union([Type.Literal('alert'), Type.Literal('case')]),
  intervalSeconds: Type.Number(),
  /** The `added_after` of the next pull: the remote's X-TAXII-Date-Added-Last of the newest page stored. */
  cursor: Nullable(S),
  importedCount: I,
  objectsCount: I,
  lastSyncAt: Nullable(I),
  lastError: Nullable(S),
  pulling: Type.Boolean(),
});
export type TaxiiRemoteStatusOutput = Static<typeof TaxiiRemoteStatusOutput>;

export const TaxiiStatusOutput = Open({ remotes: Type.Array(TaxiiRemoteStatusOutput) });
export type TaxiiStatusOutput = Static<typeof TaxiiStatusOutput>;

export const TaxiiPullResultOutput = Open({
  remote: S,
  pages: I,
  objects: I,
  created: I,
  duplicates: I,
  cursor: Nullable(S),
});
export type TaxiiPullResultOutput = Static<typeof TaxiiPullResultOutput>;

export const TaxiiPullOutput = Open({ results: Type.Array(TaxiiPullResultOutput) });
export type TaxiiPullOutput = Static<typeof TaxiiPullOutput>;
