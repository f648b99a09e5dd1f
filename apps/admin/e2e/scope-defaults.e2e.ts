import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, PASSWORD, screenshot, startConsole } from './harness.js';

interface ModeSetting {
  mode: string;
  announcement: string;
}

describe('Queue and Individual Recording Defaults in a real browser, against the API and a worker', () => {
  let running: Console;
  let token: string;

  beforeAll(async () => {
    running = await startConsole();
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** What the API says now, read as an integrator would (not through the console). */
  async function fromApi<T>(path: string): Promise<T> {
    const res = await fetch(`${running.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  async function openScreen(label: string): Promise<Page> {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { name: label, level: 1 }).waitFor();
    return page;
  }

  it('changes the queue default with Edit, a choice, then Confirm (QUE-2), and lists the custom queues (QUE-5)', async () => {
    const queues = await fromApi<{ items: { id: string; name: string }[] }>('/queues?custom=true');
    expect(queues.items.length).toBeGreaterThan(0);

    const page = await openScreen('Queue Recording Defaults');
    expect(page.url()).toContain('/recording-defaults/queues');
    const table = page.getByRole('table', { name: 'Queues with Custom Settings' });
    for (const queue of queues.items) await table.getByRole('rowheader', { name: queue.name }).waitFor();

    await page.getByRole('button', { name: 'Edit Call Recording Default' }).click();
    await page.getByRole('radio', { name: 'Manually Record' }).check();
    expect((await fromApi<{ queueDefault: ModeSetting }>('/recording-settings')).queueDefault.mode).toBe('automatic');
    await page.getByRole('button', { name: 'Confirm Call Recording Default' }).click();
    await page.getByRole('status').filter({ hasText: 'Queue default saved.' }).waitFor();
    expect((await fromApi<{ queueDefault: ModeSetting }>('/recording-settings')).queueDefault).toEqual({
      mode: 'manual',
      announcement: 'prompt',
    });
    await page.getByText('Manually Record', { exact: true }).waitFor();
    await screenshot(page, 'queue-recording-defaults');
  });

  it('gives a queue custom settings (QUE-3), then resets it to the default (QUE-4)', async () => {
    const following = await fromApi<{ items: { id: string; name: string }[] }>('/queues?custom=false');
    const queue = following.items[0];
    if (!queue) throw new Error('the demo tenant has no queue following the default');

    const page = await openScreen('Queue Recording Defaults');
    await page.getByRole('button', { name: 'Customize a queue' }).click();
    const form = page.getByRole('form', { name: 'Customize a queue' });
    await form.getByRole('combobox', { name: 'Queue' }).selectOption({ label: queue.name });
    await form.getByRole('radio', { name: 'Never Record', exact: true }).check();
    await form.getByRole('radio', { name: 'Never announce recording status' }).check();
    await screenshot(page, 'queue-custom-settings');
    await form.getByRole('button', { name: 'Save custom settings' }).click();

    const row = page.getByRole('table', { name: 'Queues with Custom Settings' }).getByRole('row', { name: new RegExp(queue.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Never Record');
    expect((await fromApi<{ custom: ModeSetting | null }>(`/queues/${queue.id}`)).custom).toEqual({ mode: 'never', announcement: 'never' });

    await page.getByRole('button', { name: `Reset ${queue.name} to Default` }).click();
    await row.waitFor({ state: 'detached' });
    expect((await fromApi<{ custom: ModeSetting | null; followsDefault: boolean }>(`/queues/${queue.id}`)).followsDefault).toBe(true);
  });

  it('changes an individual default, gives an employee custom inbound and outbound settings, and resets them (IND-1, IND-2, IND-4)', async () => {
    const following = await fromApi<{ items: { id: string; name: string; directLineDisplay: string }[] }>('/employees?custom=false');
    const employee = following.items[0];
    if (!employee) throw new Error('the demo tenant has no employee following the defaults');

    const page = await openScreen('Individual Recording Defaults');
    await page.getByRole('button', { name: 'Edit Outbound: Call Recording Announcement' }).click();
    await page.getByRole('radio', { name: 'Never announce recording status' }).check();
    await page.getByRole('button', { name: 'Confirm Outbound: Call Recording Announcement' }).click();
    await page.getByRole('status').filter({ hasText: 'Individual default saved.' }).waitFor();
    const settings = await fromApi<{ individualDefault: { inbound: ModeSetting; outbound: ModeSetting } }>('/recording-settings');
    expect(settings.individualDefault.outbound.announcement).toBe('never');
    expect(settings.individualDefault.inbound.announcement).toBe('prompt');

    await page.getByRole('button', { name: 'Customize an employee' }).click();
    const form = page.getByRole('form', { name: 'Customize an employee' });
    await form.getByRole('combobox', { name: 'Employee' }).selectOption({ value: employee.id });
    await form.getByRole('group', { name: 'Inbound: Call Recording Default' }).getByRole('radio', { name: 'Always Record' }).check();
    await form.getByRole('group', { name: 'Outbound: Call Recording Default' }).getByRole('radio', { name: 'Manually Record' }).check();
    await form.getByRole('button', { name: 'Save custom settings' }).click();

    const row = page.getByRole('table', { name: 'Employees with Custom Settings' }).getByRole('row', { name: new RegExp(employee.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain(employee.directLineDisplay);
    expect((await fromApi<{ custom: unknown }>(`/employees/${employee.id}`)).custom).toEqual({
      inbound: { mode: 'always', announcement: 'prompt' },
      outbound: { mode: 'manual', announcement: 'never' },
    });
    await screenshot(page, 'individual-recording-defaults');

    await page.getByRole('button', { name: `Reset ${employee.name} to Default` }).click();
    await row.waitFor({ state: 'detached' });
    expect((await fromApi<{ followsDefault: boolean }>(`/employees/${employee.id}`)).followsDefault).toBe(true);
  });

  it('GLB-3: under On Call Connected both screens say so and link to Global Recording Defaults', async () => {
    const page = await openScreen('Global Recording Defaults');
    await page.getByRole('radio', { name: 'On Call Connected' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Switch to On Call Connected' }).click();
    await page.getByRole('heading', { name: 'Call Recording Defaults' }).waitFor();

    for (const label of ['Queue Recording Defaults', 'Individual Recording Defaults']) {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: label }).click();
      await page.getByRole('heading', { name: 'Recording starts On Call Connected' }).waitFor();
      expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    }
    await page.getByRole('link', { name: 'Go to Global Recording Defaults' }).click();
    await page.getByRole('heading', { name: 'Global Recording Defaults', level: 1 }).waitFor();
    // Kept, not lost (GLB-3): the queue default changed earlier is still there.
    expect((await fromApi<{ queueDefault: ModeSetting }>('/recording-settings')).queueDefault.mode).toBe('manual');
  });
});
