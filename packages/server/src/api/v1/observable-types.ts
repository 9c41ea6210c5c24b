/**
 * Observable types, v1 (TheHive 4/5: POST /observable/type, GET|DELETE /observable/type/{idOrName}).
 * The list comes through the query engine (listObservableType); GET /observable/type also lists.
 */
import type { Deps } from '../../domain/deps.js';
import { observableTypeRoutes } from '../shared/observable-type-routes.js';

export const observableTypesRoutesV1 = (deps: Deps) => observableTypeRoutes(deps, 'v1');
