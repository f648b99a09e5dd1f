import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { API_PREFIX, createClient, provideApi } from '../api';

/** Serves a `fetch`-shaped handler on 127.0.0.1 (a free port): store tests cross a real HTTP boundary. */
export async function serve(handler: (request: Request) => Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const response = await handler(await toRequest(req));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body });
}

/**
 * A store test file's setup: `handler` (the test's fake) served over HTTP for the file, and before each
 * test a fresh Pinia and the app's client pointed at it with the fakes' token. `url` is the fake's, for a
 * test that needs a client of its own (another token).
 */
export function serveToStores(handler: (request: Request) => Promise<Response>): { readonly url: string } {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(handler);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    setActivePinia(createPinia());
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'test-token' }));
  });
  return {
    get url() {
      return server.url;
    },
  };
}
