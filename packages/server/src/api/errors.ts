/**
 * One error handler for every face: domain errors, validation errors, malformed bodies and
 * unknown routes all become `{"type", "message"}` with a 4xx; only real faults are 500s.
 */
import { PropolisError } from '@propolis/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** "body/severity must be integer" → "severity: must be integer" (paths in dotted form). */
function describeValidation(issues: ValidationIssue[], context: string | undefined): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      let field = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
        field = field ? `${field}.${issue.params.missingProperty}` : issue.params.missingProperty;
        return `${field}: is required`;
      }
      if (issue.keyword === 'additionalProperties' && typeof issue.params?.additionalProperty === 'string') {
        return `${field ? `${field}.` : ''}${issue.params.additionalProperty}: is not a known field`;
      }
      const where = field || (context === 'body' ? 'body' : (context ?? 'request'));
      return `${where}: ${issue.message ?? 'is invalid'}`;
    })
    .join('; ');
}

export function renderError(reply: FastifyReply, error: PropolisError): FastifyReply {
  const body: Record<string, unknown> = { type: error.type, message: error.message };
  if (error.object !== undefined) body.object = error.object;
  if (error.type === 'TooManyRequests') {
    const retry = (error.object as { retryAfter?: number } | undefined)?.retryAfter;
    if (retry) reply.header('Retry-After', String(retry));
  }
  return reply.status(error.status).send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof PropolisError) return renderError(reply, error);
    if (error.validation) {
      return renderError(
        reply,
        new PropolisError('BadRequest', describeValidation(error.validation, error.validationContext)),
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return renderError(
        reply,
        new PropolisError(
          'PayloadTooLarge',
          `The request body is larger than the limit of ${app.initialConfig.bodyLimit} bytes`,
        ),
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return renderError(
        reply,
        new PropolisError(
          'UnsupportedMediaType',
          `Content-Type ${request.headers['content-type'] ?? '(none)'} is not supported: send application/json`,
        ),
      );
    }
    if (status >= 400 && status < 500) {
      const message =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? `The body is not valid JSON: ${error.message}`
          : error.message;
      return renderError(reply, new PropolisError('BadRequest', message, { status }));
    }
    request.log.error({ err: error }, 'request failed');
    return renderError(
      reply,
      new PropolisError('InternalError', 'Internal error: the server logged the details', {
        object: { requestId: request.id },
      }),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    renderError(
      reply,
      new PropolisError('NotFoundError', `No route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}
