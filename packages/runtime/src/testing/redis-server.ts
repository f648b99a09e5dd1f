import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface OwnRedisOptions {
  /** Keep the data in an append-only file in this folder, so a restart loses nothing (as a production Redis). */
  readonly appendOnlyDir?: string;
}

/**
 * A throwaway redis-server of this test's own (never the shared one on 6379): no persistence, on a
 * free port, stopped with `stop()`, restarted on the same port with `restart()`.
 */
export class OwnRedisServer {
  private constructor(
    readonly port: number,
    private process: ChildProcess,
    private readonly options: OwnRedisOptions,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: OwnRedisOptions = {}): Promise<OwnRedisServer> {
    const port = await freePort();
    const server = new OwnRedisServer(port, OwnRedisServer.spawn(port, options), options);
    await server.ready();
    return server;
  }

  /** Stops it and starts it again on the same port (with its data, when it keeps an append-only file). */
  async restart(): Promise<void> {
    await this.stop();
    this.process = OwnRedisServer.spawn(this.port, this.options);
    await this.ready();
  }

  private static spawn(port: number, options: OwnRedisOptions): ChildProcess {
    const persistence = options.appendOnlyDir ? ['--appendonly', 'yes', '--dir', options.appendOnlyDir] : ['--appendonly', 'no'];
    return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
  }

  private async ready(): Promise<void> {
    const { port, process: child } = this;
    for (let attempt = 0; ; attempt++) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (error) {
        if (attempt === 50 || child.exitCode !== null) {
          child.kill('SIGKILL');
          throw new Error(`redis-server on port ${port} did not start: ${error}`);
        }
        await sleep(100);
      } finally {
        probe.disconnect();
      }
    }
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGTERM');
    await exited;
  }
}
