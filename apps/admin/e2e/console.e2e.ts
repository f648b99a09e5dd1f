import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, PASSWORD, screenshot, startConsole } from './harness.js';

describe('the console in a real browser, against the API and a worker', () => {
  let running: Console;

  beforeAll(async () => {
    running = await startConsole();
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** What the API says now, read as an integrator would (not through the console). */
  async function settingsFromApi(): Promise<{ trigger: string; connectMode: string }> {
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${running.url}/api/v1/recording-settings`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json()) as { trigger: string; connectMode: string };
  }

  it('runs under a Content-Security-Policy that refuses inline scripts (what an injected <script> would be)', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    const before = running.cspViolations.length;
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => running.cspViolations.length).toBeGreaterThan(before);
    // Refused as it should be: not a fault of the console.
    running.cspViolations.splice(before);
  });

  it('shows the API docs (Swagger UI) under their own policy, nothing refused', async () => {
    const page = await openPage(running);
    await page.goto(`${running.url}/api/docs`);
    await page.getByRole('heading', { name: /Call recording policy API/ }).waitFor();
    await page.getByText('/api/v1/calls', { exact: false }).first().waitFor();
  });

  it('logs in and shows the Global Recording Defaults, with the forwarded-calls line (FWD-1)', async () => {
    const page = await openPage(running);
    await page.goto(running.url);
    await page.getByRole('heading', { name: 'Contact Center Pro' }).waitFor();
    await screenshot(page, 'login');

    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    expect(page.url()).toContain('/recording-defaults/global');
    await page.getByText('All calls forwarded to external numbers will be recorded').waitFor();
    await page.getByRole('heading', { name: 'Queue Recording Defaults' }).waitFor();
    await screenshot(page, 'global-recording-defaults');
  });

  it('GLB-5: switches to On Call Connected only through the pop-up, and hides the queue defaults (GLB-3)', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();

    // The radio keeps showing the saved value while the pop-up asks.
    await page.getByRole('radio', { name: 'On Call Connected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to On Call Connected?' });
    await dialog.waitFor();
    await screenshot(page, 'switch-to-on-call-connected', { fullPage: false });
    // Nothing is saved until the admin confirms.
    expect(await page.getByRole('radio', { name: 'On Call Answered' }).isChecked()).toBe(true);
    expect((await settingsFromApi()).trigger).toBe('on-answer');

    await dialog.getByRole('button', { name: 'Switch to On Call Connected' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Call Recording Defaults' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Queue Recording Defaults' }).count()).toBe(0);
    expect((await settingsFromApi()).trigger).toBe('on-connect');
    expect(await page.getByRole('radio', { name: 'On Call Connected' }).isChecked()).toBe(true);
    await screenshot(page, 'on-call-connected');
  });

  it('Log out ends the session at the API: the token the tab held is refused from then on', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    // The console keeps its session in sessionStorage under this key (auth.store.ts SESSION_KEY).
    const held = () => page.evaluate(() => sessionStorage.getItem('ccp.session'));
    const { token } = JSON.parse((await held()) ?? '{}') as { token?: string };
    const me = async () => (await fetch(`${running.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
    expect(await me()).toBe(200);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await held()).toBeNull();
    expect(await me()).toBe(401);
  });

  it('ACC-1: an account without Contact Center Pro is told what is missing, not shown an empty screen', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@basic.test');
    const refusal = page.getByRole('region', { name: /Call recording settings are not available/ });
    await refusal.waitFor();
    expect(await refusal.getByRole('list', { name: 'What is missing' }).textContent()).toContain('Contact Center Pro');
    await screenshot(page, 'refusal-feature-not-enabled');
  });

  it('ACC-2: a user without the permission is told its name', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'viewer@demo.test');
    const refusal = page.getByRole('region', { name: 'You do not have permission to edit call recording settings' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Edit Call Recording Settings');
    await screenshot(page, 'refusal-missing-permission');
  });
});
