import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service.js';

/** The route label of requests no route matched: one value, whatever URL was asked. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Times every response, labelled with the route pattern Fastify matched (`request.routeOptions.url`). */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    metrics.observeHttpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
