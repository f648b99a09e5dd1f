/**
 * ACC: who gets the recording settings (ACC-1 the account's feature and network, ACC-2 the person's
 * permission), that no account reaches another's (ACC-3), and the audit log of every change (ACC-4).
 */
import assert from 'node:assert/strict';
import { LABELS, type Mode } from '@ccp/policy-core';
import { Given, Then, When } from '@cucumber/cucumber';
import { storedEntry } from './exclusions.steps.js';
import type { Answer } from './http.js';
import {
  type ApiWorld,
  type AuditItem,
  type EmployeeItem,
  type ExclusionItem,
  expectProblem,
  expectStatus,
  type Person,
  type QueueItem,
  type RecordingSettings,
  type Tenant,
  THE_ACCOUNT,
} from './world.js';

/** What the console reads when someone opens the recording settings: each screen's endpoint. */
const SCREENS = ['/recording-settings', '/queues', '/employees', '/exclusions'];

function openScreens(world: ApiWorld, person: Person): Promise<Answer[]> {
  return Promise.all(SCREENS.map((path) => world.send(person, 'GET', path)));
}

// ACC-1

// The Given steps of ACC-1 and ACC-2: access.given.ts (the console profile shares them).

When('its admin opens the recording settings', async function (this: ApiWorld) {
  await this.act(() => openScreens(this, this.tenant().admin));
});

Then('they are told the feature is not enabled', function (this: ApiWorld) {
  for (const answer of this.answers) expectProblem(answer, 403, 'feature-not-enabled');
});

Then('the answer says the account needs {string}', function (this: ApiWorld, what: string) {
  for (const answer of this.answers) {
    const { detail } = answer.json();
    assert.ok(String(detail).includes(what), `${answer.path}: the detail ${JSON.stringify(detail)} does not name ${what}`);
  }
});

// ACC-2

function they(world: ApiWorld): Person {
  assert.ok(world.they, 'the scenario has said nobody "they" could be');
  return world.they;
}

When('they open the recording settings', async function (this: ApiWorld) {
  await this.act(() => openScreens(this, they(this)));
});

When('they try to change the queue default to {mode}', async function (this: ApiWorld, mode: Mode) {
  const tenant = this.tenant();
  // With the current revision, as its admin reads it: only the permission can stop the change.
  await this.act(() =>
    this.putSettings(they(this), tenant, (settings) => {
      settings.queueDefault = { ...settings.queueDefault, mode };
    }),
  );
});

Then('they are refused because they lack the permission {string}', function (this: ApiWorld, permission: string) {
  for (const answer of this.answers) {
    const { detail } = expectProblem(answer, 403, 'missing-permission');
    assert.ok(
      String(detail).includes(`"${permission}"`),
      `${answer.path}: the detail ${JSON.stringify(detail)} does not name the permission`,
    );
  }
});

Then('the queue default is unchanged', async function (this: ApiWorld) {
  const tenant = this.tenant();
  const before = this.stateBefore(tenant).settings as RecordingSettings;
  const now = await this.settingsOf(tenant);
  assert.deepEqual(
    { queueDefault: now.queueDefault, revision: now.revision },
    { queueDefault: before.queueDefault, revision: before.revision },
  );
});

// ACC-3

