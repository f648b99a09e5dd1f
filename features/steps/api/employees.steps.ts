/** Employees and the individual defaults through the API (IND-4: Reset to Default, the list of custom settings). */
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { NAMES, quotedNames } from './vocabulary.js';
import { type ApiWorld, type EmployeeItem, expectStatus } from './world.js';

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

When('its admin clicks Reset to Default in the profile of {string}', async function (this: ApiWorld, name: string) {
  const tenant = this.tenant();
  await this.act(() => this.send(tenant.admin, 'DELETE', `/employees/${this.employeeId(tenant, name)}/recording`));
});

Then('{string} is no longer listed among the employees with custom settings', async function (this: ApiWorld, name: string) {
  expectStatus(this.answer(), 200);
  const tenant = this.tenant();
  const id = this.employeeId(tenant, name);
  const listed = await this.read<{ items: EmployeeItem[] }>(tenant.admin, '/employees?custom=true');
  const others = [...tenant.customEmployees.keys()].filter((employee) => employee !== id).sort();
  assert.deepEqual(
    listed.items.map((employee) => employee.id),
    others,
  );
});

Then('the recording settings of {string} read like the individual defaults', async function (this: ApiWorld, name: string) {
  const tenant = this.tenant();
  const { individualDefault } = await this.settingsOf(tenant);
  const employee = await this.read<EmployeeItem>(tenant.admin, `/employees/${this.employeeId(tenant, name)}`);
  assert.deepEqual(
    { custom: employee.custom, followsDefault: employee.followsDefault, effective: employee.effective },
    { custom: null, followsDefault: true, effective: individualDefault },
  );
});
