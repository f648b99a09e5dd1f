/**
 * The exclusion list through the API: adding an entry listed already (EXC-6), deleting one (EXC-7);
 * what the list holds after an upload (EXC-8, uploads.steps.ts).
 */
import assert from 'node:assert/strict';
import { normalizeExclusionEntry } from '@ccp/policy-core';
import { Given, Then, When } from '@cucumber/cucumber';
import { NAMES, quotedNames } from './vocabulary.js';
import { type ApiWorld, type ExclusionItem, expectStatus } from './world.js';

/** The stored form of an entry (E.164, or the area code), as EXC-1 reads it. */
export function storedEntry(typed: string): { entry: string; kind: 'number' | 'area-code'; display: string } {
  const parsed = normalizeExclusionEntry(typed);
  assert.ok(parsed.ok, `${typed} is not an exclusion entry`);
  return parsed.value;
}

// "an account whose exclusion list holds …" / "… is empty": exclusions.given.ts (the console profile shares them).

Given('{string} is on the exclusion list of {string} only', async function (this: ApiWorld, entry: string, name: string) {
  await this.addExclusions(this.tenant(name), [entry]);
  for (const tenant of this.tenants.values()) {
    assert.deepEqual(await this.exclusionsOf(tenant), tenant.name === name ? [storedEntry(entry).display] : []);
  }
});

When('its admin adds {string} in the Add Number pop-up', async function (this: ApiWorld, entry: string) {
  const tenant = this.tenant();
  await this.act(() => this.send(tenant.admin, 'POST', '/exclusions', { body: { entry } }));
});

Then('they are told {string} is already on the exclusion list', function (this: ApiWorld, display: string) {
  const answer = this.answer();
  expectStatus(answer, 200);
  const { addedAt: _, addedBy, ...told } = answer.json<ExclusionItem & { alreadyPresent: boolean }>();
  assert.deepEqual(told, { ...storedEntry(display), display, alreadyPresent: true });
  // As it was added then, by the admin of the Given.
  assert.equal(addedBy, this.tenant().admin.email);
});

Then(/^the exclusion list still holds (\d+) entr(?:y|ies)$/, async function (this: ApiWorld, count: string) {
  const tenant = this.tenant();
  assert.equal((await this.exclusionsOf(tenant)).length, Number(count));
  assert.deepEqual(await this.stateOf(tenant), this.stateBefore(tenant), 'nothing changed: no entry, no audit row');
});

Then(new RegExp(`^the exclusion list still holds ${NAMES}$`), async function (this: ApiWorld, entries: string) {
  const tenant = this.tenant();
  const expected = quotedNames(entries).map((entry) => storedEntry(entry).display);
  assert.deepEqual((await this.exclusionsOf(tenant)).sort(), expected.sort());
  assert.deepEqual(await this.stateOf(tenant), this.stateBefore(tenant), 'nothing changed: no entry, no audit row');
});

When('its admin deletes {string} and confirms the deletion', async function (this: ApiWorld, typed: string) {
  const tenant = this.tenant();
  await this.act(() => this.send(tenant.admin, 'DELETE', `/exclusions/${encodeURIComponent(storedEntry(typed).entry)}`));
});

Then(new RegExp(`^the exclusion list holds (?:only )?${NAMES}$`), async function (this: ApiWorld, entries: string) {
  // A deletion, or an upload (which is accepted first, imported then: how it ended is the list itself).
  for (const answer of this.answers) expectStatus(answer, answer.method === 'DELETE' ? 204 : 202);
  const expected = quotedNames(entries).map((entry) => storedEntry(entry).display);
  const listed = await this.exclusionsOf(this.tenant());
  assert.deepEqual(listed.sort(), expected.sort());
});
