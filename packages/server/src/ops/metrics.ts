/**
 * Prometheus metrics: process figures plus request counts and durations per route.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** `extra` registers the figures of other parts (notifications) on the same registry. */
export function installMetrics(app: FastifyInstance, extra: Array<(registry: Registry) => void> = []): void {
  const registry = new Registry();
  for (const register of extra) register(registry);
  collectDefaultMetrics({ register: registry, prefix: 'propolis_' });
  const requests = new Counter({
    name: 'propolis_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'propolis_http_request_duration_seconds',
    help: 'HTTP request duration, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get(
    '/metrics',
    {
      config: { public: true },
      schema: {
        response: {
          200: {
            description: 'Prometheus metrics',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
        hide: true,
      },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
