/**
 * HAProxy (Debian's `haproxy` package) in front of the api replicas, for `pnpm cluster` and the
 * cluster tests, with the settings of the deployment's own (deploy/haproxy/haproxy.cfg: health checks
 * on /health/ready, X-Forwarded-For, redispatch): that file is read and only where it listens and
 * which replicas it knows change, so the balancer tried here is the one deployed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './cluster.js';

export const DEPLOYED_CONFIG = join(ROOT, 'deploy/haproxy/haproxy.cfg');
const HAPROXY = process.env.HAPROXY_BIN ?? 'haproxy';

export interface Balancer {
  readonly url: string;
  /** What HAProxy printed (its request log included), for failures. */
  output(): string;
  close(): Promise<void>;
}

/**
 * The deployed configuration for replicas at `upstreams` (`http://127.0.0.1:3001`, …), listening on
 * 127.0.0.1:`port`: its listener and server lines replaced, its DNS resolvers (for containers found
 * by name) dropped.
 */
export function localConfig(deployed: string, upstreams: readonly string[], port: number): string {
  const servers = upstreams.map((upstream, i) => `  server api${i + 1} ${new URL(upstream).host}`).join('\n');
  return `${deployed
    .replace(/^resolvers [^\n]*\n(?:[ \t]+[^\n]*\n)*/m, '')
    .replace(/ resolvers \S+/g, '')
    .replace(/^(\s*bind) \S+/m, `$1 127.0.0.1:${port}`)
    .replace(/^\s*server [^\n]*\n?/gm, '')
    .trimEnd()}\n${servers}\n`;
}

/** Starts HAProxy on `port` (`freePort()` in tests) and waits until it passes a request to a ready replica. */
export async function startHaproxy(upstreams: readonly string[], port: number): Promise<Balancer> {
  if (spawnSync(HAPROXY, ['-v']).error) {
    throw new Error(`${HAPROXY} not found: install HAProxy (Debian: apt-get install haproxy), or set HAPROXY_BIN`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'ccp-haproxy-'));
  const config = join(folder, 'haproxy.cfg');
  writeFileSync(config, localConfig(readFileSync(DEPLOYED_CONFIG, 'utf8'), upstreams, port));
  let output = '';
  // -W master-worker, -db in the foreground: SIGUSR1 then stops it gracefully (in-flight requests finish).
  const child: ChildProcess = spawn(HAPROXY, ['-W', '-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const balancer: Balancer = {
    url,
    output: () => output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGUSR1');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await balancer.close();
      throw new Error(`haproxy exited with ${child.exitCode}:\n${output}`);
    }
    // 503 until a health check found a replica ready.
    if ((await fetch(`${url}/health/live`).catch(() => null))?.ok) return balancer;
    await sleep(100);
  }
  await balancer.close();
  throw new Error(`haproxy on ${url} found no ready replica within 30 s:\n${output}`);
}
