/**
 * Around every @console scenario: a fresh browser context (no cookie or storage of another
 * scenario), at the size the console's own browser tests use; at the end a screenshot of what the
 * person saw, in the report and in reports/screens/specs/<scenario name>.png, and on failure the
 * page's address and what it printed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { After, Before, Status } from '@cucumber/cucumber';
import { browser } from './browser.js';
import { type ConsoleWorld, SHOWN_WITHIN_MS } from './world.js';

const SCREENS = fileURLToPath(new URL('../../../reports/screens/specs/', import.meta.url));

/** The scenario's name as a file name: the characters no file system takes become `_`. */
function fileName(scenario: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced.
  return scenario.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').trim();
}

Before(async function (this: ConsoleWorld) {
  this.context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
  this.context.setDefaultTimeout(SHOWN_WITHIN_MS);
  this.page = await this.context.newPage();
});

After({ timeout: 30_000 }, async function (this: ConsoleWorld, { pickle, result }) {
  try {
    if (!this.hasPage()) return;
    mkdirSync(SCREENS, { recursive: true });
    const screenshot = await this.page.screenshot({ path: join(SCREENS, `${fileName(pickle.name)}.png`), fullPage: true });
    this.attach(screenshot, { mediaType: 'image/png', fileName: `${fileName(pickle.name)}.png` });
    if (result?.status === Status.FAILED) {
      this.attach(`${this.page.url()}\n\n${this.browserLog.join('\n') || '(the page printed nothing)'}`, {
        mediaType: 'text/plain',
        fileName: 'browser.log',
      });
    }
  } finally {
    await this.context?.close();
  }
});
