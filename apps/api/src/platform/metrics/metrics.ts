import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { timingSafeEqual, createHash } from 'node:crypto';

/** Prometheus `/metrics`: process metrics and request latency by route, method and status; behind METRICS_TOKEN when set. */
export function registerMetrics(fastify: FastifyInstance, token: string | undefined): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  fastify.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  const expected = token ? createHash('sha256').update(`Bearer ${token}`).digest() : undefined;
  fastify.get('/metrics', async (request, reply) => {
    if (expected) {
      const given = createHash('sha256').update(String(request.headers.authorization ?? '')).digest();
      if (!timingSafeEqual(given, expected)) {
        return reply.status(401).header('www-authenticate', 'Bearer').type('application/problem+json').send({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'metrics need METRICS_TOKEN' });
      }
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
