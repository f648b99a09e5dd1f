import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { carriesForwardingHeader, metricsAccess } from '@ccp/runtime';
import {
  type BeforeApplicationShutdown,
  HttpException,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import { WorkerConfig } from '../config/worker-config.js';
import { WorkerMetrics } from '../metrics/worker-metrics.js';
import { WorkerReadiness } from './worker-readiness.js';

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const PROBLEM_TYPES = 'https://ccp.example/problems/';

/**
 * The worker's own `GET /health/live`, `GET /health/ready` and `GET /metrics` (api.md), on
 * WORKER_HOST:WORKER_PORT; none when WORKER_PORT is 0 (unset). A bare `node:http` server: three
 * routes need no framework. Failures answer `application/problem+json`, as the api's (a 503 of
 * readiness names its `checks`). Ready answers 503 from the start of shutdown; the server closes once
 * the rest of the worker has stopped.
 */
@Injectable()
export class WorkerHttp implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHttp');
  private server: Server | undefined;
  private shuttingDown = false;

  constructor(
    private readonly config: WorkerConfig,
    private readonly readiness: WorkerReadiness,
    private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.workerPort === 0) return;
    const server = createServer((request, response) => {
      this.answer(request, response).catch((error: Error) => {
        this.logger.error(`${request.method} ${request.url} failed: ${error.stack ?? error}`);
        if (!response.headersSent) problem(response, 500, 'internal', 'Internal server error', 'The worker could not answer');
        else response.destroy();
      });
    });
    server.listen(this.config.workerPort, this.config.workerHost);
    await once(server, 'listening');
    this.server = server;
    const { address, port } = server.address() as AddressInfo;
    this.logger.log(`health and metrics on http://${address}:${port} (/health/live, /health/ready, /metrics)`);
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    const route = ROUTES[path];
    if (!route) return problem(response, 404, 'not-found', 'Not found', `No route ${path}: try /health/live, /health/ready or /metrics`);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return problem(response, 405, 'method-not-allowed', 'Method not allowed', `${path} answers GET only`);
    }
    if (route === 'live') return json(response, 200, { status: 'ok', info: {}, error: {}, details: {} });
    if (route === 'metrics') {
      const access = metricsAccess(this.config.metricsToken, {
        authorization: request.headers.authorization,
        address: request.socket.remoteAddress ?? '',
        forwardedByUntrusted: carriesForwardingHeader(request.headers),
      });
      if (!access.allowed) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return problem(response, 401, 'unauthenticated', 'Not authenticated', access.detail);
      }
      const text = await this.metrics.render();
      response.writeHead(200, { 'Content-Type': this.metrics.contentType }).end(text);
      return;
    }
    if (this.shuttingDown) return problem(response, 503, 'service-unavailable', 'Not ready', 'Shutting down');
    try {
      return json(response, 200, await this.readiness.check());
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failed = Object.entries(result.details)
        .filter(([, check]) => check.status === 'down')
        .map(([name, check]) => (typeof check.message === 'string' ? `${name} is down (${check.message})` : `${name} is down`));
      return problem(response, 503, 'service-unavailable', 'Not ready', `Not ready: ${failed.join('; ')}`, { checks: result.details });
    }
  }
}

const ROUTES: Readonly<Record<string, 'live' | 'ready' | 'metrics'>> = {
  '/health/live': 'live',
  '/health/ready': 'ready',
  '/metrics': 'metrics',
};

function json(response: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/** An RFC 9457 problem, as the api's (without its `requestId`: the worker has no request ids). */
function problem(response: ServerResponse, status: number, slug: string, title: string, detail: string, extra: object = {}): void {
  json(response, status, { type: PROBLEM_TYPES + slug, title, status, detail, ...extra }, PROBLEM_CONTENT_TYPE);
}
