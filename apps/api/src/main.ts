import 'reflect-metadata';
import { Redis } from 'ioredis';
import { createApp } from './app.factory.js';
import { AppConfig } from './config/app-config.js';
import { InvalidEnvironmentError, loadEnv } from './config/env.js';
import { DemoSeeder } from './demo/demo.module.js';
import { startupBanner } from './startup-banner.js';

/** Redis is required (sessions, jobs, invalidations): without it, say what to do instead of starting half a product. */
async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

try {
  const env = loadEnv();
  if (!(await redisAnswers(env.redisUrl))) {
    console.error(
      `No Redis answers at ${env.redisUrl}. Start one (for example: redis-server --daemonize yes) or point REDIS_URL at yours, then start again.`,
    );
    process.exit(1);
  }
  const app = await createApp();
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  console.log(startupBanner(config, app.get(DemoSeeder, { strict: false }).seeded));
} catch (error) {
  if (!(error instanceof InvalidEnvironmentError)) throw error;
  // The logger does not exist yet: LOG_LEVEL may be the bad value.
  console.error(`${error.message}\nFix the variable${error.issues.length > 1 ? 's' : ''} and start again.`);
  process.exitCode = 1;
}
