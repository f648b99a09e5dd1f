/**
 * `pnpm cluster`: two api replicas and two workers on this machine, sharing DATABASE_URL (PostgreSQL;
 * the database must exist) and REDIS_URL, until Ctrl-C. API_PORTS picks the api ports.
 */
import { startCluster } from './cluster.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/ccp';
const ports = (process.env.API_PORTS ?? '3001,3002').split(',').map(Number);

const cluster = await startCluster({ databaseUrl, ports, apis: ports.length, workers: Number(process.env.WORKERS ?? 2) });
console.log(`${cluster.apis.length} api replicas and ${cluster.workers.length} workers on ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}`);
for (const api of cluster.apis) console.log(`  ${api.name}  ${api.url}/api/v1  (docs ${api.url}/api/docs)`);
console.log('Ctrl-C stops them all.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
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