Given(/^two accounts "([^"]+)" and "([^"]+)" with Contact Center Pro$/, async function (this: ApiWorld, first: string, second: string) {
  await this.createTenant(first);
  await this.createTenant(second);
});

Given(
  '{string} has the queue {string} and the employee {string}, both with custom settings, and {string} on its exclusion list',
  async function (this: ApiWorld, name: string, queue: string, employee: string, entry: string) {
    const tenant = this.tenant(name);
    await this.setQueueCustom(tenant, queue);
    await this.setEmployeeCustom(tenant, employee);
    await this.addExclusions(tenant, [entry]);
  },
);

When('an admin of {string} changes the queue default to {mode}', async function (this: ApiWorld, name: string, mode: Mode) {
  const tenant = this.tenant(name);
  await this.act(() =>
    this.putSettings(tenant.admin, tenant, (settings) => {
      settings.queueDefault = { ...settings.queueDefault, mode };
    }),
  );
});

Then('the queue default of {string} is {mode}', async function (this: ApiWorld, name: string, mode: Mode) {
  expectStatus(this.answer(), 200);
  const { queueDefault } = await this.settingsOf(this.tenant(name));
  assert.equal(queueDefault.mode, mode, `the queue default is ${LABELS.mode[queueDefault.mode]}`);
});

Then(
  'the admin of {string} sees no queue, no employee and no exclusion of {string}',
  async function (this: ApiWorld, name: string, other: string) {
    const tenant = this.tenant(name);
    const theirs = this.tenant(other);
    const ids = <T extends { id: string }>(list: { items: T[] }) => list.items.map((item) => item.id);
    const entries = (list: { items: ExclusionItem[] }) => list.items.map((item) => item.entry);
    // The other account has them: they are not missing from the lists for want of existing.
    const [theirQueues, theirEmployees, theirEntries] = [
      ids(await this.read<{ items: QueueItem[] }>(theirs.admin, '/queues')),
      ids(await this.read<{ items: EmployeeItem[] }>(theirs.admin, '/employees')),
      entries(await this.read<{ items: ExclusionItem[] }>(theirs.admin, '/exclusions')),
    ];
    assert.ok(theirQueues.length > 0 && theirEmployees.length > 0 && theirEntries.length > 0);
    // This account has none of its own, so it lists nothing at all.
    assert.deepEqual(
      {
        queues: ids(await this.read<{ items: QueueItem[] }>(tenant.admin, '/queues')),
        employees: ids(await this.read<{ items: EmployeeItem[] }>(tenant.admin, '/employees')),
        exclusions: entries(await this.read<{ items: ExclusionItem[] }>(tenant.admin, '/exclusions')),
        customQueues: ids(await this.read<{ items: QueueItem[] }>(tenant.admin, '/queues?custom=true')),
        customEmployees: ids(await this.read<{ items: EmployeeItem[] }>(tenant.admin, '/employees?custom=true')),
        searched: entries(await this.read<{ items: ExclusionItem[] }>(tenant.admin, `/exclusions?q=${theirEntries[0]?.slice(-7)}`)),
      },
      { queues: [], employees: [], exclusions: [], customQueues: [], customEmployees: [], searched: [] },
    );
  },
);

/** What an admin may try on another account's things: each names them by the ids the API knows them by. */
const ATTEMPTS: readonly [RegExp, (world: ApiWorld, admin: Person, theirs: Tenant, name: string) => Promise<Answer>][] = [
  [
    /^read the recording settings of the queue "([^"]+)"$/,
    (w, admin, theirs, queue) => w.send(admin, 'GET', `/queues/${w.queueId(theirs, queue)}`),
  ],
  [
    /^change the recording settings of the queue "([^"]+)"$/,
    async (w, admin, theirs, queue) => {
      // With the revision its own admin reads: only the account can stop the change.
      const id = w.queueId(theirs, queue);
      const { revision } = await w.read<QueueItem>(theirs.admin, `/queues/${id}`);
      return w.send(admin, 'PUT', `/queues/${id}/recording`, {
        body: { mode: 'never', announcement: 'never' },
        headers: { 'if-match': `"${revision}"` },
      });
    },
  ],
  [
    /^reset the queue "([^"]+)" to the queue default$/,
    (w, admin, theirs, queue) => w.send(admin, 'DELETE', `/queues/${w.queueId(theirs, queue)}/recording`),
  ],
  [/^delete the queue "([^"]+)"$/, (w, admin, theirs, queue) => w.send(admin, 'DELETE', `/queues/${w.queueId(theirs, queue)}`)],
  [
    /^read the recording settings of the employee "([^"]+)"$/,
    (w, admin, theirs, employee) => w.send(admin, 'GET', `/employees/${w.employeeId(theirs, employee)}`),
  ],
  [
    /^change the recording settings of the employee "([^"]+)"$/,
    async (w, admin, theirs, employee) => {
      const id = w.employeeId(theirs, employee);
      const { revision } = await w.read<EmployeeItem>(theirs.admin, `/employees/${id}`);
      const never = { mode: 'never', announcement: 'never' };
      return w.send(admin, 'PUT', `/employees/${id}/recording`, {
        body: { inbound: never, outbound: never },
        headers: { 'if-match': `"${revision}"` },
      });
    },
  ],
  [
    /^reset the employee "([^"]+)" to the individual defaults$/,
    (w, admin, theirs, employee) => w.send(admin, 'DELETE', `/employees/${w.employeeId(theirs, employee)}/recording`),
  ],
  [
    /^delete the employee "([^"]+)"$/,
    (w, admin, theirs, employee) => w.send(admin, 'DELETE', `/employees/${w.employeeId(theirs, employee)}`),
  ],
  [
    /^delete "([^"]+)" from the exclusion list$/,
    (w, admin, _theirs, entry) => w.send(admin, 'DELETE', `/exclusions/${encodeURIComponent(storedEntry(entry).entry)}`),
  ],
];

