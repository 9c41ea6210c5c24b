/**
 * Wire shapes of the MISP connector (`/api/v1/connector/misp/status`): each configured MISP server
 * with its reachability and synchronisation figures, and TheHive 4's `status` map beside them.
 */
import { type Static, Type } from 'typebox';
import { Nullable } from './fields.js';
import { Open } from './meta.js';

const S = Type.String();
const I = Type.Integer();
const Reachability = Type.Union([Type.Literal('OK'), Type.Literal('ERROR')]);

export const MispServerStatusOutput = Open({
  name: S,
  url: S,
  /** ImportOnly, ExportOnly or ImportAndExport, as configured. */
  purpose: S,
  status: Reachability,
  version: Type.Optional(S),
  error: Type.Optional(S),
  /** The timestamp (seconds) the next pull starts from. */
  cursor: Nullable(Type.Number()),
  importedCount: I,
  updatedCount: I,
  lastSyncAt: Nullable(I),
  lastError: Nullable(S),
});
export type MispServerStatusOutput = Static<typeof MispServerStatusOutput>;

export const MispStatusOutput = Open({
  enabled: Type.Boolean(),
  servers: Type.Array(MispServerStatusOutput),
  syncInProgress: Type.Boolean(),
  /** TheHive 4's shape: server name → OK | ERROR. */
  status: Type.Record(S, Reachability),
});
export type MispStatusOutput = Static<typeof MispStatusOutput>;
