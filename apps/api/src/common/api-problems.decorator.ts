import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto.js';

const DEFAULT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  401: 'No token, or one that is not valid',
  403: 'ACC-1 feature-not-enabled, ACC-2 missing-permission (named in detail), or an API key (people only)',
  404: "No such id in this account (ACC-3: another account's ids answer the same)",
  409: 'It exists already in this account',
  412: 'If-Match names a revision that is no longer current: read it again',
  422: 'The request is not valid: errors[] names each field and why',
  428: 'If-Match is missing: send the revision you read',
};

/**
 * The problem responses of a route in the OpenAPI document, as `application/problem+json`. 401 and
 * 403 apply to every recording route and are always listed. A status may come with its own description.
 */
export function ApiProblems(...responses: Array<number | readonly [number, string]>): MethodDecorator & ClassDecorator {
  return problemResponses([401, 403, ...responses]);
}

/**
 * Only the problem responses listed, as `application/problem+json`: for a public route, or a route whose
 * controller lists its 401 and 403 once for all its routes.
 */
export function ApiProblemResponses(...responses: Array<number | readonly [number, string]>): MethodDecorator & ClassDecorator {
  return problemResponses(responses);
}

function problemResponses(responses: Array<number | readonly [number, string]>): MethodDecorator & ClassDecorator {
  const statuses = new Map<number, string>();
  for (const response of responses) {
    const [status, description] = typeof response === 'number' ? [response, DEFAULT_DESCRIPTIONS[response] ?? ''] : response;
    // A status listed twice keeps the description given last (a route's own over the defaults).
    if (typeof response !== 'number' || !statuses.has(status)) statuses.set(status, description);
  }
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...[...statuses].map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
