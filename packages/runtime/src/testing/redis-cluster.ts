import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { RedisClusterTarget, RedisNode } from '../redis-connection.js';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

/**
 * How long nodes wait for an answer before they declare a master failed (Redis's default: 15 s), so a
 * failover test fails over within a few seconds; long enough that a busy machine fails over nothing.
 */
const NODE_TIMEOUT_MS = 2_000;

export interface OwnRedisClusterOptions {
  /** Masters, sharing the slots: 3 at least, as redis-cli requires. */
  readonly masters?: number;
  /** Replicas per master: 1 for a failover test. */
  readonly replicas?: number;
  /** A password every node requires (`requirepass`, `masterauth`), as a managed cluster does. */
  readonly password?: string;
  /** An ACL user the password is for, the default user turned off (ElastiCache's RBAC); with `password`. */
  readonly username?: string;
  /**
   * Clients, replication and the cluster bus over TLS only, with certificates of a CA made for this
   * cluster (`caFile`): a client trusts it as a deployment trusts a private CA (NODE_EXTRA_CA_CERTS).
   */
  readonly tls?: boolean;
}

interface ClusterNodeProcess {
  readonly port: number;
  readonly process: ChildProcess;
}

/** A line of CLUSTER NODES: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot ranges…>". */
interface NodeLine {
  readonly port: number;
  readonly flags: readonly string[];
  readonly ranges: readonly string[];
}

/**
 * A throwaway Redis Cluster of this test's own (TOOLCHAIN.md), on free ports: its nodes' state and
 * logs (`node-<port>.log`) live in a temporary folder, removed by `stop()`.
 */
export class OwnRedisCluster {
  private constructor(
    readonly dir: string,
    private readonly nodes: ClusterNodeProcess[],
    private readonly options: OwnRedisClusterOptions,
  ) {}

  /** The seeds, as REDIS_CLUSTER_NODES reads them. */
  get seeds(): readonly RedisNode[] {
    return this.nodes.map(({ port }) => ({ host: '127.0.0.1', port }));
  }

  /** What a process reads from `variable`: the seeds, and the cluster's password and TLS if it has them. */
  get target(): RedisClusterTarget {
    const { username, password, tls } = this.options;
    return {
      clusterNodes: this.seeds,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(tls ? { tls } : {}),
    };
  }

  /** REDIS_CLUSTER_NODES for a process on this cluster: URLs (the first with the credentials) when it has a password or TLS. */
  get variable(): string {
    const { username, password, tls } = this.options;
    if (password === undefined && !tls) return this.seeds.map(({ host, port }) => `${host}:${port}`).join(',');
    const credentials = password === undefined ? '' : `${encodeURIComponent(username ?? '')}:${encodeURIComponent(password)}@`;
    const scheme = tls ? 'rediss' : 'redis';
    return this.seeds.map(({ host, port }, i) => `${scheme}://${i === 0 ? credentials : ''}${host}:${port}`).join(',');
  }

  /** The certificate of the CA that signed the nodes' (with `tls`): NODE_EXTRA_CA_CERTS for a process on this cluster. */
  get caFile(): string {
    return join(this.dir, 'ca.crt');
  }

  /** The CA's certificate (PEM), for a client of this process to trust (`tls.setDefaultCACertificates`). */
  async ca(): Promise<string> {
    return readFile(this.caFile, 'utf8');
  }

