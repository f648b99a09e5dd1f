/**
 * `pnpm cluster`: two api replicas and two workers on this machine, sharing DATABASE_URL (PostgreSQL;
 * the database must exist) and REDIS_URL (or REDIS_CLUSTER_NODES), behind HAProxy on PORT (default 3000; the deployment's
 * configuration, deploy/haproxy/haproxy.cfg), until Ctrl-C. API_PORTS picks the replicas' own ports.
 */
import { randomBytes } from 'node:crypto';
import { startCluster } from './cluster.js';
import { startHaproxy } from './haproxy.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/ccp';
const ports = (process.env.API_PORTS ?? '3001,3002').split(',').map(Number);

// Every replica must sign tokens with one secret; without AUTH_TOKEN_SECRET, one is made for this run.
const tokenSecret = process.env.AUTH_TOKEN_SECRET ?? randomBytes(32).toString('base64url');
const cluster = await startCluster({
  databaseUrl,
  redisClusterNodes: process.env.REDIS_CLUSTER_NODES || undefined,
  ports,
  apis: ports.length,
  workers: Number(process.env.WORKERS ?? 2),
  // HAProxy is local: its X-Forwarded-For names the client. Imports leave room to call decisions.
  env: {
    AUTH_TOKEN_SECRET: tokenSecret,
    TRUST_PROXY: '127.0.0.1',
    WORKER_NICENESS: process.env.WORKER_NICENESS ?? '10',
    WORKER_DATABASE_SHARE: process.env.WORKER_DATABASE_SHARE ?? '50',
  },
});
const balancer = await startHaproxy(
  cluster.apis.map((api) => api.url),
  Number(process.env.PORT ?? 3000),
).catch(async (error: Error) => {
  await cluster.stop();
  console.error(error.message);
  process.exit(1);
});
console.log(`${cluster.apis.length} api replicas and ${cluster.workers.length} workers on ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}`);
console.log(`  HAProxy ${balancer.url}  (the console at /, the API at /api/v1)`);
if (!process.env.AUTH_TOKEN_SECRET)
  console.log('  tokens are signed with a secret made for this run: set AUTH_TOKEN_SECRET to keep sessions across runs');
for (const api of cluster.apis) console.log(`  ${api.name}  ${api.url}/api/v1  (docs ${api.url}/api/docs)`);
// The first replica's banner says how to log in to the demo tenant (it seeded it).
for (const line of cluster.apis[0]?.output().split('\n') ?? []) if (line.startsWith('  Demo ')) console.log(line);
console.log('Ctrl-C stops them all.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await balancer.close();
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const member of [...cluster.apis, ...cluster.workers]) {
  member.process.on('exit', (code) => {
    if (stopping) return;
    console.error(`${member.name} stopped (exit code ${code}):\n${member.output().slice(-4_000)}`);
    void stop();
  });
}
