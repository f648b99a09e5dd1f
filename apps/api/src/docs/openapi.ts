import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs/openapi.json';

/** Name of the security scheme; feature controllers mark their routes with `@ApiBearerAuth(BEARER_AUTH)`. */
export const BEARER_AUTH = 'bearer';

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
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "A person's token from POST /api/v1/auth/login, or an account API key (ak_…) for /calls and /simulate",
      },
      BEARER_AUTH,
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** The UI at `/api/docs`, the document at `/api/docs/openapi.json` (api.md). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Call recording policy API',
  });
}
