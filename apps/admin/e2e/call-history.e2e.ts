import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, logIn, openPage, PASSWORD, screenshot, startConsole } from './harness.js';

/** Calls the telephony side reports through the API (an API key), each event answered with its decision. */
const CALLS = [
  {
    callId: 'e2e-call-1',
    call: { kind: 'queue', customer: '+13105550177', queue: 'sales' },
    events: [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
      { type: 'agent', action: 'pause' },
      { type: 'agent', action: 'resume' },
      { type: 'ended' },
    ],
  },
  {
    // EXC-2: a number on the demo tenant's exclusion list.
    callId: 'e2e-call-2',
    call: { kind: 'queue', customer: '(212) 555-0123', queue: 'sales' },
    events: [{ type: 'connected' }, { type: 'answered', employee: 'bob' }, { type: 'ended' }],
  },
  {
    callId: 'e2e-call-3',
    call: { kind: 'queue', customer: '+14155550188', queue: 'support' },
    events: [{ type: 'connected' }, { type: 'answered', employee: 'carol' }, { type: 'agent', action: 'stop' }, { type: 'ended' }],
  },
  {
    // CNS-5: the customer (512: Texas) refuses the recording; honoured with consent off, the demo tenant's mode.
    callId: 'e2e-call-4',
    call: { kind: 'queue', customer: '+15125550199', queue: 'sales' },
    events: [{ type: 'connected' }, { type: 'consent', given: false }, { type: 'answered', employee: 'alice' }, { type: 'ended' }],
  },
] as const;

