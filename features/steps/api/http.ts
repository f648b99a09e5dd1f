/**
 * The HTTP client of the api profile: JSON over `node:http` from a loopback address of the scenario's
 * own. Why not `fetch`: the API throttles logins per client address (10 a minute), and Node's `fetch`
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
  /** The body as JSON: fails when the answer is not JSON. */
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  readonly token?: string;
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

  private exchange(method: string, path: string, options: RequestOptions): Promise<Answer> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.baseUrl), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          this.log.push(`${method} ${path}${body === undefined ? '' : ` ${body}`}\n  → ${status} ${text}`);
          resolve({
            method,
            path,
            status,
            headers: res.headers,
            text,
            json<T>(): T {
              if (!/json/.test(res.headers['content-type'] ?? '')) {
                throw new Error(`${method} ${path} answered ${status} ${res.headers['content-type']}, not JSON: ${text}`);
              }
              return JSON.parse(text) as T;
            },
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