  static async start(options: OwnRedisClusterOptions = {}): Promise<OwnRedisCluster> {
    if (options.username !== undefined && options.password === undefined) throw new Error('an ACL user needs a password');
    const count = (options.masters ?? 3) * (1 + (options.replicas ?? 0));
    const cluster = new OwnRedisCluster(await mkdtemp(join(tmpdir(), 'ccp-redis-cluster-')), [], options);
    try {
      if (options.tls) await cluster.certificates();
      for (let i = 0; i < count; i++) await cluster.startNode();
      const addresses = cluster.nodes.map(({ port }) => `127.0.0.1:${port}`);
      await run('redis-cli', [
        ...cluster.cliAccess(),
        ...['--cluster', 'create', ...addresses, '--cluster-replicas', String(options.replicas ?? 0), '--cluster-yes'],
      ]);
      await cluster.settled();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /**
   * One more node, answering PING. `freePort` finds ports that were free a moment ago: another process
   * of a parallel test may bind one first (seen in CI: "Connection refused" on a node that never
   * started), so a node that does not answer is killed and started again on other ports.
   */
  private async startNode(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const node = { port, process: spawn('redis-server', await this.nodeArguments(port), { stdio: 'ignore' }) };
      this.nodes.push(node);
      if ((await this.cli(port, 'PING', 30).catch(() => '')) === 'PONG') return;
      await this.kill(port);
      this.nodes.splice(this.nodes.indexOf(node), 1);
      if (attempt === 3) throw new Error(`redis-server did not start, three times (last on port ${port})`);
    }
  }

  /** A CA, and one certificate for every node (they all listen on 127.0.0.1), signed by it; valid a day. */
  private async certificates(): Promise<void> {
    const file = (name: string) => join(this.dir, name);
    const days = ['-days', '1'];
    const key = (name: string) => ['-newkey', 'rsa:2048', '-nodes', '-keyout', file(name)];
    await run('openssl', ['req', '-x509', ...key('ca.key'), '-out', this.caFile, ...days, '-subj', '/CN=ccp-test-redis-ca']);
    await run('openssl', ['req', ...key('node.key'), '-out', file('node.csr'), '-subj', '/CN=localhost']);
    await writeFile(file('node.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await run('openssl', [
      ...['x509', '-req', '-in', file('node.csr'), '-CA', this.caFile, '-CAkey', file('ca.key'), '-CAcreateserial'],
      ...['-out', file('node.crt'), ...days, '-extfile', file('node.ext')],
    ]);
  }

  private async nodeArguments(port: number): Promise<string[]> {
    const { username, password, tls } = this.options;
    const certificate = ['--tls-cert-file', join(this.dir, 'node.crt'), '--tls-key-file', join(this.dir, 'node.key')];
    const listen = tls ? ['--port', '0', '--tls-port', String(port), ...certificate] : ['--port', String(port)];
    return [
      ...listen,
      // Clients show no certificate of their own, as with a managed cluster; the nodes talk to each other over TLS too.
      ...(tls ? ['--tls-ca-cert-file', this.caFile, '--tls-auth-clients', 'no', '--tls-cluster', 'yes', '--tls-replication', 'yes'] : []),
      ...(password === undefined
        ? []
        : username === undefined
          ? ['--requirepass', password, '--masterauth', password]
          : [
              // One word an argument: redis-server quotes each ("default off" is refused: no spaces in a user name).
              ...['--user', 'default', 'off', '--user', username, 'on', `>${password}`, '~*', '&*', '+@all'],
              ...['--masteruser', username, '--masterauth', password],
            ]),
      ...['--bind', '127.0.0.1', '--dir', this.dir, '--logfile', `node-${port}.log`],
      // The bus port is chosen too: port + 10000, Redis's default, may be taken or beyond 65535.
      ...['--cluster-enabled', 'yes', '--cluster-port', String(await freePort()), '--cluster-config-file', `nodes-${port}.conf`],
      ...['--cluster-node-timeout', String(NODE_TIMEOUT_MS)],
      // A replica syncs at once (not 5 s later, Redis's default): one that never synced cannot take over.
      ...['--repl-diskless-sync-delay', '0', '--save', '', '--appendonly', 'no'],
    ];
  }

  /** The port of the master holding `key`'s slot now. */
  async masterOf(key: string): Promise<number> {
    const port = this.running()[0]?.port;
    if (port === undefined) throw new Error('no node runs');
    const slot = Number(await this.cli(port, `CLUSTER KEYSLOT ${key}`));
    for (const node of await this.nodeLines(port)) {
      if (!node.flags.includes('master') || node.flags.some((flag) => flag.startsWith('fail'))) continue;
      for (const range of node.ranges) {
        const [start = '', end = start] = range.split('-');
        if (slot >= Number(start) && slot <= Number(end)) return node.port;
      }
    }
    throw new Error(`no master holds slot ${slot}`);
  }

  /** Kills a node at once (SIGKILL), as a machine lost: no goodbye to its peers, no last write. */
  async kill(port: number): Promise<void> {
    const node = this.nodes.find((n) => n.port === port);
    if (!node || node.process.exitCode !== null || node.process.signalCode !== null) return;
    const exited = once(node.process, 'exit');
    node.process.kill('SIGKILL');
    await exited;
  }

  /**
   * Waits until every running node sees every slot served by a running master, and every replica has
   * its master's data (one that never synced cannot take over): after start-up, and after a failover.
   */
  async settled(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(this.running().map(({ port }) => this.state(port)));
      if (states.every((state) => state === 'ok')) return;
      if (Date.now() > deadline) throw new Error(`the Redis Cluster did not settle: ${states.join(' | ')}`);
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map(({ port }) => this.kill(port)));
    await rm(this.dir, { recursive: true, force: true });
  }

  /** 'ok', or what is not yet. */
  private async state(port: number): Promise<string> {
    try {
      const info = await this.cli(port, 'CLUSTER INFO');
      if (!/cluster_state:ok/.test(info) || !/cluster_slots_ok:16384/.test(info)) return `${port}: slots not all served`;
      const running = new Set(this.running().map((node) => node.port));
      const stale = (await this.nodeLines(port)).find((node) => node.ranges.length > 0 && !running.has(node.port));
      if (stale) return `${port}: ${stale.port} (stopped) still holds slots`;
      const replication = await this.cli(port, 'INFO replication');
      if (/role:slave/.test(replication) && !/master_link_status:up/.test(replication)) return `${port}: replica not in sync`;
      return 'ok';
    } catch (error) {
      return `${port}: ${(error as Error).message}`;
    }
  }

  private async nodeLines(port: number): Promise<NodeLine[]> {
    return (await this.cli(port, 'CLUSTER NODES')).split('\n').map((line) => {
      const [, address = '', flags = '', , , , , , ...ranges] = line.split(' ');
      return { port: Number(address.split('@')[0]?.split(':')[1]), flags: flags.split(','), ranges };
    });
  }

  private running(): ClusterNodeProcess[] {
    return this.nodes.filter(({ process }) => process.exitCode === null && process.signalCode === null);
  }

  /** How redis-cli gets in: the password (and user), over TLS trusting this cluster's CA. */
  private cliAccess(): string[] {
    const { username, password, tls } = this.options;
    return [
      ...(username === undefined ? [] : ['--user', username]),
      ...(password === undefined ? [] : ['--pass', password, '--no-auth-warning']),
      ...(tls ? ['--tls', '--cacert', this.caFile] : []),
    ];
  }

  /** One command through redis-cli, tried `attempts` times 100 ms apart (while a node starts). */
  private async cli(port: number, command: string, attempts = 1): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await run('redis-cli', [...this.cliAccess(), '-p', String(port), ...command.split(' ')])).stdout.trim();
      } catch (error) {
        if (attempt >= attempts) throw error;
        await sleep(100);
      }
    }
  }
}
