import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { AppConfig } from './config/app-config.js';
import { InvalidEnvironmentError } from './config/env.js';

try {
  const app = await createApp();
  app.enableShutdownHooks();
  const { port, host } = app.get(AppConfig);
  await app.listen(port, host);
} catch (error) {
  if (!(error instanceof InvalidEnvironmentError)) throw error;
  // The logger does not exist yet: LOG_LEVEL may be the bad value.
  console.error(`${error.message}\nFix the variable${error.issues.length > 1 ? 's' : ''} and start again.`);
  process.exitCode = 1;
}
