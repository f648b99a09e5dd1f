import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, RuleViolation } from '../common/errors.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../common/problem-details.filter.js';

/**
 * EXC-1: the value is not an exclusion entry. A rule violation (`rule: "EXC-1"`, `detail`: policy-core's
 * reason) that also names the field, so the console can show the reason beside it.
 */
export class ExclusionEntryRefused extends RuleViolation {
  readonly errors: readonly FieldError[];

  constructor(reason: string, path = 'entry') {
    super('EXC-1', reason);
    this.errors = [{ path, message: reason }];
  }
}

/**
 * Sends `ExclusionEntryRefused` as the global filter would, plus its `errors`. Local workaround:
 * `RuleViolation` in common/errors.ts carries no field errors yet; once it does, this filter goes.
 */
@Catch(ExclusionEntryRefused)
export class ExclusionEntryRefusedFilter implements ExceptionFilter {
  catch(exception: ExclusionEntryRefused, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { headers, log: _, ...problem } = toProblem(exception);
    if (reply.sent) return;
    reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify({ ...problem, errors: exception.errors, requestId: String(request.id) }));
  }
}