When(/^an admin of "([^"]+)" tries to (.+) of "([^"]+)"$/, async function (this: ApiWorld, name: string, action: string, other: string) {
  const admin = this.tenant(name).admin;
  const theirs = this.tenant(other);
  for (const [pattern, attempt] of ATTEMPTS) {
    const named = pattern.exec(action)?.[1];
    if (named !== undefined) {
      await this.act(() => attempt(this, admin, theirs, named));
      return;
    }
  }
  throw new Error(`no such attempt: ${action}`);
});

Then(
  /^the admin of "([^"]+)" is told there is no such (queue|employee|exclusion entry|upload)$/,
  function (this: ApiWorld, name: string, _thing: string) {
    const answer = this.answer();
    expectProblem(answer, 404, 'not-found');
    // Exactly as an id that does not exist: nothing in the answer is the other account's.
    for (const tenant of this.tenants.values()) {
      if (tenant.name === name) continue;
      for (const secret of [tenant.id, tenant.slug, tenant.admin.email])
        assert.ok(!answer.text.includes(secret), `the answer names ${secret}`);
    }
  },
);

// ACC-4

Given('an admin {string} of an account whose queue default is {mode}', async function (this: ApiWorld, name: string, mode: Mode) {
  const tenant = await this.createTenant(THE_ACCOUNT, undefined, name);
  if ((await this.settingsOf(tenant)).queueDefault.mode !== mode) {
    expectStatus(
      await this.putSettings(tenant.admin, tenant, (settings) => {
        settings.queueDefault = { ...settings.queueDefault, mode };
      }),
      200,
    );
  }
});

Given('an admin {string} of an account whose exclusion list is empty', async function (this: ApiWorld, name: string) {
  const tenant = await this.createTenant(THE_ACCOUNT, undefined, name);
  assert.deepEqual(await this.exclusionsOf(tenant), []);
});

When('{string} changes the queue default to {mode}', async function (this: ApiWorld, name: string, mode: Mode) {
  const person = this.person(name);
  await this.act(() =>
    this.putSettings(
      person,
      this.tenant(),
      (settings) => {
        settings.queueDefault = { ...settings.queueDefault, mode };
      },
      person,
    ),
  );
});

When('{string} adds {string} to the exclusion list', async function (this: ApiWorld, name: string, entry: string) {
  const person = this.person(name);
  await this.act(() => this.send(person, 'POST', '/exclusions', { body: { entry } }));
});

/** The audit rows the last action wrote: exactly one, by this person, at the time of the action. */
export async function auditOfTheAction(world: ApiWorld, name: string): Promise<AuditItem> {
  const tenant = world.tenant();
  const person = world.person(name);
  const before = (world.stateBefore(tenant).audit as { items: AuditItem[] }).items.map((item) => item.id);
  const { items } = await world.read<{ items: AuditItem[] }>(person, '/audit?limit=200');
  const written = items.filter((item) => !before.includes(item.id));
  assert.equal(written.length, 1, `the action wrote ${written.length} audit rows: ${JSON.stringify(written)}`);
  const row = written[0] as AuditItem;
  assert.deepEqual({ actorId: row.actorId, actorName: row.actorName }, { actorId: person.id, actorName: person.email });
  // "and when": during the action (the database keeps whole milliseconds or seconds).
  const acted = world.actedBetween;
  assert.ok(acted);
  const at = Date.parse(row.at);
  assert.ok(
    at >= Math.floor(acted.from.getTime() / 1000) * 1000 && at <= acted.to.getTime(),
    `at ${row.at}, not between ${acted.from.toISOString()} and ${acted.to.toISOString()}`,
  );
  return row;
}

Then(
  'the audit log shows that {string} changed the queue default from {mode} to {mode}, and when',
  async function (this: ApiWorld, name: string, from: Mode, to: Mode) {
    expectStatus(this.answer(), 200);
    const row = await auditOfTheAction(this, name);
    assert.equal(row.action, 'recording-settings.updated');
    const before = row.before as Omit<RecordingSettings, 'revision'>;
    const after = row.after as Omit<RecordingSettings, 'revision'>;
    assert.equal(before.queueDefault.mode, from);
    assert.equal(after.queueDefault.mode, to);
    // Nothing else changed: the row says exactly what did.
    assert.deepEqual({ ...after, queueDefault: { ...after.queueDefault, mode: from } }, before);
  },
);

Then(
  'the audit log shows that {string} added {string} to the exclusion list, and when',
  async function (this: ApiWorld, name: string, display: string) {
    expectStatus(this.answer(), 201);
    const row = await auditOfTheAction(this, name);
    const entry = storedEntry(display);
    assert.equal(entry.display, display);
    assert.deepEqual(
      { action: row.action, target: row.target, before: row.before, after: row.after },
      {
        action: 'exclusion.added',
        target: entry.entry,
        before: null,
        after: entry,
      },
    );
  },
);
