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
  /** Single sign-on buttons (docs/sso.md): `type` is oidc, saml or header; `loginUrl` starts the sign-in. */
  ssoProviders: Type.Array(Open({ name: S, type: S, label: S, loginUrl: S })),
  ssoAutoLogin: Type.Boolean(),
});
export type PublicStatusOutput = Static<typeof PublicStatusOutput>;

/** GET /stream/status: seconds left in the caller's session (a key or Basic never expires). */
export const StreamStatusOutput = Open({ remaining: Type.Integer(), warning: Type.Boolean() });
export type StreamStatusOutput = Static<typeof StreamStatusOutput>;

const LicenseLimits = Type.Record(S, Type.Union([Type.Integer(), Type.Null()]));

/** GET /api/v1/license(/current): TheHive 5's license document; Propolis has no limits. */
export const LicenseOutput = Open({
  type: S,
  license: Type.Optional(S),
  limits: LicenseLimits,
  expiresAt: Type.Integer(),
  unlimited: Type.Optional(Type.Boolean()),
});
export type LicenseOutput = Static<typeof LicenseOutput>;
