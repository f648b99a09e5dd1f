/**
 * A small local load balancer in front of the api replicas (`pnpm cluster`, the cluster tests): each
 * request goes to one of them through undici's BalancedPool, which spreads requests over the
 * upstreams and steers away from one that fails. For one machine; in production a real one sits there.
 */

import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { BalancedPool } from 'undici';

/** Headers that describe one connection, not the request: never forwarded (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) kept[name] = value;
  return kept;
}

export interface Balancer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startBalancer(upstreams: readonly string[], port = 0): Promise<Balancer> {
  const pool = new BalancedPool([...upstreams]);
  const server = createServer(async (req, res) => {
    try {
      const method = (req.method ?? 'GET') as 'GET';
      const upstream = await pool.request({
        path: req.url ?? '/',
        method,
        headers: { ...forwardable(req.headers), 'x-forwarded-for': req.socket.remoteAddress ?? '' },
        body: method === 'GET' || (method as string) === 'HEAD' ? null : req,
      });
      res.writeHead(upstream.statusCode, forwardable(upstream.headers));
      for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'application/problem+json; charset=utf-8' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          detail: `no api replica answered: ${(error as Error).message}`,
        }),
      );
    }
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the balancer has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      server.close();
      await pool.close();
    },
  };
}
