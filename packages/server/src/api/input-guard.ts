/**
 * The one boundary check every request passes before its route sees it: no text that a database
 * cannot store as sent (U+0000, lone surrogates, in values and keys), no number that cannot be
 * stored exactly, no hostile nesting — in the JSON body, the query string and the path parameters.
 * Multipart `_json` parts are checked the same way by `api/multipart.ts` (they are parsed later,
 * by the route). Column ranges (dates, int32) are in the route schemas (`DateMs`, `Int32` of
 * `@propolis/core` `wire/fields.ts`).
 * The rules and their reasons are in `@propolis/core` `model/limits.ts`.
 */
import { badRequest, findInputProblem } from '@propolis/core';
import type { FastifyInstance } from 'fastify';

/** Throws a 400 naming the field when `value` holds something no database can store as sent. */
export function guardInput(value: unknown, root = ''): void {
  const problem = findInputProblem(value, root);
  if (problem) throw badRequest(`${problem.path}: ${problem.message}`);
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.params && typeof request.params === 'object') guardInput(request.params, 'path');
    if (request.query && typeof request.query === 'object') guardInput(request.query, 'query');
    if (request.body !== undefined && request.body !== null) guardInput(request.body);
  });
}
