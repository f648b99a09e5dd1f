/**
 * Domain errors: what services throw (STYLE.md, Errors). Plain classes, no HTTP in them, so the
 * worker can run the same code; `ProblemDetailsFilter` alone maps them to statuses and problem types.
 */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The resource does not exist, or belongs to another account (ACC-3: both answer the same). */
export class NotFound extends DomainError {
  constructor(what = 'The resource was not found') {
    super(what);
  }
}

/** `If-Match` names a revision that is no longer current. */
export class VersionConflict extends DomainError {
  constructor(
    readonly expected?: string,
    readonly current?: string,
  ) {
    super(
      expected !== undefined && current !== undefined
        ? `If-Match names revision ${expected}, but the current revision is ${current}; read it again and retry`
        : 'The resource was changed since it was read; read it again and retry',
    );
  }
}

/** A change was sent without `If-Match`. */
export class PreconditionRequired extends DomainError {
  constructor(message = 'Send If-Match with the revision you read') {
    super(message);
  }
}

/** ACC-1: the account lacks the Contact Center Pro feature or an Enterprise Hub network. */
export class FeatureNotEnabled extends DomainError {
  constructor(message = 'Call recording needs the Contact Center Pro feature and an Enterprise Hub network on this account') {
    super(message);
  }
}

/** ACC-2: the user lacks a permission; `detail` names it. */
export class MissingPermission extends DomainError {
  constructor(readonly permission: string) {
    super(`This needs the permission "${permission}"`);
  }
}

/** No credentials, or credentials that are not valid. */
export class Unauthenticated extends DomainError {
  constructor(message = 'Send a valid token or API key as "Authorization: Bearer …"') {
    super(message);
  }
}

/** An API key called a route that only people may call (api.md: keys may call `/calls…` and `/simulate`, nothing else). */
export class ApiKeyNotAllowed extends DomainError {
  constructor(message = 'API keys may call /calls and /simulate only; log in as a person for this') {
    super(message);
  }
}

/** The request would create something that exists already (a queue id, a direct line, a call id). */
export class Conflict extends DomainError {}

/** A recording rule forbids the request; `rule` names it (e.g. `GLB-5`). */
export class RuleViolation extends DomainError {
  constructor(
    readonly rule: string,
    readonly detail: string,
    /** The fields the violation concerns, so the console shows the reason beside them. */
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
  }
}

export interface FieldError {
  /** Dotted path into the request body, e.g. `queueDefault.mode` or `rows.3.entry`. */
  readonly path: string;
  readonly message: string;
  /** The rule the value breaks, when one does (EXC-1 for a number that is not one). */
  readonly rule?: string;
}

/** The request is well-formed but its content is not valid; one entry per field. */
export class ValidationFailed extends DomainError {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.length === 1 ? 'One field is not valid' : `${errors.length} fields are not valid`);
  }
}

/** A dependency (Redis, the database) does not answer. */
export class ServiceUnavailable extends DomainError {
  constructor(message = 'A service this request needs is not available; try again shortly') {
    super(message);
  }
}
