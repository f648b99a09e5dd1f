/** Queues and the queue default through the API (QUE-2, QUE-4, QUE-5), and the lists of the Recording Defaults screens. */
import assert from 'node:assert/strict';
import type { Announcement, Mode } from '@ccp/policy-core';
import { Then, When } from '@cucumber/cucumber';
import { NAMES, quotedNames } from './vocabulary.js';
import { type ApiWorld, type EmployeeItem, expectStatus, type QueueItem, type RecordingSettings } from './world.js';

// The queues an account starts with: queues.given.ts (the console profile shares them).

When(
  'its admin saves the queue default {mode} with {announcement}',
  async function (this: ApiWorld, mode: Mode, announcement: Announcement) {
    const tenant = this.tenant();
    await this.act(() =>
      this.putSettings(tenant.admin, tenant, (settings) => {
        settings.queueDefault = { mode, announcement };
      }),
    );
  },
);

Then(
  'the recording settings of {names} read {mode} with {announcement}',
  async function (this: ApiWorld, names: string[], mode: Mode, announcement: Announcement) {
    expectStatus(this.answer(), 200);
    const tenant = this.tenant();
    for (const name of names) {
      const queue = await this.read<QueueItem>(tenant.admin, `/queues/${this.queueId(tenant, name)}`);
      assert.deepEqual(
        { followsDefault: queue.followsDefault, effective: queue.effective },
        { followsDefault: true, effective: { mode, announcement } },
        name,
      );
    }
  },
);

When('its admin clicks Reset to Default for the queue {string}', async function (this: ApiWorld, name: string) {
  const tenant = this.tenant();
  await this.act(() => this.send(tenant.admin, 'DELETE', `/queues/${this.queueId(tenant, name)}/recording`));
});

Then('the queue {string} is no longer listed with custom settings', async function (this: ApiWorld, name: string) {
  expectStatus(this.answer(), 200);
  const tenant = this.tenant();
  const id = this.queueId(tenant, name);
  const listed = await this.read<{ items: QueueItem[] }>(tenant.admin, '/queues?custom=true');
  const others = [...tenant.customQueues.keys()].filter((queue) => queue !== id).sort();
  assert.deepEqual(
    listed.items.map((queue) => queue.id),
    others,
  );
});

Then('the recording settings of {string} read like the queue default', async function (this: ApiWorld, name: string) {
  const tenant = this.tenant();
  const { queueDefault } = await this.settingsOf(tenant);
  const queue = await this.read<QueueItem>(tenant.admin, `/queues/${this.queueId(tenant, name)}`);
  assert.deepEqual(
    { custom: queue.custom, followsDefault: queue.followsDefault, effective: queue.effective },
    { custom: null, followsDefault: true, effective: queueDefault },
  );
});

// QUE-5, IND-4: the Recording Defaults screens list what has custom settings.

/** What the last defaults screen listed, for "it does not list". */
interface ScreenWorld {
  listed?: { kind: 'queues' | 'employees'; items: (QueueItem | EmployeeItem)[] };
}

When('its admin opens the Queue Recording Defaults', async function (this: ApiWorld & ScreenWorld) {
  const tenant = this.tenant();
  await this.act(async () => [
    await this.send(tenant.admin, 'GET', '/recording-settings'),
    await this.send(tenant.admin, 'GET', '/queues?custom=true'),
  ]);
});

When('its admin opens the Individual Recording Defaults', async function (this: ApiWorld & ScreenWorld) {
  const tenant = this.tenant();
  await this.act(async () => [
    await this.send(tenant.admin, 'GET', '/recording-settings'),
    await this.send(tenant.admin, 'GET', '/employees?custom=true'),
  ]);
});

/** The order of the API's lists. */
function inIdOrder(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The screen's two answers: the settings, and the list of those with custom settings. */
function screen(world: ApiWorld): { settings: RecordingSettings; items: (QueueItem | EmployeeItem)[] } {
  const [settings, list] = world.answers;
  assert.ok(settings && list && world.answers.length === 2, 'a defaults screen reads the settings and its list');
  expectStatus(settings, 200);
  expectStatus(list, 200);
  return { settings: settings.json<RecordingSettings>(), items: list.json<{ items: (QueueItem | EmployeeItem)[] }>().items };
}

Then(
  new RegExp(`^Queues with Custom Settings lists ${NAMES} with their recording default and announcement$`),
  function (this: ApiWorld & ScreenWorld, names: string) {
    const tenant = this.tenant();
    const { items } = screen(this);
    this.listed = { kind: 'queues', items };
    const expected = quotedNames(names)
      .map((name) => {
        const id = this.queueId(tenant, name);
        const custom = tenant.customQueues.get(id);
        return { id, name, custom, effective: custom, followsDefault: false };
      })
      .sort(inIdOrder);
    assert.deepEqual(
      (items as QueueItem[]).map(({ id, name, custom, effective, followsDefault }) => ({ id, name, custom, effective, followsDefault })),
      expected,
    );
  },
);

Then(
  new RegExp(`^Employees with Custom Settings lists ${NAMES} with their inbound and outbound settings$`),
  function (this: ApiWorld & ScreenWorld, names: string) {
    const tenant = this.tenant();
    const { items } = screen(this);
    this.listed = { kind: 'employees', items };
    const expected = quotedNames(names)
      .map((name) => {
        const id = this.employeeId(tenant, name);
        const custom = tenant.customEmployees.get(id);
        return { id, name, custom, effective: custom, followsDefault: false };
      })
      .sort(inIdOrder);
    assert.deepEqual(
      (items as EmployeeItem[]).map(({ id, name, custom, effective, followsDefault }) => ({ id, name, custom, effective, followsDefault })),
      expected,
    );
  },
);

Then('it does not list {string}', async function (this: ApiWorld & ScreenWorld, name: string) {
  assert.ok(this.listed, 'no defaults screen was read');
  const tenant = this.tenant();
  const { kind, items } = this.listed;
  const id = kind === 'queues' ? this.queueId(tenant, name) : this.employeeId(tenant, name);
  assert.ok(!items.some((item) => item.id === id || item.name === name), `${name} is listed`);
  // It exists, following the default: not listed because it has no custom settings.
  const item = await this.read<QueueItem | EmployeeItem>(tenant.admin, `/${kind}/${id}`);
  assert.deepEqual({ custom: item.custom, followsDefault: item.followsDefault }, { custom: null, followsDefault: true });
});
