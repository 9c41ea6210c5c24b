/**
 * POST /api/v1/query. Entities of the query registry (cases, tasks, logs, observables, templates,
 * custom fields, observable types...) run through the SQL pipeline (api/query/pipeline.ts).
 * Users, organisations and profiles are small lists evaluated in memory over the rendered v1
 * objects with the same filter language: listUser, listOrganisation, listProfile, get*,
 * currentUser, then filter, sort, page and count.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PropolisError } from '@propolis/core';
import { Type } from 'typebox';
import type { RequestContext } from '../../domain/context.js';
import { getDashboard, listDashboards } from '../../domain/dashboards/dashboards.js';
import type { Deps } from '../../domain/deps.js';
import { getOrganisation, listOrganisations } from '../../domain/organisations/organisations.js';
import { getProfile, listProfiles } from '../../domain/profiles/profiles.js';
import { listStatuses } from '../../domain/statuses/statuses.js';
import { getUser, listUsers } from '../../domain/users/read-users.js';
import { dashboardV1 } from '../presenters/dashboard.js';
import { organisationV1 } from '../presenters/organisation.js';
import { profileV1 } from '../presenters/profile.js';
import { statusV1 } from '../presenters/status.js';
import { userV1 } from '../presenters/user.js';
import { isSqlInitial, runSqlPipeline, sqlInitialSteps } from '../query/pipeline.js';
import { ctx } from '../request-context.js';
import { AnyJson, ok } from '../shared/responses.js';
import { applyFilter, applySort } from './query-memory.js';

type Item = Record<string, unknown>;
type Step = Record<string, unknown> & { _name?: unknown };

const INITIAL = [
  'listUser',
  'listOrganisation',
  'listProfile',
  'getUser',
  'getOrganisation',
  'getProfile',
  'currentUser',
  'listDashboard',
  'getDashboard',
  'listCaseStatus',
  'getCaseStatus',
  'listAlertStatus',
  'getAlertStatus',
];
const FOLLOWING = ['filter', 'sort', 'page', 'count', 'limitedCount', 'users', 'cases', 'tasks'];

/** get* with an unknown id answers an empty list, as TheHive does. */
async function orEmpty(fn: () => Promise<Item>): Promise<Item[]> {
  try {
    return [await fn()];
  } catch (error) {
    if (error instanceof PropolisError && error.type === 'NotFoundError') return [];
    throw error;
  }
}

async function initial(deps: Deps, c: RequestContext, step: Step): Promise<Item[]> {
  const idOrName = typeof step.idOrName === 'string' ? step.idOrName : undefined;
  const needId = () => {
    if (idOrName === undefined)
      throw new PropolisError('BadRequest', `query: ${String(step._name)} needs "idOrName"`);
    return idOrName;
  };
  switch (step._name) {
    case 'listUser':
      return (await listUsers(deps, c)).map((u) => userV1(u, c));
    case 'listOrganisation':
      return (await listOrganisations(deps, c)).map(organisationV1);
    case 'listProfile':
      return (await listProfiles(deps, c)).map(profileV1);
    case 'currentUser':
      return [userV1(await getUser(deps, c, 'current'), c)];
    case 'getUser':
      return orEmpty(async () => userV1(await getUser(deps, c, needId()), c));
    case 'getOrganisation':
      return orEmpty(async () => organisationV1(await getOrganisation(deps, c, needId())));
    case 'getProfile':
      return orEmpty(async () => profileV1(await getProfile(deps, c, needId())));
    case 'listDashboard':
      return (await listDashboards(deps, c)).map(dashboardV1);
    case 'getDashboard':
      return orEmpty(async () => dashboardV1(await getDashboard(deps, c, needId())));
    case 'listCaseStatus':
    case 'listAlertStatus':
      return (await listStatuses(deps, c, step._name === 'listCaseStatus' ? 'case' : 'alert')).map(statusV1);
    case 'getCaseStatus':
    case 'getAlertStatus': {
      // by `~id` or by value (case-insensitive), as `/caseStatus/{id}` takes them
      const wanted = needId();
      const all = await listStatuses(deps, c, step._name === 'getCaseStatus' ? 'case' : 'alert');
      const found = all.find((s) => s.id === wanted || s.value.toLowerCase() === wanted.toLowerCase());
      return found ? [statusV1(found)] : [];
    }
    default:
      throw new PropolisError(
        'BadRequest',
        `query[0]: "${String(step._name)}" is not a valid first step; allowed: ${[...INITIAL, ...sqlInitialSteps()].join(', ')}`,
      );
  }
}

export async function runQuery(
  deps: Deps,
  c: RequestContext,
  steps: Step[],
): Promise<{ body: unknown; total?: number }> {
  if (steps.length === 0) throw new PropolisError('BadRequest', 'query: the pipeline is empty');
  if (isSqlInitial(steps[0]!._name)) return runSqlPipeline(deps, c, steps);
  let items = await initial(deps, c, steps[0]!);
  let total: number | undefined;
  for (const [i, step] of steps.slice(1).entries()) {
    switch (step._name) {
      case 'filter':
        items = applyFilter(items, step, `query[${i + 1}]`);
        break;
      case 'sort':
        items = applySort(items, step, `query[${i + 1}]`);
        break;
      case 'cases':
      case 'tasks': {
        // user → the cases / tasks assigned to them, then the SQL pipeline takes over
        const logins = items.map((u) => u.login).filter((l): l is string => typeof l === 'string');
        return runSqlPipeline(deps, c, [
          { _name: step._name === 'cases' ? 'listCase' : 'listTask' },
          { _name: 'filter', _in: { _field: 'assignee', _values: logins } },
          ...steps.slice(i + 2),
        ]);
      }
      case 'users': {
        // organisation → users
        const names = new Set(items.map((o) => o.name));
        items = (await listUsers(deps, c))
          .filter((u) => u.memberships.some((m) => names.has(m.organisation)))
          .map((u) => userV1(u, c));
        break;
      }
      case 'count':
        return { body: items.length };
      case 'limitedCount':
        return { body: Math.min(items.length, 1000) };
      case 'page': {
        const from = Number(step.from ?? 0);
        const to = step.to === undefined ? items.length : Number(step.to);
        if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
          throw new PropolisError('BadRequest', `query[${i + 1}]: page needs integers 0 <= from <= to`);
        }
        const extraData = Array.isArray(step.extraData) ? step.extraData : [];
        if (extraData.includes('total')) total = items.length;
        items = items.slice(from, to);
        break;
      }
      default:
        throw new PropolisError(
          'BadRequest',
          `query[${i + 1}]: "${String(step._name)}" is not allowed after ${String(steps[0]!._name)}; allowed: ${FOLLOWING.join(', ')}`,
        );
    }
  }
  return { body: items, total };
}

export const queryRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/query',
      {
        schema: {
          response: ok(AnyJson),
          querystring: Type.Object({ name: Type.Optional(Type.String()) }),
          body: Type.Object({
            query: Type.Array(Type.Object({ _name: Type.String() }, { additionalProperties: true }), {
              maxItems: 50,
            }),
            excludeFields: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
          }),
        },
      },
      async (request, reply) => {
        const result = await runQuery(deps, ctx(request), request.body.query as Step[]);
        if (result.total !== undefined) reply.header('X-Total', String(result.total));
        const exclude = request.body.excludeFields;
        if (exclude?.length && Array.isArray(result.body)) {
          for (const item of result.body as Item[]) for (const f of exclude) delete item[f];
        }
        return result.body;
      },
    );
  };
