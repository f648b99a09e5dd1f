import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, PASSWORD, screenshot, startConsole } from './harness.js';

/** CNS-1..5 in a real browser, against the built API: the consent section of the global defaults and the Simulator. */
describe('recording consent by the customer location, in a real browser, against the API', () => {
  let running: Console;

  beforeAll(async () => {
    running = await startConsole();
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** The consent settings the API holds now, read as an integrator would (not through the console). */
  async function consentFromApi(): Promise<{ mode: string; regions: string[]; unknownRegion: string }> {
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${running.url}/api/v1/recording-settings`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { consent: { mode: string; regions: string[]; unknownRegion: string } }).consent;
  }

  async function openGlobalDefaults(): Promise<Page> {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('heading', { name: 'Recording consent' }).waitFor();
    return page;
  }

  const consentSection = (page: Page) => page.getByRole('region', { name: 'Recording consent' });

  it('CNS-4: an admin requires consent, unticks a region, saves, and after a reload sees both kept', async () => {
    const page = await openGlobalDefaults();
    const section = consentSection(page);
    // The seed's legal note, word for word.
    expect(await section.getByRole('note').textContent()).toContain(
      'As with all legal matters, be sure to consult an attorney regarding the most appropriate way to establish call recording consent',
    );
    const saved = section.getByRole('definition').nth(1);
    expect(await saved.textContent()).toContain("16 regions (the product's default list)");

    await section.getByRole('button', { name: 'Edit Recording consent' }).click();
    await section.getByRole('radio', { name: 'Require consent before recording' }).check();
    // The list is long: collapsed by country, with how many are ticked.
    const unitedStates = section.getByText('United States (16 of 56 ticked)');
    await unitedStates.click();
    const california = section.getByRole('checkbox', { name: 'California (CA)' });
    expect(await california.isChecked()).toBe(true);
    // A disputed region says why, as its checkbox's description (read on focus, not only on hover).
    const michigan = section.getByRole('checkbox', { name: 'Michigan (MI)' });
    const noteId = await michigan.getAttribute('aria-describedby');
    expect(await page.locator(`#${noteId}`).textContent()).toContain('Disputed: Courts split');
    await california.uncheck();
    await section.getByText('United States (15 of 56 ticked)').waitFor();
    await screenshot(page, 'consent-settings-edit');
    await section.getByRole('button', { name: 'Save consent settings' }).click();

    await section.getByRole('button', { name: 'Edit Recording consent' }).waitFor();
    expect(await section.getByRole('definition').first().textContent()).toBe('Require consent before recording');
    const api = await consentFromApi();
    expect(api.mode).toBe('require');
    expect(api.regions).not.toContain('CA');
    expect(api.regions).toHaveLength(15);

    await page.reload();
    await page.getByRole('heading', { name: 'Recording consent' }).waitFor();
    expect(await section.getByRole('definition').first().textContent()).toBe('Require consent before recording');
    const regions = await section.getByRole('definition').nth(1).textContent();
    expect(regions).toContain('15 regions: Connecticut, Delaware');
    expect(regions).not.toContain('California');
    await section.getByRole('button', { name: 'Edit Recording consent' }).click();
    await section.getByText('United States (15 of 56 ticked)').click();
    expect(await section.getByRole('checkbox', { name: 'California (CA)' }).isChecked()).toBe(false);
    expect(await section.getByRole('radio', { name: 'Require consent before recording' }).isChecked()).toBe(true);
    await screenshot(page, 'consent-settings');

    // ACC-4: saved with the rest of the settings, the change is in the audit log like any other.
    await section.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    const entry = page.getByRole('article', { name: 'Recording defaults changed' }).first();
    await entry.waitFor();
    const mode = entry.getByRole('row', { name: /consent\.mode/ });
    expect(await mode.getByRole('deletion').textContent()).toBe('off');
    expect(await mode.getByRole('insertion').textContent()).toBe('require');
  });

  it("CNS-2: a second admin's stale save is stopped with the conflict message and the first admin's values", async () => {
    const first = await openGlobalDefaults();
    const second = await openGlobalDefaults();

    // The first admin announces instead, and saves.
    await consentSection(first).getByRole('button', { name: 'Edit Recording consent' }).click();
    await consentSection(first).getByRole('radio', { name: 'Announce to customers where every party must consent' }).check();
    await consentSection(first).getByRole('button', { name: 'Save consent settings' }).click();
    await consentSection(first).getByRole('button', { name: 'Edit Recording consent' }).waitFor();

    // The second admin's page still holds the revision read before: their change is refused, not saved over the first's.
    const section = consentSection(second);
    await section.getByRole('button', { name: 'Edit Recording consent' }).click();
    await section.getByRole('radio', { name: 'Treat as not needing consent' }).check();
    await section.getByRole('button', { name: 'Save consent settings' }).click();

    const notice = second.getByRole('alert').filter({ hasText: 'Another admin saved these settings first' });
    await notice.waitFor();
    expect(await notice.getByLabel('Values saved by the other admin').textContent()).toContain(
      'Announce to customers where every party must consent',
    );
    expect(await notice.getByRole('list', { name: 'Your change' }).textContent()).toContain(
      'Customers in an unknown location: Treat as not needing consent',
    );
    expect((await consentFromApi()).mode).toBe('announce');
    await screenshot(second, 'consent-conflict');

    await notice.getByRole('button', { name: 'Keep their values' }).click();
    await notice.waitFor({ state: 'hidden' });
    expect(await section.getByRole('definition').first().textContent()).toBe('Announce to customers where every party must consent');
    expect((await consentFromApi()).unknownRegion).toBe('strict');
  });

  it('CNS-4: the Simulator replays a California call under require: consent pending, then given when the customer consents', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Simulator' }).click();
    await page.getByRole('heading', { name: 'Simulator', level: 1 }).waitFor();

    await page.getByLabel('Example call').selectOption({ label: 'Consent: Require consent before recording' });
    // CNS-1: the linked customer account is in California; it wins over the number's Washington area code.
    await page.getByLabel("Customer's region (from a linked customer account)").selectOption({ label: 'California (CA)' });
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const rows = page.locator('table.timeline tbody tr');
    await rows.first().waitFor();
    const consentOf = (step: number) => rows.nth(step).locator('.timeline__consent');
    expect(await consentOf(1).textContent()).toMatch(/Pending\s+California \(customer account\) · Notice played/);
    expect(await rows.nth(1).locator('.state').textContent()).toBe('Not recording');

    await page.getByRole('button', { name: 'Show step 2 in the agent view' }).click();
    await page.getByRole('group', { name: "The customer's answer" }).getByRole('button', { name: 'Customer consents' }).click();
    await page.getByRole('status').filter({ hasText: 'After step 3 (Customer consents to the recording)' }).waitFor();
    expect(await rows.nth(2).locator('th').textContent()).toContain('Customer consents to the recording');
    expect(await consentOf(2).textContent()).toMatch(/Given\s+California \(customer account\) · Notice played/);
    expect(await rows.nth(2).locator('.state').textContent()).toBe('Recording');
    expect(await page.getByLabel("The customer's consent").textContent()).toContain('Given');
    await screenshot(page, 'simulator-consent');
  });
});
