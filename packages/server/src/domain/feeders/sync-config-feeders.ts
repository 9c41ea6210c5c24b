/**
 * At start, the feeders of the configuration file (`feeders:`) are written over the rows of origin
 * `config` (their cursors, figures and API switch are kept; a changed kind starts over), and rows of
 * origin `config` the file no longer lists are removed. A wrong definition stops the start with the
 * field to fix, like any other configuration error.
 */
import { storedDefinition } from '@propolis/feeder';
import {
  deleteFeederRow,
  insertFeederRow,
  listFeederRows,
  updateFeederDefinition,
} from '../../db/repositories/feeders.js';
import type { Deps } from '../deps.js';
import { checkDefinition } from './check-definition.js';

export async function syncConfigFeeders(deps: Pick<Deps, 'db'>, raw: readonly unknown[]): Promise<void> {
  const defs = [];
  const names = new Set<string>();
  for (const [i, item] of raw.entries()) {
    const def = await checkDefinition(deps, item, `feeders[${i}]`, { organisationMustExist: false });
    if (names.has(def.name)) throw new Error(`feeders[${i}].name: ${def.name} is defined twice`);
    names.add(def.name);
    defs.push(def);
  }
  const rows = new Map((await listFeederRows(deps.db)).map((r) => [r.name, r]));
  const now = Date.now();
  for (const def of defs) {
    const row = rows.get(def.name);
    const definition = JSON.stringify(storedDefinition(def));
    if (!row)
      await insertFeederRow(deps.db, { name: def.name, kind: def.kind, definition, origin: 'config', now });
    else if (row.definition !== definition || row.origin !== 'config')
      await updateFeederDefinition(deps.db, def.name, {
        kind: def.kind,
        definition,
        origin: 'config',
        resetCursor: row.kind !== def.kind,
        now,
      });
  }
  for (const row of rows.values())
    if (row.origin === 'config' && !names.has(row.name)) await deleteFeederRow(deps.db, row.name);
}
