/**
 * One chromium for the run (Debian's, through playwright-core, with the launch arguments of the
 * console's own browser tests, apps/admin/e2e/harness.ts), launched in BeforeAll and closed in
 * AfterAll; each scenario gets a context of its own (hooks.ts). The console is the built
 * apps/admin/dist, which the API of api-server.ts serves at `/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AfterAll, BeforeAll } from '@cucumber/cucumber';
import { type Browser, chromium } from 'playwright-core';
import { api } from '../api/api-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

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
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: the console scenarios need Debian's chromium (apt-get install chromium), or CHROMIUM_PATH`);
  const index = builtConsole();
  if (!existsSync(index)) throw new Error(`${index} is missing: build the console first (pnpm turbo run build --filter=@ccp/admin)`);
  const served = await (await fetch(api().url)).text();
  const built = readFileSync(index, 'utf8');
  if (served !== built) throw new Error(`the API at ${api().url} does not serve the console of ${index} (is CONSOLE_DIR set?)`);
  running = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine has no way out: Chromium's own background traffic would only fail.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

AfterAll({ timeout: 30_000 }, async () => {
  const closing = running;
  running = undefined;
  await closing?.close();
});
