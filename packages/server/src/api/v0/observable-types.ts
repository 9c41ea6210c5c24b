/**
 * Observable types, v0 (TheHive 4: GET|POST /api/observable/type, GET|DELETE /api/observable/type/{idOrName}).
 */
import type { Deps } from '../../domain/deps.js';
import { observableTypeRoutes } from '../shared/observable-type-routes.js';

export const observableTypesRoutesV0 = (deps: Deps) => observableTypeRoutes(deps, 'v0');
