/** The global trigger and the transfer rules an account starts with, shared by the api profile and the console profile. */
import type { TransferRule, Trigger } from '@ccp/policy-core';
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

/** The console's two transfer sections, and the setting each holds. */
const TRANSFER_SECTIONS: Readonly<Record<string, 'toQueue' | 'toEmployee'>> = {
  'Transfer to a Queue': 'toQueue',
  'Transfer to an Employee': 'toEmployee',
};

/** Saves one of the transfer rules as the account's admin. */
export async function setTransferRule(world: ApiWorld, tenant: Tenant, section: string, rule: TransferRule): Promise<void> {
  const key = TRANSFER_SECTIONS[section];
  if (!key) throw new Error(`no transfer section ${JSON.stringify(section)}: ${Object.keys(TRANSFER_SECTIONS).join(' or ')}`);
  const answer = await world.putSettings(tenant.admin, tenant, (settings) => {
    settings.transfer = { ...settings.transfer, [key]: rule };
  });
  expectStatus(answer, 200);
}

Given('{string} is set to {transferRule}', async function (this: ApiWorld, section: string, rule: TransferRule) {
  await setTransferRule(this, await this.theAccount(), section, rule);
});
