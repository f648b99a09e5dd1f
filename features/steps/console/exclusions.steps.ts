/**
 * EXC-7 in the console: a deletion waits for the confirmation pop-up (DeleteEntryDialog.vue), and
 * Cancel deletes nothing. The account's list: ../api/exclusions.given.ts.
 */
import assert from 'node:assert/strict';
import { normalizeExclusionEntry } from '@ccp/policy-core';
import { Then, When } from '@cucumber/cucumber';
import { NAMES, quotedNames } from '../api/vocabulary.js';
import { type ConsoleWorld, readText } from './world.js';

/** How the console shows an entry (EXC-1's display form). */
function shown(typed: string): string {
  const parsed = normalizeExclusionEntry(typed);
  assert.ok(parsed.ok, `${typed} is not an exclusion entry`);
  return parsed.value.display;
}

When('its admin deletes {string} and cancels the confirmation', async function (this: ConsoleWorld, typed: string) {
  const page = this.page;
  const entry = shown(typed);
  await this.act(async () => {
    await this.logIn(this.tenant().admin);
    await page.getByRole('heading', { name: 'Global Recording Defaults', level: 1 }).waitFor();
    await this.openScreen('Exclusion List');
    const table = page.getByRole('table', { name: 'Exclusion List' });
    await table.getByRole('button', { name: `Delete ${entry}`, exact: true }).click();
    const confirmation = page.getByRole('dialog', { name: `Delete ${entry}?` });
    await readText(confirmation, ['will no longer be excluded from recording.']);
    await confirmation.getByRole('button', { name: 'Cancel', exact: true }).click();
    await confirmation.waitFor({ state: 'hidden' });
    return [];
  });
});

Then(new RegExp(`^the exclusion list still holds ${NAMES}$`), async function (this: ConsoleWorld, entries: string) {
  const page = this.page;
  const expected = quotedNames(entries).map(shown).sort();
  // As the admin sees it now, and again once the page is loaded afresh (what the API holds, not what the page kept).
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    const table = page.getByRole('table', { name: 'Exclusion List' });
    for (const entry of expected) await table.getByRole('cell', { name: entry, exact: true }).waitFor();
    const rows = await table.locator('tbody tr').count();
    assert.equal(rows, expected.length, `the Exclusion List shows ${rows} entries`);
  }
  await readText(page.getByRole('table', { name: 'Exclusion List' }), expected);
  // Nothing changed behind it either: no entry, no audit row.
  const tenant = this.tenant();
  assert.deepEqual((await this.exclusionsOf(tenant)).sort(), expected);
  assert.deepEqual(await this.stateOf(tenant), this.stateBefore(tenant), 'nothing changed: no entry, no audit row');
});
