import { MAX_UPLOAD_BYTES } from '@ccp/imports';
import { NestPinoLogger } from '@ccp/runtime';
import fastifyMultipart from '@fastify/multipart';
import { type ModuleMetadata, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { applyInputLimits } from './common/input-limits.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/request-id.js';
import { applySecurityHeaders } from './common/security-headers.js';
import { loadEnv, type RawEnv } from './config/env.js';
import { consoleRoot, serveConsole } from './console/console-static.js';
import { DOCS_PATH, serveOpenApi } from './docs/openapi.js';
import { recordHttpMetrics } from './metrics/http-metrics.js';
import { MetricsService } from './metrics/metrics.service.js';

export const API_PREFIX = 'api/v1';

export interface CreateAppOptions {
  /** Modules mounted beside `AppModule`: tests use it for a throwaway controller. */
  readonly imports?: NonNullable<ModuleMetadata['imports']>;
  /** Where the JSON log lines go instead of stdout: tests read the log through it. */
  readonly logStream?: { write(line: string): void };
}

/**
 * Builds the API with everything wired (prefix, validation, problem details, request ids, metrics,
 * OpenAPI), not yet initialised or listening: `main.ts` listens, tests call `init()` and `inject()`.
 * `env` overrides `process.env`; a bad value rejects with `InvalidEnvironmentError` before anything starts.
 */
export async function createApp(env: RawEnv = {}, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const config = loadEnv(env);
  const adapter = new FastifyAdapter({
    // Call ids are up to 128 characters (POST /calls); Fastify's default refuses path parameters over 100 with 414.
    routerOptions: { maxParamLength: 256 },
    ...(config.trustProxy.length > 0 && { trustProxy: [...config.trustProxy] }),
    logger: { level: config.logLevel, ...(options.logStream && { stream: options.logStream }) },
    genReqId: requestIdFor,
    requestIdHeader: false,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes and scrapes come every few seconds: logging each would drown the requests that matter.
      disableRequestLogging: (request) => request.url.startsWith('/health/') || request.url === '/metrics',
    }),
  });
  const fastify = adapter.getInstance();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options.imports), adapter, {
    logger: new NestPinoLogger(fastify.log),
    abortOnError: false,
  });

  // Probes and scrapes stay at the root (api.md: "Outside /api/v1"); so does the job dashboard, which
  // OpsModule mounts on Fastify itself at /ops/queues.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  // File uploads (POST /exclusions/uploads): one file, a few short text fields. A larger file stops
  // being read at the limit and answers 413 (EXC-8); the upload route names the limit.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 },
  });
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  await applySecurityHeaders(app, DOCS_PATH);
  applyInputLimits(app);
  recordHttpMetrics(fastify, app.get(MetricsService));
  serveOpenApi(app);
  const consoleDir = consoleRoot(config.consoleDir);
  if (consoleDir) await serveConsole(app, consoleDir);
  return app;
}
