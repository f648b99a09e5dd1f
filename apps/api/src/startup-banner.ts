import { parseDatabaseUrl } from '@ccp/db';
import { defaultQueuePrefix, describeRedis } from '@ccp/runtime';
import type { AppConfig } from './config/app-config.js';
import { consoleRoot } from './console/console-static.js';
import type { DemoTenant } from './demo/demo-tenant.js';

/** What `pnpm start` prints once the API listens: where everything is, and the demo logins. */
export function startupBanner(config: AppConfig, demo: DemoTenant | null): string {
  const everyInterface = config.host === '0.0.0.0' || config.host === '::';
  const base = `http://${everyInterface ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const database = parseDatabaseUrl(config.databaseUrl);
  const lines = [
    '',
    'Call recording policy platform is running',
    `  Console        ${consoleRoot(config.consoleDir) ? `${base}/` : config.consoleDir === null ? 'off (CONSOLE_DIR=off)' : 'not built: pnpm --filter @ccp/admin build, then start again'}`,
    `  Listening      ${everyInterface ? `every interface, port ${config.port} (HOST=${config.host})` : `${config.host}:${config.port} only (HOST=0.0.0.0 opens it to other machines)`}`,
    `  API            ${base}/api/v1`,
    `  API docs       ${base}/api/docs`,
    `  Health         ${base}/health/ready`,
    `  Metrics        ${base}/metrics ${config.metricsToken ? '(with METRICS_TOKEN as a Bearer token)' : '(this machine only; METRICS_TOKEN opens it to a scraper elsewhere)'}`,
    `  Job dashboard  ${base}/ops/queues (log in as a person with "Operate Job Queues")`,
    `  Database       ${database.driver === 'sqlite' ? `${database.file} (SQLite)` : 'PostgreSQL'}`,
    `  Redis          ${describeRedis(config.redis)}`,
    // Every Redis key of this deployment is under it: its workers must have the same one (README.md).
    `  Queue prefix   ${config.queuePrefix}${config.queuePrefix === defaultQueuePrefix(database) ? ' (derived from the database; QUEUE_PREFIX sets another)' : ' (QUEUE_PREFIX)'}`,
  ];
  if (demo) {
    lines.push(
      `  Demo tenant    created now: ${demo.users.join(', ')}`,
      `  Demo password  ${demo.generatedPassword ? `${demo.password}   (generated: shown only this once; DEMO_ADMIN_PASSWORD sets it)` : 'the one in DEMO_ADMIN_PASSWORD'}`,
    );
  } else if (config.demoSeed) {
    lines.push('  Demo tenant    admin@demo.test, viewer@demo.test, admin@basic.test (password as printed at the first start)');
  }
  lines.push(
    `  Try            curl -s ${base}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"admin@demo.test","password":"…"}'`,
    '',
  );
  return lines.join('\n');
}
