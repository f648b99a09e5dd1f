/**
 * ACC-1 and ACC-2 in the console: opening the recording settings without the account's feature or
 * network, or without the permission, shows an explanation (AccessRefusal.vue), never an empty
 * screen. The accounts and people: ../api/access.given.ts.
 */
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { Locator } from 'playwright-core';
import { EDIT_RECORDING_SETTINGS, type Person } from '../api/world.js';
import { type ConsoleWorld, readText } from './world.js';

function they(world: ConsoleWorld): Person {
  assert.ok(world.they, 'the scenario has said nobody "they" could be');
  return world.they;
}

/** Logging in opens the recording settings (the console's first screen), as the person reaches them. */
async function openRecordingSettings(world: ConsoleWorld, person: Person): Promise<void> {
  await world.act(async () => {
    await world.logIn(person);
    await world.page.getByRole('heading', { name: 'Recording Defaults', level: 1 }).waitFor();
    return [];
  });
}

When('its admin opens the recording settings', async function (this: ConsoleWorld) {
  await openRecordingSettings(this, this.tenant().admin);
});

When('they open the recording settings', async function (this: ConsoleWorld) {
  await openRecordingSettings(this, they(this));
});

/** The explanation that the account lacks something (ACC-1), and what it lists as missing. */
async function featureNotEnabled(world: ConsoleWorld): Promise<{ explanation: Locator; missing: string[] }> {
  const page = world.page;
  const explanation = page.getByRole('region', { name: `Call recording settings are not available for ${world.tenant().slug}` });
  await readText(explanation, ['Recording settings need the Contact Center Pro feature and an Enterprise Hub network on the account.']);
  const missing = await explanation.getByRole('list', { name: 'What is missing' }).getByRole('listitem').allInnerTexts();
  // Instead of an empty screen: none of the settings, and no way into screens that would refuse them.
  assert.equal(await page.getByRole('navigation', { name: 'Settings' }).count(), 0, 'the refused admin is shown the Settings navigation');
  assert.equal(await page.getByRole('heading', { name: 'Global Recording Defaults' }).count(), 0);
  return { explanation, missing: missing.map((item) => item.replace(/\s+/g, ' ').trim()) };
}

Then('the console explains how to get Contact Center Pro instead of showing an empty screen', async function (this: ConsoleWorld) {
  const { missing } = await featureNotEnabled(this);
  assert.deepEqual(missing, [
    'The Contact Center Pro feature is not enabled. Contact Center Pro is in Early Access and available for specific accounts. To enable it for your account, book a demo.',
  ]);
});

Then('the console explains that Contact Center Pro requires an Enterprise Hub network', async function (this: ConsoleWorld) {
  // The console says the recording settings need both (the account has Contact Center Pro), and how to get the network.
  const { missing } = await featureNotEnabled(this);
  assert.deepEqual(missing, [
    'An Enterprise Hub network is not enabled. Contact your Customer Success Manager or Pro Account Manager to request a network.',
  ]);
});

Then('the console tells them to ask the account administrator for it', async function (this: ConsoleWorld) {
  const page = this.page;
  const explanation = page.getByRole('region', { name: 'You do not have permission to edit call recording settings' });
  await readText(explanation, [
    `This needs the permission ${EDIT_RECORDING_SETTINGS}.`,
    'Please contact the account administrator on your team to have it added to your role.',
  ]);
  assert.equal(await page.getByRole('navigation', { name: 'Settings' }).count(), 0, 'the refused person is shown the Settings navigation');
});
