/**
 * The OpenAPI 3.1 document, generated from the routes' TypeBox schemas and served as JSON.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.js';

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Propolis API',
        version: VERSION,
        description: 'TheHive-compatible v1 (/api/v1) and v0 (/api) APIs of Propolis.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          basic: { type: 'http', scheme: 'basic' },
          session: { type: 'apiKey', in: 'cookie', name: 'PROPOLIS-SESSION' },
        },
      },
      security: [{ apiKey: [] }, { basic: [] }, { session: [] }],
    },
  });
}

export function serveOpenApi(app: FastifyInstance): void {
  app.get(
    '/api/openapi.json',
    {
      config: { public: true },
      schema: {
        response: { 200: { description: 'This document', type: 'object', additionalProperties: true } },
        hide: true,
      },
    },
    async () => app.swagger(),
  );
}
