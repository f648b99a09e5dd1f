/**
 * One chromium for the run (Debian's, through playwright-core, with the launch of the console's
 * own browser tests, apps/admin/e2e/chromium.ts), launched in BeforeAll and closed in
 * AfterAll; each scenario gets a context of its own (hooks.ts). The console is the built
 * apps/admin/dist, which the API of api-server.ts serves at `/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launchChromium } from '@ccp/admin/e2e/chromium';
import { AfterAll, BeforeAll } from '@cucumber/cucumber';
import type { Browser } from 'playwright-core';
import { api } from '../api/api-server.js';

let running: Browser | undefined;

export function browser(): Browser {
  if (!running) throw new Error('the browser is not running (BeforeAll of steps/console/browser.ts)');
  return running;
}

/** The built console's index.html (turbo builds @ccp/admin before the features' `test`; `pnpm specs` too). */
function builtConsole(): string {
  const packageJson = createRequire(import.meta.url).resolve('@ccp/admin/package.json');
  return join(dirname(packageJson), 'dist', 'index.html');
}

// After the API's BeforeAll (api-server.ts is imported first): the console must be what it serves.
BeforeAll({ timeout: 60_000 }, async () => {
  const index = builtConsole();
  if (!existsSync(index)) throw new Error(`${index} is missing: build the console first (pnpm turbo run build --filter=@ccp/admin)`);
  const served = await (await fetch(api().url)).text();
  const built = readFileSync(index, 'utf8');
  if (served !== built) throw new Error(`the API at ${api().url} does not serve the console of ${index} (is CONSOLE_DIR set?)`);
  running = await launchChromium();
});

AfterAll({ timeout: 30_000 }, async () => {
  const closing = running;
  running = undefined;
  await closing?.close();
});
