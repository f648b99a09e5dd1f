import type { components } from './openapi.js';

/** One field of a request that is not valid: `path` dotted as in the request body (`call.kind`). */
export type FieldError = components['schemas']['FieldErrorDto'];

/** The RFC 9457 body of every error the API answers (`application/problem+json`). */
export type ProblemDetails = components['schemas']['ProblemDetailsDto'];

/** Problem types a caller may react to (apps/api `problem-details.filter.ts`); other types come as they are. */
export const PROBLEM_TYPES = {
  featureNotEnabled: 'https://ccp.example/problems/feature-not-enabled',
  missingPermission: 'https://ccp.example/problems/missing-permission',
  versionConflict: 'https://ccp.example/problems/version-conflict',
  preconditionRequired: 'https://ccp.example/problems/precondition-required',
  unauthenticated: 'https://ccp.example/problems/unauthenticated',
} as const;

/**
 * An RFC 9457 problem from the API (api.md) as an Error to throw and show: `detail` says what happened,
 * `rule` names the recording rule behind a refusal, `errors[]` points at fields. `status` 0: no answer at all.
 */
export class ApiProblem extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly rule: string | undefined;
  readonly errors: readonly FieldError[];
  readonly requestId: string | undefined;

  constructor(fields: {
    status: number;
    title: string;
    detail: string;
    type?: string;
    rule?: string;
    errors?: readonly FieldError[];
    requestId?: string;
  }) {
    super(fields.detail);
    this.name = 'ApiProblem';
    this.type = fields.type ?? 'about:blank';
    this.title = fields.title;
    this.status = fields.status;
    this.detail = fields.detail;
    this.rule = fields.rule;
    this.errors = fields.errors ?? [];
    this.requestId = fields.requestId;
  }

  /** The message for one field (`errors[].path`, dotted as in the request body), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }

  /** What the API answered, whatever its shape: a proxy's HTML 502 still becomes a problem with a useful detail. */
  static fromResponse(response: Response, body: unknown): ApiProblem {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (isProblemBody(body)) {
      return new ApiProblem({
        status: response.status,
        type: body.type,
        title: body.title ?? response.statusText,
        detail: body.detail ?? body.title ?? `The API answered ${response.status}`,
        rule: body.rule,
        errors: Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [],
        requestId: body.requestId ?? requestId,
      });
    }
    return new ApiProblem({
      status: response.status,
      title: response.statusText || 'Error',
      detail: `The API answered ${response.status} ${response.statusText}`.trim(),
      requestId,
    });
  }

  /** The request never got an answer (API down, network gone). */
  static unreachable(cause: unknown): ApiProblem {
    const problem = new ApiProblem({
      status: 0,
      title: 'The API did not answer',
      detail: 'The API could not be reached. Check the connection and try again.',
    });
    problem.cause = cause;
    return problem;
  }
}

interface ProblemBody {
  type?: string;
  title?: string;
  detail?: string;
  rule?: string;
  errors?: unknown[];
  requestId?: string;
}

function isProblemBody(body: unknown): body is ProblemBody {
  return typeof body === 'object' && body !== null && ('detail' in body || 'title' in body);
}

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && 'path' in value && 'message' in value;
}
