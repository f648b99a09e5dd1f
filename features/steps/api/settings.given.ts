/** The global trigger an account starts with, shared by the api profile and the console profile. */
import type { Trigger } from '@ccp/policy-core';
import { Given } from '@cucumber/cucumber';
import './vocabulary.js';
import { type ApiWorld, expectStatus, type Tenant } from './world.js';

/** Sets the trigger as an admin who confirms what needs confirming (a Given: how the account came to be). */
async function setTrigger(world: ApiWorld, tenant: Tenant, trigger: Trigger): Promise<void> {
  const current = await world.settingsOf(tenant);
  if (current.trigger === trigger) return;
  const answer = await world.putSettings(tenant.admin, tenant, (settings) => {
    settings.trigger = trigger;
    settings.confirmSwitchToOnConnect = trigger === 'on-connect' ? true : undefined;
  });
  expectStatus(answer, 200);
}

Given('the global trigger is {trigger}', async function (this: ApiWorld, trigger: Trigger) {
  await setTrigger(this, await this.theAccount(), trigger);
});

Given('an account recording {trigger}', async function (this: ApiWorld, trigger: Trigger) {
  await setTrigger(this, await this.theAccount(), trigger);
});
