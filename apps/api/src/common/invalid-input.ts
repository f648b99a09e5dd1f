import { formatIssue, type Issue } from '@ccp/policy-core';
import { type FieldError, ValidationFailed } from './errors.js';

/** A field error of policy-core's: where, what, and the rule it breaks when it names one (EXC-1 for a bad exclusion). */
export interface IssueError extends FieldError {
  readonly rule?: string;
}

/**
 * Input that policy-core refused (a scenario, a call, an event, or an event that cannot happen now):
 * 422 with every issue in `errors`, and `detail` the first one as `pnpm simulate` prints it
 * (`events[3]: "answered" needs a waiting call, …`), so the API and the command line say the same.
 */
export class InvalidInput extends ValidationFailed {
  constructor(issues: readonly Issue[]) {
    super(
      issues.map(
        (issue): IssueError =>
          issue.rule ? { path: issue.path, message: issue.message, rule: issue.rule } : { path: issue.path, message: issue.message },
      ),
    );
    const [first, ...more] = issues;
    if (first)
      this.message = `${formatIssue(first)}${more.length > 0 ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : ''}`;
  }
}
