import 'reflect-metadata';
import { SchemaBehindError } from '@ccp/db';
import { redisStartupRefusal } from '@ccp/runtime';
import { createApp } from './app.factory.js';
import { AppConfig } from './config/app-config.js';
import { InvalidEnvironmentError, loadEnv } from './config/env.js';
import { DemoSeeder } from './demo/demo.module.js';
import { startupBanner } from './startup-banner.js';

try {
  const env = loadEnv();
  const redisRefusal = await redisStartupRefusal(env.redis);
  if (redisRefusal) {
    console.error(redisRefusal);
    process.exit(1);
  }
  const app = await createApp();
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  console.log(startupBanner(config, app.get(DemoSeeder, { strict: false }).seeded));
} catch (error) {
  // MIGRATE_ON_START=false and migrations pending: the message says what to run, a stack would bury it.
  if (error instanceof SchemaBehindError) {
    console.error(error.message);
    process.exit(1);
  }
  if (!(error instanceof InvalidEnvironmentError)) throw error;
  // The logger does not exist yet: LOG_LEVEL may be the bad value.
  console.error(`${error.message}\nFix the variable${error.issues.length > 1 ? 's' : ''} and start again.`);
  process.exitCode = 1;
}
