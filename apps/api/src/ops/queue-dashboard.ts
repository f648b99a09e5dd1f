import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoginAttemptsStorage } from '../auth/login-attempts.storage.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../common/problem-details.filter.js';
import { JobQueues } from '../jobs/job-queues.js';
import { OperatorAuthenticator } from './operator-authenticator.js';

/** Outside `/api/v1` (api.md): the job dashboard for operations. */
export const QUEUE_DASHBOARD_ROUTE = '/ops/queues';

const REALM = 'Basic realm="CCP operations", charset="UTF-8"';

/**
 * bull-board at `/ops/queues`, showing every queue (`@ccp/jobs`), behind HTTP Basic login
 * (`OperatorAuthenticator`). It is mounted as one encapsulated Fastify plugin whose `onRequest` hook
 * guards every route of the board (page, assets, JSON API) and nothing else; Nest's guards and
 * middleware do not apply to routes Fastify serves directly.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: JobQueues,
    private readonly operators: OperatorAuthenticator,
    private readonly loginAttempts: LoginAttemptsStorage,
  ) {}

  onModuleInit(): void {
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUE_DASHBOARD_ROUTE);
    createBullBoard({
      // Retries stay on: a failed import that an operator retries is never applied twice (one job per upload).
      queues: this.queues.all().map((queue) => new BullMQAdapter(queue, { allowRetries: true })),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'CCP job queues', hideDocsLink: true } },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.guard(request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_ROUTE },
    );
  }

  private async guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // A header proven before is not checked again, but an address turned away stays turned away.
    const turnedAwayFor = await this.loginAttempts.turnedAwayFor(request.ip);
    const { operator, retryAfter } =
      turnedAwayFor > 0
        ? { operator: undefined, retryAfter: turnedAwayFor }
        : await this.operators.authenticate(request.headers.authorization, () => this.loginAttempts.attempt(request.ip));
    if (retryAfter !== undefined) {
      await sendProblem(request, reply.header('retry-after', String(retryAfter)), {
        status: 429,
        slug: 'too-many-requests',
        title: 'Too Many Requests',
        detail: `Too many logins from this address: try again in ${retryAfter} s`,
      });
      return;
    }
    if (!operator) {
      await sendProblem(request, reply.header('www-authenticate', REALM), {
        status: 401,
        slug: 'unauthenticated',
        title: 'Not authenticated',
        detail: 'Log in with the email and password of a person who has the permission "Operate Job Queues"',
      });
      return;
    }
    // Who retried, cleaned or removed jobs: the dashboard's changes are not in any account's audit log.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      request.log.info({ operator: operator.email, method: request.method, url: request.url }, 'job dashboard change');
    }
  }
}

async function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; slug: string; title: string; detail: string },
): Promise<void> {
  const body: ProblemDetails = {
    type: `https://ccp.example/problems/${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    requestId: String(request.id),
  };
  await reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
