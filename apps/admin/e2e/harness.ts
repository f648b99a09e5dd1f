/**
 * The console end to end: the built API (serving the built console) and a worker, on a fresh SQLite
 * file, the local Redis and a queue prefix of the run's own, driven by Debian's chromium through
 * playwright-core. Screenshots go to `reports/screens/` so a reviewer can look without running anything.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Cluster, startCluster } from '@ccp/cluster';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

export const PASSWORD = 'console-e2e-password-0123';
export const SCREENS = fileURLToPath(new URL('../../../reports/screens/', import.meta.url));
const CONSOLE_INDEX = fileURLToPath(new URL('../dist/index.html', import.meta.url));

export interface Console {
  readonly url: string;
  readonly browser: Browser;
  /** What the browser refused under the Content-Security-Policy: `stop()` fails when any. */
  readonly cspViolations: string[];
  stop(): Promise<void>;
}

export async function startConsole(): Promise<Console> {
  if (!existsSync(CONSOLE_INDEX)) throw new Error(`${CONSOLE_INDEX} is missing: run "pnpm --filter @ccp/admin build" first`);
  const data = mkdtempSync(join(tmpdir(), 'ccp-console-e2e-'));
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster({
      databaseUrl: `sqlite:${join(data, 'ccp.sqlite')}`,
      queuePrefix: `{ccp-e2e-${randomBytes(4).toString('hex')}}`,
      apis: 1,
      workers: 1,
      env: { DEMO_ADMIN_PASSWORD: PASSWORD, AUTH_TOKEN_SECRET: 'console-e2e-secret-console-e2e-secret-0123', LOG_LEVEL: 'warn' },
    });
    const browser = await launchChromium();
    mkdirSync(SCREENS, { recursive: true });
    const running = cluster;
    const cspViolations: string[] = [];
    return {
      url: running.apis[0]?.url ?? '',
      browser,
      cspViolations,
      async stop() {
        await browser.close();
        await running.stop();
        rmSync(data, { recursive: true, force: true });
        if (cspViolations.length > 0) throw new Error(`the page broke its Content-Security-Policy:\n${cspViolations.join('\n')}`);
      },
    };
  } catch (error) {
    await cluster?.stop();
    rmSync(data, { recursive: true, force: true });
    throw error;
  }
}

/** A page at the size the issue asks the console to be readable at. */
export async function openPage(console: Console): Promise<Page> {
  const context = await console.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      console.cspViolations.push(`${page.url()}: ${message.text()}`);
    }
  });
  return page;
}

/** The whole page, or the viewport only when a pop-up covers it (its backdrop is as tall as the viewport). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: options.fullPage ?? true });
}

export async function logIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}
