/** The employees an account starts with (following the individual defaults, or with custom settings), shared by the api profile and the console profile. */
import { Given } from '@cucumber/cucumber';
import { NAMES, quotedNames } from './vocabulary.js';
import type { ApiWorld } from './world.js';

Given(
  new RegExp(`^(?:the|an account whose|whose) employees? ${NAMES} follows? the individual defaults$`),
  async function (this: ApiWorld, names: string) {
    const tenant = await this.theAccount();
    for (const name of quotedNames(names)) await this.ensureEmployee(tenant, name);
  },
);

Given(
  new RegExp(`^(?:an account whose|whose) employees? ${NAMES} ha(?:s|ve) custom recording settings$`),
  async function (this: ApiWorld, names: string) {
    const tenant = await this.theAccount();
    for (const name of quotedNames(names)) await this.setEmployeeCustom(tenant, name);
  },
);
