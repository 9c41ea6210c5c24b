/**
 * The public status documents: GET /api/status (v0), /api/v1/status (with the feeders' health) and
 * /api/v1/status/public (what a login page may show), and TheHive 5's license document.
 */
import { type Static, Type } from 'typebox';
import { AnyObject, Open } from './meta.js';

const S = Type.String();
const Strings = Type.Array(S);

export const StatusOutput = Open({
  versions: Type.Record(S, S),
  connectors: AnyObject,
  health: AnyObject,
  config: Open({
    /** The password of zipped downloads. */
    protectDownloadsWith: S,
    authType: Strings,
    capabilities: Strings,
    ssoAutoLogin: Type.Boolean(),
    pollingDuration: Type.Integer(),
    freeTagDefaultColour: S,
  }),
  schemaStatus: Type.Array(Type.Unknown()),
  /** v1: every feeder's name, kind and health. */
  feeders: Type.Optional(Type.Array(Open({ name: S, kind: S, health: S }))),
});
export type StatusOutput = Static<typeof StatusOutput>;

export const PublicStatusOutput = Open({
  version: S,
  versions: Type.Record(S, S),
  authType: Strings,
  ssoProviders: Type.Array(Type.Unknown()),
  ssoAutoLogin: Type.Boolean(),
});
export type PublicStatusOutput = Static<typeof PublicStatusOutput>;
