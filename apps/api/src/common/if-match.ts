import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PreconditionRequired, VersionConflict } from './errors.js';

/** The revision in an `If-Match` value (`"3"`, `W/"3"` or `3`); 412 when it is not a revision at all. */
function revisionOf(header: string): number {
  const revision = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)?.[1];
  if (revision === undefined) throw new VersionConflict();
  return Number(revision);
}

function ifMatchOf(context: ExecutionContext): string | undefined {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  return header === undefined || header.trim() === '' ? undefined : header;
}

/** The revision an edit is based on, from `If-Match`: 428 without it. Services compare it with the stored revision. */
export const IfMatchRevision = createParamDecorator((_: unknown, context: ExecutionContext): number => {
  const header = ifMatchOf(context);
  if (header === undefined) throw new PreconditionRequired();
  return revisionOf(header);
});

/**
 * For changes where If-Match is optional (Reset to Default, delete): undefined without it (or with
 * `*`), checked by the service when sent.
 */
export const OptionalIfMatchRevision = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = ifMatchOf(context);
  return header === undefined || header.trim() === '*' ? undefined : revisionOf(header);
});

/** Sends a resource's revision as its `ETag`, the value `If-Match` takes back. */
export function sendRevision(reply: FastifyReply, revision: number): void {
  reply.header('etag', `"${revision}"`);
}
