/**
 * The OpenAPI document is valid OpenAPI 3.1 and describes what every route answers, and the
 * routes that take JSON or multipart describe both bodies.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
let doc: any;

beforeAll(async () => {
  const res = await server.anonymous.get('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(): Array<{ path: string; method: string; op: any }> {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
  );
}

describe('OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('declares a response of every route', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(100);
    const missing = ops
      .filter(({ op }) => {
        const responses = Object.entries(op.responses ?? {}).filter(([status]) => status !== 'default');
        // A body schema, or a declared empty answer (204, v0 logout's empty 200) with its own description.
        return !responses.some(
          ([status, r]: [string, any]) =>
            (r.content && Object.keys(r.content).length > 0) ||
            ((status === '204' || status === '200') && r.description && r.description !== 'Default Response'),
        );
      })
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(missing).toEqual([]);
  });

  it('describes both bodies of the routes that take JSON or multipart', () => {
    for (const path of [
      '/api/v1/alert',
      '/api/alert',
      '/api/v1/case/{caseId}/observable',
      '/api/v1/task/{taskId}/log',
    ]) {
      const content = doc.paths[path].post.requestBody.content;
      expect(Object.keys(content).sort(), path).toEqual(['application/json', 'multipart/form-data']);
      expect(content['multipart/form-data'].schema.properties, path).toHaveProperty('_json');
    }
    const alert = doc.paths['/api/v1/alert'].post.requestBody.content['application/json'].schema;
    expect(alert.properties.type.maxLength).toBe(64);
  });

  it('describes entities with their output schema (open to extra fields)', () => {
    const alert = doc.paths['/api/v1/alert/{id}'].get.responses['200'].content['application/json'].schema;
    expect(alert.properties).toHaveProperty('sourceRef');
    expect(alert.properties).toHaveProperty('extraData');
    expect(alert.additionalProperties).toBe(true);
  });
});
