/**
 * FWD-1 in the console: the Global Recording Defaults show forwarding as a fixed line of their own
 * (GlobalRecordingDefaultsView.vue), with nothing to change it.
 */
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { EDIT_RECORDING_SETTINGS } from '../api/world.js';
import { type ConsoleWorld, readText } from './world.js';

Given('an admin with the permission {string}', async function (this: ConsoleWorld, permission: string) {
  assert.equal(permission, EDIT_RECORDING_SETTINGS, 'the permission recording settings need');
  // The account's admin has it (world.ts).
  this.they = (await this.theAccount()).admin;
});

When('they open the Global Recording Defaults', async function (this: ConsoleWorld) {
  const person = this.they;
  assert.ok(person, 'the scenario has said nobody "they" could be');
  await this.act(async () => {
    await this.logIn(person);
    await this.openScreen('Global Recording Defaults');
    return [];
  });
});

function forwardSection(world: ConsoleWorld) {
  return world.page.getByRole('region', { name: 'Forward Recording Settings' });
}

Then('the Forward Recording Settings section reads {string}', async function (this: ConsoleWorld, line: string) {
  const section = forwardSection(this);
  const text = await readText(section, [line]);
  // The heading and that line, nothing else.
  assert.equal(text, `Forward Recording Settings ${line}`);
});

Then('that line cannot be edited', async function (this: ConsoleWorld) {
  const section = forwardSection(this);
  await section.waitFor();
  // Nothing in the section takes input or leads to an editor, unlike the other sections of the screen (their Edit buttons).
  const controls = section.locator(
    'input, select, textarea, button, a[href], [contenteditable]:not([contenteditable="false"]), [tabindex]:not([tabindex="-1"]), [role="button"], [role="radio"], [role="checkbox"], [role="switch"], [role="textbox"], [role="combobox"]',
  );
  assert.equal(await controls.count(), 0, `the Forward Recording Settings section has controls: ${await controls.allInnerTexts()}`);
  const editable = await section.evaluate((element) => (element as unknown as { isContentEditable: boolean }).isContentEditable);
  assert.equal(editable, false, 'the Forward Recording Settings section is editable');
  // The other sections of the screen do have something to change (so the screen is an editable one, and this line is the exception).
  assert.ok(
    (await this.page
      .getByRole('main')
      .getByRole('button', { name: /^Edit / })
      .count()) > 0,
    'nothing on the screen can be edited',
  );
});
