import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, PASSWORD, screenshot, startConsole } from './harness.js';

describe('the Simulator and the Audit log in a real browser, against the API', () => {
  let running: Console;

  beforeAll(async () => {
    running = await startConsole();
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** The admin's token, as an integrator would get it (not through the console). */
  async function adminToken(): Promise<string> {
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    return ((await login.json()) as { token: string }).token;
  }

  it('runs a preset and shows the timeline with rule IDs; ANN-1: the record button warns under a prompt setting', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Simulator' }).click();
    await page.getByRole('heading', { name: 'Simulator', level: 1 }).waitFor();

    await page.getByLabel('Example call').selectOption({ label: 'Queue call: redirect, transfer, payment, forward' });
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const timeline = page.getByRole('table');
    await timeline.waitFor();
    expect(await timeline.getByRole('row').count()).toBe(11);
    // GLB-2, QUE-6: answered by alice in sales after the redirect; the agent view gives the catalogue's text of each ID.
    expect(await page.getByRole('list', { name: 'Rule IDs of step 3' }).textContent()).toContain('QUE-6');
    await page.getByRole('button', { name: 'Show step 3 in the agent view' }).click();
    const rules = page.getByRole('list', { name: 'Rules behind step 3' });
    expect(await rules.textContent()).toContain(
      'A queue call redirected before it is answered gets the settings of the queue that answers it.',
    );

    const record = page.getByRole('toolbar', { name: "Agent's recording controls" }).getByRole('button', { name: 'Stop recording' });
    await record.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain('A recording announcement may be legally required');
    await screenshot(page, 'simulator');

    // Keyboard users get the same warning on focus.
    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'hidden' });
    await record.focus();
    await tooltip.waitFor();
  });

  it('the simulator shows the API problems of a scenario it refuses, with their paths', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Simulator' }).click();
    await page
      .getByLabel('Scenario (JSON)')
      .fill(JSON.stringify({ call: { kind: 'queue', customer: '+13105550142', queue: 'nowhere' }, events: [] }));
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const problems = page.getByRole('list', { name: 'Problems in the scenario' });
    await problems.waitFor();
    expect(await problems.textContent()).toContain('call.queue');
  });

  it('ACC-4: a change made through the API shows in the audit log, with its before and after', async () => {
    const token = await adminToken();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const current = await fetch(`${running.url}/api/v1/recording-settings`, { headers });
    const { revision, ...settings } = (await current.json()) as { revision: number; transfer: { toQueue: string; toEmployee: string } };
    const changed = await fetch(`${running.url}/api/v1/recording-settings`, {
      method: 'PUT',
      headers: { ...headers, 'if-match': `"${revision}"` },
      body: JSON.stringify({ ...settings, transfer: { ...settings.transfer, toEmployee: 'use-destination' } }),
    });
    expect(changed.status).toBe(200);

    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();

    const entry = page.getByRole('article', { name: 'Recording defaults changed' }).first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('admin@demo.test');
    const row = entry.getByRole('row', { name: /transfer\.toEmployee/ });
    expect(await row.getByRole('deletion').textContent()).toBe(settings.transfer.toEmployee);
    expect(await row.getByRole('insertion').textContent()).toBe('use-destination');

    await page.getByLabel('What').selectOption({ label: 'Exclusion List entries' });
    await page.getByText('No changes recorded yet.').waitFor();
    await page.getByLabel('What').selectOption({ label: 'Recording defaults' });
    await entry.waitFor();
    await screenshot(page, 'audit-log');
  });
});
