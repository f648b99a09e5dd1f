/** The account-wide recording settings through `GET`/`PUT /recording-settings`: the global trigger and GLB-5's confirmation. */
import assert from 'node:assert/strict';
import { LABELS, type Trigger } from '@ccp/policy-core';
import { Then, When } from '@cucumber/cucumber';
import './vocabulary.js';
import { type ApiWorld, expectProblem, expectStatus, type RecordingSettings } from './world.js';

/** GLB-5: the button of the console's "Switch to On Call Connected" pop-up, which the API's confirmation field stands for. */
const SWITCH_CONFIRMATION = 'Switch to On Call Connected';

// The Given steps of the trigger ("the global trigger is …", "an account recording …"): settings.given.ts (the console
// profile shares them).

When('its admin switches to {trigger} without confirming the switch', async function (this: ApiWorld, trigger: Trigger) {
  const tenant = this.tenant();
  await this.act(() =>
    this.putSettings(tenant.admin, tenant, (settings) => {
      settings.trigger = trigger;
    }),
  );
});

When('its admin switches to {trigger} and confirms {string}', async function (this: ApiWorld, trigger: Trigger, button: string) {
  assert.equal(button, SWITCH_CONFIRMATION, `the pop-up's button is "${SWITCH_CONFIRMATION}"`);
  const tenant = this.tenant();
  await this.act(() =>
    this.putSettings(tenant.admin, tenant, (settings) => {
      settings.trigger = trigger;
      settings.confirmSwitchToOnConnect = true;
    }),
  );
});

Then('the switch is refused and the account still records {trigger}', async function (this: ApiWorld, trigger: Trigger) {
  const problem = expectProblem(this.answer(), 422, 'rule-violation');
  assert.equal(problem.rule, 'GLB-5');
  const tenant = this.tenant();
  const now = await this.settingsOf(tenant);
  assert.equal(now.trigger, trigger, `the account records ${LABELS.trigger[now.trigger]}`);
  assert.deepEqual(now, this.stateBefore(tenant).settings, 'nothing else changed either');
});

Then('the account records {trigger}', async function (this: ApiWorld, trigger: Trigger) {
  const answer = this.answer();
  expectStatus(answer, 200);
  assert.equal(answer.json<RecordingSettings>().trigger, trigger);
  const now = await this.settingsOf(this.tenant());
  assert.equal(now.trigger, trigger, `the account records ${LABELS.trigger[now.trigger]}`);
});

/**
 * "Unchanged" by the last action: an account (everything its admin reads: settings, queues,
 * employees, exclusion list, audit log), or one queue or employee of the scenario's account.
 */
Then('the recording settings of {string} are unchanged', async function (this: ApiWorld, name: string) {
  const tenant = this.tenants.get(name);
  if (tenant) {
    assert.deepEqual(await this.stateOf(tenant), this.stateBefore(tenant));
    return;
  }
  const account = this.tenant();
  const before = this.stateBefore(account);
  const [path, list] = account.queues.has(name)
    ? [`/queues/${this.queueId(account, name)}`, before.queues]
    : [`/employees/${this.employeeId(account, name)}`, before.employees];
  const id = path.split('/').pop();
  const was = (list as { items: { id: string }[] }).items.find((item) => item.id === id);
  assert.ok(was, `${name} was not listed before the action`);
  assert.deepEqual(await this.read(account.admin, path), was);
});
