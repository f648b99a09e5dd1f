/**
 * The HTTP client of the api profile: JSON (and multipart uploads, and file downloads) over
 * `node:http` from a loopback address of the scenario's own. Why not `fetch`: the API throttles logins per client address (10 a minute), and Node's `fetch`
 * cannot choose the address it connects from. Each scenario is one client, as each admin is one
 * browser, so the run's few dozen logins never meet the throttle and the throttle stays as it is.
 */
import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/** An answer of the API, with what was asked, for the report of a failed scenario. */
export interface Answer {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body as it came (a downloaded file). */
  readonly bytes: Buffer;
  /** The body as JSON: fails when the answer is not JSON. */
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  readonly token?: string;
  /** Sent as JSON, or as `multipart/form-data` when it is a `FormData` (an upload). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

let clients = 0;

/** 127.42.0.1, 127.42.0.2, …: Linux answers on all of 127.0.0.0/8. */
function nextLoopbackAddress(): string {
  const n = clients++;
  return `127.42.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

export class HttpClient {
  private agent: Agent;
  /** Every exchange, one line each, attached to the report when the scenario fails. */
  readonly log: string[] = [];

  constructor(private readonly baseUrl: URL) {
    this.agent = new Agent({ keepAlive: true, localAddress: nextLoopbackAddress() });
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    try {
      return await this.exchange(method, path, options);
    } catch (error) {
      // A system without the 127.0.0.0/8 loopback (macOS): connect from 127.0.0.1 like any client.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw error;
      this.agent.destroy();
      this.agent = new Agent({ keepAlive: true });
      return this.exchange(method, path, options);
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private async exchange(method: string, path: string, options: RequestOptions): Promise<Answer> {
    const body = await encode(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body) Object.assign(headers, { 'content-type': body.type, 'content-length': String(body.bytes.length) });
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.baseUrl), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          const status = res.statusCode ?? 0;
          const type = res.headers['content-type'] ?? '';
          const shown = /json|text/.test(type) || bytes.length === 0 ? text : `(${bytes.length} bytes of ${type})`;
          this.log.push(`${method} ${path}${body ? ` ${body.shown}` : ''}\n  → ${status} ${shown}`);
          resolve({
            method,
            path,
            status,
            headers: res.headers,
            text,
            bytes,
            json<T>(): T {
              if (!/json/.test(type)) throw new Error(`${method} ${path} answered ${status} ${type}, not JSON: ${shown}`);
              return JSON.parse(text) as T;
            },
          });
        });
      });
      req.on('error', reject);
      req.end(body?.bytes);
    });
  }
}

/** A request body: JSON, or a form encoded as `fetch` would send it (its boundary in `type`). */
async function encode(body: unknown): Promise<{ bytes: Buffer; type: string; shown: string } | undefined> {
  if (body === undefined) return undefined;
  if (body instanceof FormData) {
    const form = new Response(body);
    const bytes = Buffer.from(await form.arrayBuffer());
    const fields = [...body].map(([name, value]) => (typeof value === 'string' ? `${name}=${value}` : `${name}=${value.name}`));
    return { bytes, type: form.headers.get('content-type') ?? '', shown: `(multipart ${fields.join(' ')}, ${bytes.length} bytes)` };
  }
  const json = JSON.stringify(body);
  return { bytes: Buffer.from(json), type: 'application/json', shown: json };
}
