import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, screenshot, startConsole } from './harness.js';

describe('API keys in a real browser, against the API', () => {
  let running: Console;

  beforeAll(async () => {
    running = await startConsole();
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** The telephony side: a call request with the key, by plain fetch (api.md: `Authorization: Bearer ak_…`). */
  function asTelephony(key: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${running.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('an admin creates a key (shown once), the telephony side decides a call with it, and once revoked it is refused', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Name').fill('Telephony (e2e)');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('dialog', { name: 'API key Telephony (e2e) created' });
    await shown.waitFor();
    expect(await shown.textContent()).toContain("Copy this key now: you won't see it again.");
    const key = await shown.getByLabel('Your new API key').inputValue();
    expect(key).toMatch(/^ak_/);
    await screenshot(page, 'api-key-created', { fullPage: false });
    // Copy works, or says how to copy it by hand where the browser keeps the clipboard closed.
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown
      .getByRole('status')
      .filter({ hasText: /Copied to the clipboard|copy it yourself/ })
      .waitFor();
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'hidden' });
    // Once closed, the secret is nowhere on the page: the list shows its first characters only.
    expect(await page.content()).not.toContain(key);
    const row = page.getByRole('row', { name: /Telephony \(e2e\)/ });
    expect(await row.textContent()).toContain('Active');

    // The telephony side starts a call and sends its events with the key: decisions name their rules.
    const callId = `e2e:${Date.now()}`;
    const started = await asTelephony(key, '/calls', { callId, call: { kind: 'queue', customer: '+14085550111', queue: 'sales' } });
    expect(started.status).toBe(201);
    expect((await asTelephony(key, `/calls/${callId}/events`, { event: { type: 'connected' } })).status).toBe(200);
    const answered = await asTelephony(key, `/calls/${callId}/events`, { event: { type: 'answered', employee: 'alice' } });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ recording: 'on', rules: expect.arrayContaining(['GLB-2', 'QUE-1']) });
    await screenshot(page, 'api-keys');

    await page.getByRole('button', { name: 'Revoke Telephony (e2e)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke Telephony (e2e)?' });
    await confirm.waitFor();
    await screenshot(page, 'revoke-api-key', { fullPage: false });
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'API key Telephony (e2e) was revoked' }).waitFor();
    expect(await row.textContent()).toContain('Revoked');

    // Refused from now on: 401, and nothing is decided.
    const refused = await asTelephony(key, '/calls', {
      callId: `${callId}-2`,
      call: { kind: 'queue', customer: '+14085550111', queue: 'sales' },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    await page.close();
  });
});
