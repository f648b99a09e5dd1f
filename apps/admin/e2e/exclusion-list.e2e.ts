import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, PASSWORD, screenshot, startConsole } from './harness.js';

describe('the Exclusion List in a real browser, against the API and a worker', () => {
  let running: Console;
  let files: string;

  beforeAll(async () => {
    running = await startConsole();
    files = mkdtempSync(join(tmpdir(), 'ccp-exclusion-e2e-'));
  });

  afterAll(async () => {
    await running?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  // One login for the file's API reads: logging in on every poll would run into the login rate limit.
  let token: Promise<string> | undefined;
  function apiToken(): Promise<string> {
    token ??= fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    }).then(async (login) => ((await login.json()) as { token: string }).token);
    return token;
  }

  /** The account's newest upload as the API holds it. */
  async function newestUploadFromApi(): Promise<{ id: string; status: string } | undefined> {
    const res = await fetch(`${running.url}/api/v1/exclusions/uploads?limit=1`, {
      headers: { authorization: `Bearer ${await apiToken()}` },
    });
    return ((await res.json()) as { items: { id: string; status: string }[] }).items[0];
  }

  /** The whole list as the API holds it, read as an integrator would (not through the console). */
  async function entriesFromApi(): Promise<string[]> {
    const bearer = await apiToken();
    const entries: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fetch(`${running.url}/api/v1/exclusions?${query}`, { headers: { authorization: `Bearer ${bearer}` } });
      const page = (await res.json()) as { items: { entry: string }[]; nextCursor: string | null };
      entries.push(...page.items.map((e) => e.entry));
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  async function openExclusionList(): Promise<Page> {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Exclusion List' }).click();
    await page.getByRole('heading', { name: 'Exclusion List', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Exclusion List' }).waitFor();
    return page;
  }

  /** Picks a file in the Bulk upload numbers pop-up and sends it with the mode chosen (replace confirmed). */
  async function bulkUpload(page: Page, file: string, mode: 'add' | 'replace'): Promise<void> {
    await page.getByRole('button', { name: 'Bulk Upload Numbers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk upload numbers' });
    await dialog.getByLabel('Upload File').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Bulk Upload' }).click();
    await dialog
      .getByRole('radio', {
        name: mode === 'add' ? 'Add to the existing numbers and area codes' : 'Replace the existing numbers and area codes entirely',
      })
      .check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    if (mode === 'replace') {
      await dialog.getByText('Replace the whole Exclusion List?').waitFor();
      await dialog.getByRole('button', { name: 'Replace the list' }).click();
    }
    await dialog.waitFor({ state: 'hidden' });
  }

  it('shows the list, adds a number (EXC-1, EXC-6) and deletes it after the confirmation (EXC-7)', async () => {
    const page = await openExclusionList();
    await screenshot(page, 'exclusion-list');

    await page.getByRole('button', { name: 'Add Number' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Number' });
    const field = dialog.getByLabel('Number or area code');
    await field.fill('555-01');
    await dialog.getByRole('button', { name: 'Add Number' }).click();
    // EXC-1: the API's reason, beside the field.
    const reason = dialog.locator('#add-number-error');
    await reason.waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await reason.textContent())?.trim()).not.toBe('');
    await screenshot(page, 'add-number', { fullPage: false });

    await field.fill('(212) 555-0199');
    await dialog.getByRole('button', { name: 'Add Number' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const table = page.getByRole('table', { name: 'Exclusion List' });
    await page.getByLabel('Search numbers and area codes').fill('212555');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await table.getByRole('cell', { name: '(212) 555-0199', exact: true }).waitFor();
    expect(await entriesFromApi()).toContain('+12125550199');

    // EXC-6: the same number again changes nothing and says so.
    await page.getByRole('button', { name: 'Add Number' }).click();
    await dialog.getByLabel('Number or area code').fill('212.555.0199');
    await dialog.getByRole('button', { name: 'Add Number' }).click();
    await dialog.getByText('(212) 555-0199 is already on the exclusion list.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await table.getByRole('button', { name: 'Delete (212) 555-0199' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete (212) 555-0199?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await table.getByRole('cell', { name: '(212) 555-0199', exact: true }).waitFor({ state: 'detached' });
    expect(await entriesFromApi()).not.toContain('+12125550199');
  });

  it('EXC-8 / EXC-10: a CSV with bad rows imports the good ones and lists the bad ones by row number with the reason', async () => {
    const page = await openExclusionList();
    const csv = join(files, 'with-bad-rows.csv');
    writeFileSync(csv, ['Number', '(212) 555-0150', 'hello', '907', '12345', '(212) 555-0150'].join('\n'));
    await bulkUpload(page, csv, 'add');

    const outcome = page.getByRole('region', { name: 'Bulk upload: with-bad-rows.csv' });
    const rejected = outcome.getByRole('table', { name: 'Rejected rows' });
    await rejected.waitFor({ timeout: 30_000 });
    const cells = await rejected
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
    expect(cells.map(([row, value]) => [row, value])).toEqual([
      ['3', 'hello'],
      ['5', '12345'],
    ]);
    for (const [, , why] of cells) expect(why).not.toBe('');
    const summary = await outcome.getByRole('definition').allTextContents();
    expect(summary).toEqual(['2', '1', '2']);
    await screenshot(page, 'upload-outcome');

    // Every rejected row, through the API's rejected-rows CSV (the outcome shows the first ones only).
    const [rejectedFile] = await Promise.all([
      page.waitForEvent('download'),
      outcome.getByRole('button', { name: 'Download rejected rows (CSV)' }).click(),
    ]);
    const rejectedCsv = join(files, 'rejected.csv');
    await rejectedFile.saveAs(rejectedCsv);
    expect(readFileSync(rejectedCsv, 'utf8')).toMatch(/3,hello,/);

    const entries = await entriesFromApi();
    expect(entries).toEqual(expect.arrayContaining(['+12125550150', '907']));
  });

  it('EXC-10: the admin who leaves during an import sees its outcome on coming back, once per session', async () => {
    const page = await openExclusionList();
    const csv = join(files, 'while-away.csv');
    writeFileSync(csv, ['Number', '(303) 555-0111', '(303) 555-0112', 'nope'].join('\n'));
    await bulkUpload(page, csv, 'add');

    // Away at once, through the Global Recording Defaults page and its link to the queue defaults.
    const settings = page.getByRole('navigation', { name: 'Settings' });
    await settings.getByRole('link', { name: 'Global Recording Defaults' }).click();
    await page.getByRole('link', { name: 'Go to Queue Recording Defaults' }).click();
    await page.getByRole('heading', { name: 'Queue Recording Defaults', level: 1 }).waitFor();
    await expect.poll(async () => (await newestUploadFromApi())?.status, { timeout: 30_000, interval: 200 }).toBe('done');

    await settings.getByRole('link', { name: 'Exclusion List' }).click();
    const outcome = page.getByRole('region', { name: 'Bulk upload: while-away.csv' });
    await outcome.getByText('Import finished').waitFor();
    expect(await outcome.getByRole('definition').allTextContents()).toEqual(['2', '0', '1']);
    await outcome.getByRole('table', { name: 'Rejected rows' }).getByRole('cell', { name: 'nope', exact: true }).waitFor();
    await screenshot(page, 'upload-outcome-on-return');

    await outcome.getByRole('button', { name: 'Close the upload outcome' }).click();
    await outcome.waitFor({ state: 'detached' });
    await settings.getByRole('link', { name: 'Global Recording Defaults' }).click();
    await settings.getByRole('link', { name: 'Exclusion List' }).click();
    await page.getByRole('table', { name: 'Exclusion List' }).waitFor();
    await page.reload();
    await page.getByRole('table', { name: 'Exclusion List' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await outcome.count()).toBe(0);

    // Another browser session has not shown it yet: the outcome is read from the API there.
    const elsewhere = await openExclusionList();
    await elsewhere.getByRole('region', { name: 'Bulk upload: while-away.csv' }).getByText('Import finished').waitFor();
  });

  it('EXC-9: the downloaded CSV uploaded again with replace leaves the list unchanged', async () => {
    const page = await openExclusionList();
    const before = await entriesFromApi();
    expect(before.length).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Exclusion List' }).click(),
    ]);
    const saved = join(files, download.suggestedFilename());
    await download.saveAs(saved);
    expect(saved).toMatch(/\.csv$/);
    expect(readFileSync(saved, 'utf8')).toContain('Number');

    await bulkUpload(page, saved, 'replace');
    const outcome = page.getByRole('region', { name: `Bulk upload: ${download.suggestedFilename()}` });
    await outcome.getByText('Import finished').waitFor({ timeout: 30_000 });
    expect(await outcome.getByRole('table', { name: 'Rejected rows' }).count()).toBe(0);
    expect(await entriesFromApi()).toEqual(before);
  });
});
