import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { VersionConflict } from '../../common/errors.js';

/**
 * As common/if-match.ts's `IfMatchRevision`, for changes where If-Match is optional (Reset to
 * Default, delete): undefined without it (or with `*`), checked by the service when sent, 412 when
 * it is not a revision at all.
 */
export const OptionalIfMatchRevision = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const revision = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)?.[1];
  if (revision === undefined) throw new VersionConflict();
  return Number(revision);
});
