/**
 * The accounts and people of ACC-1 and ACC-2, shared by the api profile and the console profile (the
 * When and Then steps differ: the API's answers there, what the console shows here).
 */
import assert from 'node:assert/strict';
import { Given } from '@cucumber/cucumber';
import { type ApiWorld, EDIT_RECORDING_SETTINGS, THE_ACCOUNT } from './world.js';

// ACC-1

Given('an account without the Contact Center Pro feature', async function (this: ApiWorld) {
  await this.createTenant(THE_ACCOUNT, { contactCenterPro: false, enterpriseHubNetwork: true });
});

Given('an account with Contact Center Pro but without an Enterprise Hub network', async function (this: ApiWorld) {
  await this.createTenant(THE_ACCOUNT, { contactCenterPro: true, enterpriseHubNetwork: false });
});

// ACC-2

Given(
  'an employee of an account with Contact Center Pro, without the permission {string}',
  async function (this: ApiWorld, permission: string) {
    assert.equal(permission, EDIT_RECORDING_SETTINGS, 'the permission recording settings need');
    this.they = await this.addPerson(await this.theAccount(), 'Erin Employee', []);
  },
);
