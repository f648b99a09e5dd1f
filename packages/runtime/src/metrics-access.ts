import { createHash, timingSafeEqual } from 'node:crypto';
import type { Reader } from './environment.js';

/** Who asks for `/metrics`: the `Authorization` header, and the client's address as far as it can be known. */
export interface MetricsClient {
  readonly authorization: string | undefined;
  /** The client's address: the peer's, or the one a trusted proxy forwarded. */
  readonly address: string;
  /** Whether the request names a client that `address` does not account for (a forwarding header no trusted proxy consumed). */
  readonly forwardedByUntrusted: boolean;
}

export type MetricsAccess = { readonly allowed: true } | { readonly allowed: false; readonly detail: string };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read `/metrics` (the api's and the worker's alike): with METRICS_TOKEN set, whoever sends
 * it as `Authorization: Bearer …`; without it, this machine only (a loopback client whose request no
 * proxy forwarded), as a fresh `pnpm start` needs and nothing beyond it can reach. Process and queue
 * figures tell an outsider how busy a contact center is and when its jobs fail, so they are never
 * public.
 */
export function metricsAccess(token: string | undefined, client: MetricsClient): MetricsAccess {
  if (token !== undefined) {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(client.authorization ?? '')?.[1];
    if (presented !== undefined && sameSecret(presented, token)) return { allowed: true };
    return { allowed: false, detail: 'Send the METRICS_TOKEN as "Authorization: Bearer <token>" to read the metrics' };
  }
  if (LOOPBACK.test(client.address) && !client.forwardedByUntrusted) return { allowed: true };
  return { allowed: false, detail: 'The metrics answer this machine only: set METRICS_TOKEN to let a scraper elsewhere read them with it' };
}

/** Whether a request carries a forwarding header (`X-Forwarded-For`, `Forwarded`). */
export function carriesForwardingHeader(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined;
}

/** METRICS_TOKEN: long enough not to be guessed; a secret, so a refusal does not repeat it. */
export const metricsToken: Reader<string> = (v) => (v.length >= 16 ? v : { refused: `must be at least 16 characters (got ${v.length})` });

function sameSecret(presented: string, token: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
