import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Optional } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Database } from '../database/database.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import {
  ApiKeyNotAllowed,
  Conflict,
  DomainError,
  FeatureNotEnabled,
  type FieldError,
  MissingPermission,
  NotFound,
  PreconditionRequired,
  RuleViolation,
  ServiceUnavailable,
  Unauthenticated,
  ValidationFailed,
  VersionConflict,
} from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const PROBLEM_TYPES = 'https://ccp.example/problems/';

/** An RFC 9457 problem, as every error response carries it (api.md). */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly rule?: string;
  readonly errors?: readonly FieldError[];
  /** Extension: the readiness checks behind a 503 of `/health/ready`. */
  readonly checks?: HealthCheckResult['details'];
  readonly requestId: string;
}

type Problem = Omit<ProblemDetails, 'requestId'> & {
  /** Response headers the problem needs (`WWW-Authenticate` on 401). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Server faults are logged with the stack; client errors are not. */
  readonly log?: 'error' | 'warn';
};

const problem = (slug: string, status: number, title: string, detail: string): Problem => ({
  type: PROBLEM_TYPES + slug,
  title,
  status,
  detail,
});

/** The mapping table of domain errors (errors.ts); a new domain error gets its row here. */
function fromDomainError(e: DomainError): Problem | undefined {
  if (e instanceof NotFound) return problem('not-found', 404, 'Not found', e.message);
  if (e instanceof VersionConflict) return problem('version-conflict', 412, 'Stale revision', e.message);
  if (e instanceof PreconditionRequired) return problem('precondition-required', 428, 'If-Match required', e.message);
  if (e instanceof FeatureNotEnabled) return problem('feature-not-enabled', 403, 'Feature not enabled', e.message);
  if (e instanceof MissingPermission) return problem('missing-permission', 403, 'Missing permission', e.message);
  if (e instanceof Unauthenticated)
    return { ...problem('unauthenticated', 401, 'Not authenticated', e.message), headers: { 'www-authenticate': 'Bearer' } };
  if (e instanceof Conflict) return problem('conflict', 409, 'Conflict', e.message);
  if (e instanceof ApiKeyNotAllowed) return problem('api-key-not-allowed', 403, 'Not allowed with an API key', e.message);
  if (e instanceof RuleViolation) {
    const violation = { ...problem('rule-violation', 422, 'Forbidden by a recording rule', e.detail), rule: e.rule };
    return e.errors.length > 0 ? { ...violation, errors: e.errors } : violation;
  }
  if (e instanceof ValidationFailed) return { ...problem('validation-failed', 422, 'Invalid request', e.message), errors: e.errors };
  if (e instanceof ServiceUnavailable) return { ...problem('service-unavailable', 503, 'Service unavailable', e.message), log: 'warn' };
  return undefined;
}

/** Problem types of Nest's and Fastify's HTTP errors, by status; other statuses get `about:blank` (RFC 9457 §4.2.1). */
const SLUG_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  428: 'precondition-required',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/** Fastify's body errors (wrapped by Nest's adapter as the `cause` of an HttpException) with a type of their own. */
const FASTIFY_BODY_ERRORS: Readonly<Record<string, { slug: string; title: string; detail: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-body', title: 'Malformed body', detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    slug: 'malformed-body',
    title: 'Malformed body',
    detail: 'The request body is empty, but its Content-Type is application/json',
  },
};

function isHealthCheckResult(body: unknown): body is HealthCheckResult {
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body && typeof body.details === 'object';
}

function fromHttpException(e: HttpException): Problem {
  const status = e.getStatus();
  const body = e.getResponse();
  const title = STATUS_CODES[status] ?? 'Error';
  const slug = SLUG_BY_STATUS[status];
  const generic = (detail: string): Problem => ({ type: slug ? PROBLEM_TYPES + slug : 'about:blank', title, status, detail });

  // @nestjs/terminus answers a failed readiness with its check result: name the checks that failed.
  if (isHealthCheckResult(body)) {
    const failed = Object.entries(body.details)
      .filter(([, check]) => check.status === 'down')
      .map(([name, check]) => (typeof check.message === 'string' ? `${name} is down (${check.message})` : `${name} is down`));
    const detail = body.status === 'shutting_down' ? 'Shutting down' : `Not ready: ${failed.join('; ')}`;
    return { ...problem('service-unavailable', status, 'Not ready', detail), checks: body.details };
  }
  const code = e.cause instanceof Error && 'code' in e.cause && typeof e.cause.code === 'string' ? e.cause.code : undefined;
  const fastifyBodyError = code ? FASTIFY_BODY_ERRORS[code] : undefined;
  if (fastifyBodyError) return problem(fastifyBodyError.slug, status, fastifyBodyError.title, fastifyBodyError.detail);

  const message = typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : title;
  return { ...generic(detail), log: status >= 500 ? 'error' : undefined };
}

/** What becomes of anything thrown: the one place that knows statuses and problem types. */
export function toProblem(exception: unknown): Problem {
  if (exception instanceof DomainError) {
    const known = fromDomainError(exception);
    if (known) return known;
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  // A change that could not reach the database was rolled back or never began: nothing changed.
  if (isDatabaseUnavailable(exception)) {
    return {
      ...problem('service-unavailable', 503, 'Service unavailable', 'The database does not answer: nothing was changed; try again shortly'),
      headers: { 'retry-after': '5' },
      log: 'warn',
    };
  }
  return {
    ...problem('internal-error', 500, 'Internal Server Error', 'Something went wrong on our side; quote the request id if you report it'),
    log: 'error',
  };
}

/**
 * The one global exception filter (STYLE.md): every error response is `application/problem+json`
 * with the request id, and anything unexpected is a generic 500, logged with its stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Optional() private readonly database?: Database) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { headers, log, ...rest } = toProblem(exception);
    const body: ProblemDetails = { ...rest, requestId: String(request.id) };
    // Connections that died inside a transaction are never given back to the pool: start a new one.
    if (body.status === 503 && isDatabaseUnavailable(exception)) {
      this.database?.renew().catch((error: Error) => request.log.warn({ err: error }, 'the database pool cannot be renewed yet'));
    }

    if (log === 'error') request.log.error({ err: exception, problem: body.type }, 'request failed');
    if (log === 'warn') request.log.warn({ problem: body.type, detail: body.detail }, 'request failed');
    if (reply.sent) return;
    reply
      .status(body.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify(body));
  }
}
