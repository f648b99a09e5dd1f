import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PreconditionRequired, VersionConflict } from './errors.js';

/**
 * The revision an edit is based on, from `If-Match` (`"3"`, `W/"3"` or `3`): 428 without it, 412 when
 * it is not a revision at all. Services compare it with the stored revision.
 */
export const IfMatchRevision = createParamDecorator((_: unknown, context: ExecutionContext): number => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header === '') throw new PreconditionRequired();
  const revision = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)?.[1];
  if (revision === undefined) throw new VersionConflict();
  return Number(revision);
});

/** Sends a resource's revision as its `ETag`, the value `If-Match` takes back. */
export function sendRevision(reply: FastifyReply, revision: number): void {
  reply.header('etag', `"${revision}"`);
}
