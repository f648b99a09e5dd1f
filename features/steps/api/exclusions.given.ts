/**
 * The exclusion list an account starts with, shared by the api profile and the console profile (the
 * When and Then steps differ: the API's answers there, what the console shows here).
 */
import assert from 'node:assert/strict';
import { Given } from '@cucumber/cucumber';
import { NAMES, quotedNames } from './vocabulary.js';
import type { ApiWorld } from './world.js';

Given(new RegExp(`^an account whose exclusion list holds ${NAMES}$`), async function (this: ApiWorld, entries: string) {
  await this.addExclusions(await this.theAccount(), quotedNames(entries));
});

Given('an account whose exclusion list is empty', async function (this: ApiWorld) {
  assert.deepEqual(await this.exclusionsOf(await this.theAccount()), []);
});

Given('{string} is on the exclusion list', async function (this: ApiWorld, entry: string) {
  await this.addExclusions(await this.theAccount(), [entry]);
});
