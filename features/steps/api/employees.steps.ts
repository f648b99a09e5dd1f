/** Employees and the individual defaults through the API (IND-4: Reset to Default, the list of custom settings). */
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { type ApiWorld, type EmployeeItem, expectStatus } from './world.js';

// The employees an account starts with: employees.given.ts (the console profile shares them).

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