describe('the Call history in a real browser, against the API and a worker', () => {
  let running: Console;
  let files: string;
  let token: string;

  async function api(path: string, init: { method?: string; body?: unknown; bearer?: string } = {}): Promise<Response> {
    return fetch(`${running.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.bearer ?? token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  beforeAll(async () => {
    running = await startConsole();
    files = mkdtempSync(join(tmpdir(), 'ccp-call-history-e2e-'));
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;

    const created = await api('/api-keys', { method: 'POST', body: { name: 'Telephony (call history e2e)' } });
    const { key } = (await created.json()) as { key: string };
    for (const { callId, call, events } of CALLS) {
      expect((await api('/calls', { method: 'POST', bearer: key, body: { callId, call } })).status).toBe(201);
      for (const event of events) {
        const answered = await api(`/calls/${callId}/events`, { method: 'POST', bearer: key, body: { event } });
        expect(answered.status, `${callId} ${event.type}`).toBe(200);
      }
    }
    // HIS-1: the worker keeps each call within seconds of its end.
    const kept = async () => ((await (await api('/calls?limit=10')).json()) as { items: unknown[] }).items.length;
    const until = Date.now() + 30_000;
    while ((await kept()) < CALLS.length) {
      if (Date.now() > until) throw new Error('The calls did not reach the history within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await running?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  async function openCallHistory(): Promise<Page> {
    const page = await openPage(running);
    await logIn(page, running.url, 'admin@demo.test');
    await page.getByRole('heading', { name: 'Global Recording Defaults' }).waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Call history' }).click();
    await page.getByRole('heading', { name: 'Call history', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Calls' }).waitFor();
    return page;
  }

  it('HIS-3: finds a call by its number typed as people type it, with the chart of the calls per day', async () => {
    const page = await openCallHistory();
    const calls = page.getByRole('table', { name: 'Calls' });
    await expect.poll(() => calls.locator('tbody tr').count()).toBe(CALLS.length);
    // EXC-2: the listed caller's call is not recorded; the one the agent stopped is partly recorded.
    expect(await calls.getByRole('row', { name: /\(212\) 555-0123/ }).textContent()).toContain('Not recorded');
    expect(await calls.getByRole('row', { name: /\(415\) 555-0188/ }).textContent()).toContain('Partly recorded');

    await page.getByLabel('Customer number or area code').fill('310.555.0177');
    await page.getByRole('button', { name: 'Search calls' }).click();
    await expect.poll(() => calls.locator('tbody tr').count()).toBe(1);
    const row = calls.getByRole('row', { name: /\(310\) 555-0177/ });
    expect(await row.textContent()).toContain('Recorded');
    expect(await row.textContent()).toContain('sales');

    // The chart (Chart.js, loaded with the screen) draws the last 30 days; its numbers are a table too.
    const chart = page.getByRole('region', { name: 'Calls per day' });
    await chart.locator('canvas').waitFor();
    expect(await chart.textContent()).toContain(`${CALLS.length} kept calls`);
    await screenshot(page, 'call-history');

    // A number that is not one: the API's reason, beside the field.
    await page.getByLabel('Customer number or area code').fill('12');
    await page.getByRole('button', { name: 'Search calls' }).click();
    await page.getByText('area codes are 3 digits').waitFor();
  });

  it('CNS-5: the consent filter finds the call whose customer refused, shown with the status and the region on the list and its page', async () => {
    const page = await openCallHistory();
    const calls = page.getByRole('table', { name: 'Calls' });
    await expect.poll(() => calls.locator('tbody tr').count()).toBe(CALLS.length);
    expect(await calls.getByRole('row', { name: /\(310\) 555-0177/ }).textContent()).toContain('Not needed · CA');

    await page.getByLabel('Consent status').selectOption({ label: 'Refused' });
    await page.getByRole('button', { name: 'Search calls' }).click();
    await expect.poll(() => calls.locator('tbody tr').count()).toBe(1);
    const row = calls.getByRole('row', { name: /\(512\) 555-0199/ });
    expect(await row.textContent()).toContain('Refused · TX');
    expect(await row.textContent()).toContain('Not recorded');
    await screenshot(page, 'call-history-consent');

    await page.getByRole('link', { name: /^Call e2e-call-4/ }).click();
    await page.getByRole('heading', { name: 'Call e2e-call-4', level: 1 }).waitFor();
    const summary = page.getByRole('definition').filter({ hasText: 'Refused · TX' });
    expect(await summary.textContent()).toContain('The customer refused or withdrew consent');
  });

  it('the call page: its timeline with rule IDs, a hold with its reason and its release, the evidence, and the simulator', async () => {
    const page = await openCallHistory();
    await page.getByLabel('Customer number or area code').fill('(310) 555-0177');
    await page.getByRole('button', { name: 'Search calls' }).click();
    await page.getByRole('link', { name: /^Call e2e-call-1/ }).click();
    await page.getByRole('heading', { name: 'Call e2e-call-1', level: 1 }).waitFor();

    const timeline = page.getByRole('table', { name: 'The decision after each event' });
    await timeline.waitFor();
    expect(await timeline.locator('tbody tr').count()).toBe(5);
    // GLB-2, QUE-1, MOD-2: answered by alice in sales, recorded under the queue default; MOD-5: paused and resumed.
    expect(await page.getByRole('list', { name: 'Rule IDs of step 2' }).textContent()).toContain('GLB-2');
    expect(await page.getByRole('list', { name: 'Rule IDs of step 3' }).textContent()).toContain('MOD-5');
    expect(await timeline.locator('tbody tr').first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    // HIS-4: Hold asks for the reason; the call page and the API show it.
    await page.getByRole('button', { name: 'Hold…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Place this call under legal hold' });
    await dialog.getByLabel('Reason').fill('Litigation 2026-114');
    await dialog.getByRole('button', { name: 'Place hold' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Under legal hold', { exact: true }).waitFor();
    const held = (await (await api('/calls/e2e-call-1')).json()) as { hold: { reason: string; by: string } | null };
    expect(held.hold).toMatchObject({ reason: 'Litigation 2026-114', by: 'admin@demo.test' });
    await screenshot(page, 'call-page');

    await page.getByRole('button', { name: 'Release hold' }).click();
    await page.getByText(/^Not under legal hold/).waitFor();
    expect(((await (await api('/calls/e2e-call-1')).json()) as { hold: unknown }).hold).toBeNull();

    // HIS-2: the evidence file, which names the call and holds its events.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download evidence' }).click()]);
    expect(download.suggestedFilename()).toBe('call-e2e-call-1-evidence.json');
    const saved = join(files, download.suggestedFilename());
    await download.saveAs(saved);
    const evidence = JSON.parse(readFileSync(saved, 'utf8')) as { events: unknown[]; settings: unknown; meta: { callId: string } };
    expect(evidence.meta.callId).toBe('e2e-call-1');
    expect(evidence.events).toHaveLength(5);
    expect(evidence.settings).toBeDefined();

    // Open in simulator: the evidence is the scenario, replayed at once to the decisions the call got.
    await page.getByRole('link', { name: 'Open in simulator' }).click();
    await page.getByRole('heading', { name: 'Simulator', level: 1 }).waitFor();
    await page.getByRole('note', { name: 'Opened from a call' }).waitFor();
    const replayed = page.getByRole('table', { name: 'The decision after each event' });
    await replayed.waitFor();
    expect(await replayed.locator('tbody tr').count()).toBe(5);
    expect(await page.getByRole('list', { name: 'Rule IDs of step 2' }).textContent()).toContain('GLB-2');
    expect(JSON.parse(await page.getByLabel('Scenario (JSON)').inputValue())).toMatchObject({ meta: { callId: 'e2e-call-1' } });
  });

  it('ACC-5: the viewer, without View Call History, is told the permission and whom to ask', async () => {
    const page = await openPage(running);
    await logIn(page, running.url, 'viewer@demo.test');
    await page.getByRole('region', { name: 'You do not have permission to edit call recording settings' }).waitFor();
    await page.goto(`${running.url}/calls`);
    const refusal = page.getByRole('region', { name: 'You do not have permission to view the call history' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('View Call History');
    expect(await refusal.textContent()).toContain('(ACC-5)');
    expect((await api('/calls', { bearer: await viewerToken() })).status).toBe(403);
  });

  async function viewerToken(): Promise<string> {
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@demo.test', password: PASSWORD }),
    });
    return ((await login.json()) as { token: string }).token;
  }
});
