/**
 * Reading observable types: every authenticated user may (the UI and clients need the list).
 */
import { notFound } from '@propolis/core';
import {
  findObservableType,
  listObservableTypes,
  type ObservableTypeRow,
} from '../../db/repositories/observable-types.js';
import type { Deps } from '../deps.js';

export async function getObservableTypes(deps: Pick<Deps, 'db'>): Promise<ObservableTypeRow[]> {
  return listObservableTypes(deps.db);
}

export async function getObservableType(
  deps: Pick<Deps, 'db'>,
  idOrName: string,
): Promise<ObservableTypeRow> {
  const row = await findObservableType(deps.db, idOrName);
  if (!row) throw notFound(`Observable type ${idOrName} not found`);
  return row;
}
