/** The queues an account starts with (following the queue default, or with custom settings), shared by the api profile and the console profile. */
import type { Announcement, Mode } from '@ccp/policy-core';
import { Given } from '@cucumber/cucumber';
import { NAMES, quotedNames } from './vocabulary.js';
import type { ApiWorld } from './world.js';

Given(
  new RegExp(`^(?:the|an account whose|whose) queues? ${NAMES} follows? the queue default$`),
  async function (this: ApiWorld, names: string) {
    const tenant = await this.theAccount();
    for (const name of quotedNames(names)) await this.ensureQueue(tenant, name);
  },
);

Given(
  new RegExp(`^(?:an account whose|whose) queues? ${NAMES} ha(?:s|ve) custom settings$`),
  async function (this: ApiWorld, names: string) {
    const tenant = await this.theAccount();
    for (const name of quotedNames(names)) await this.setQueueCustom(tenant, name);
  },
);

Given(
  'an account whose queue {string} has custom settings {mode} with {announcement}',
  async function (this: ApiWorld, name: string, mode: Mode, announcement: Announcement) {
    await this.setQueueCustom(await this.theAccount(), name, { mode, announcement });
  },
);
