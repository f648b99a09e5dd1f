/**
 * The World of a @console scenario: the api profile's (its accounts and people, created the same
 * way, and its HTTP client for what the admin reads through the API), plus a browser page of the
 * scenario's own, in a fresh context (hooks.ts). People log in through the console's login screen,
 * with the run's password (api-server.ts).
 */
import assert from 'node:assert/strict';
import { setWorldConstructor } from '@cucumber/cucumber';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { api } from '../api/api-server.js';
import { ApiWorld, type Person } from '../api/world.js';

/** How long the console may take to show what a step waits for. */
export const SHOWN_WITHIN_MS = 15_000;

export class ConsoleWorld extends ApiWorld {
  context: BrowserContext | undefined;
  private currentPage: Page | undefined;
  /** What the page said on its console and its uncaught errors, for the report of a failed scenario. */
  readonly browserLog: string[] = [];

  get page(): Page {
    assert.ok(this.currentPage, 'the scenario has no browser page (Before of steps/console/hooks.ts)');
    return this.currentPage;
  }

  set page(page: Page) {
    this.currentPage = page;
    page.on('console', (message) => this.browserLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.browserLog.push(`[pageerror] ${error.stack ?? error.message}`));
  }

  hasPage(): boolean {
    return this.currentPage !== undefined;
  }

  /** Logs in through the console's login screen; the console then opens its first screen (the recording settings). */
  async logIn(person: Person): Promise<void> {
    const page = this.page;
    await page.goto(api().url.href);
    await page.getByRole('heading', { name: 'Contact Center Pro', level: 1 }).waitFor();
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(api().password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  /** A screen of the Settings navigation, as the person clicks it, once its heading shows. */
  async openScreen(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: label, exact: true }).click();
    await this.page.getByRole('heading', { name: label, level: 1 }).waitFor();
  }
}

/** The text a person reads in `locator` (spaces as they see them), once it holds all of `expected`. */
export async function readText(locator: Locator, expected: readonly string[]): Promise<string> {
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  await locator.waitFor();
  let text = '';
  do {
    // innerText, not textContent: a heading and the paragraph under it read as two phrases, not one run-on word.
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node; the rendered text is the point.
    text = (await locator.innerText()).replace(/\s+/g, ' ').trim();
    if (expected.every((part) => text.includes(part))) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  for (const part of expected) assert.ok(text.includes(part), `the console shows ${JSON.stringify(text)}, not ${JSON.stringify(part)}`);
  return text;
}

setWorldConstructor(ConsoleWorld);
