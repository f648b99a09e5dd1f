import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's id may look like before we log it and echo it back; anything else gets a fresh one. */
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when it is sane (a proxy's or a client's correlation id), else a UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && ACCEPTABLE_ID.test(sent) ? sent : randomUUID();
}
