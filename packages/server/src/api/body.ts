/**
 * Validates a body that did not go through the route's schema (the `_json` part of a multipart
 * request, or a route that takes JSON or multipart) with the route's own validator (same Ajv and
 * options as every other body), and the same "field: message" errors as api/errors.ts.
 */
import { badRequest } from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import { isMultipartRequest } from './multipart.js';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function describe(issues: AjvIssue[]): string {
  const out = issues.slice(0, 5).map((issue) => {
    const field = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
      return `${field ? `${field}.` : ''}${issue.params.missingProperty}: is required`;
    }
    return `${field || 'body'}: ${issue.message ?? 'is invalid'}`;
  });
  return [...new Set(out)].join('; ');
}

export function checkBody<T>(
  request: FastifyRequest,
  schema: object,
  value: unknown,
  options: { sameAsRoute?: boolean } = {},
): T {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('body: must be a JSON object');
  }
  // A JSON body that the route's schema (the same one, api/shared/bodies.ts) has validated is not
  // checked twice; the `_json` part of a multipart body is.
  if (options.sameAsRoute && value === request.body && !isMultipartRequest(request)) return value as T;
  const validate = request.compileValidationSchema(schema as Record<string, unknown>);
  if (validate(value)) return value as T;
  throw badRequest(describe((validate.errors ?? []) as AjvIssue[]));
}
