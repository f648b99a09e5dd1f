import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs/openapi.json';

/**
 * The security schemes. Routes do not name them: `@Access` (auth/access.decorator.ts) documents who may call
 * a route from the same level the guard enforces, and a route without it needs a person's token, as in the guard.
 */
export const BEARER_AUTH = 'bearer';
export const API_KEY_AUTH = 'apiKey';
export const METRICS_TOKEN_AUTH = 'metricsToken';

/**
 * `postCallEvent`, not `CallsController_event`: routes name their operation (`@ApiOperation({ operationId })`);
 * one that does not gets its method and resource, `scrapeMetrics`.
 */
export function fallbackOperationId(controllerKey: string, methodKey: string): string {
  return `${methodKey}${controllerKey.replace(/Controller$/, '')}`;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Call recording policy API')
    .setDescription(
      'Recording settings, exclusion list, live call decisions and audit for contact centers. ' +
        'Errors are RFC 9457 problem details (application/problem+json). ' +
        'Any route answers 400 to a JSON body that does not parse or nests deeper than 64 levels, and to a NUL character in a path or query value; ' +
        'a NUL in a JSON body is 422, naming the field.',
    )
    .setVersion('1.0')
    // The paths carry /api/v1 (the app's global prefix); health and metrics are outside it (api.md).
    .addServer('/', "This API's own origin: the HTTP API under /api/v1, health and metrics at the root")
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: "A person's token, from POST /api/v1/auth/login" }, BEARER_AUTH)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'ak_…',
        description: 'An account API key (ak_…, from POST /api/v1/api-keys): for /calls and /simulate only (api.md)',
      },
      API_KEY_AUTH,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "The deployment's METRICS_TOKEN, for GET /metrics only; without it set, /metrics answers the machine itself only",
      },
      METRICS_TOKEN_AUTH,
    )
    // Secure by default, as the guard: operations that differ say so (`security: []` for public ones).
    .addSecurityRequirements(BEARER_AUTH)
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: fallbackOperationId });
}

/** The UI at `/api/docs`, the document at `/api/docs/openapi.json` (api.md). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Call recording policy API',
  });
}
