import 'reflect-metadata';
import { SchemaBehindError } from '@ccp/db';
import { redisStartupRefusal } from '@ccp/runtime';
import { InvalidEnvironmentError, loadEnv } from './config/env.js';
import { lowerCpuPriority } from './cpu-priority.js';
import { createWorker } from './worker.factory.js';

try {
  const env = loadEnv();
  lowerCpuPriority(env.niceness);
  const redisRefusal = await redisStartupRefusal(env.redis);
  if (redisRefusal) {
    console.error(redisRefusal);
    process.exit(1);
  }
  const worker = await createWorker();
  // SIGTERM/SIGINT: stop taking jobs, let running imports finish (or release them), then exit.
  worker.enableShutdownHooks(['SIGTERM', 'SIGINT']);
} catch (error) {
  // The logger may not exist yet: LOG_LEVEL may be the bad value.
  if (error instanceof InvalidEnvironmentError) {
    console.error(`${error.message}\nFix the variable${error.issues.length > 1 ? 's' : ''} and start again.`);
  } else if (error instanceof SchemaBehindError) {
    // MIGRATE_ON_START=false and migrations pending: the message says what to run.
    console.error(`The worker cannot start: ${error.message}`);
  } else {
    console.error(`The worker cannot start: ${(error as Error).stack ?? error}`);
  }
  process.exit(1);
}
