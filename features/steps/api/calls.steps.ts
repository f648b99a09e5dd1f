/** Live calls through the API as the telephony side makes them (an API key of the account): ACC-3's "decided by". */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Then, When } from '@cucumber/cucumber';
import type { Answer } from './http.js';
import { type ApiWorld, expectStatus, type Tenant } from './world.js';

interface CallWorld {
  /** The account's API key and the id of the call it started. */
  call?: { key: string; callId: string };
}

/** What the telephony side of an account reports calls with: its API key, a queue, and the employee who answers. */
export interface Telephony {
  readonly key: string;
  readonly queue: string;
  readonly employee: string;
}

export async function telephonyOf(world: ApiWorld, tenant: Tenant): Promise<Telephony> {
  const queue = await world.ensureQueue(tenant, 'Support');
  const employee = await world.ensureEmployee(tenant, 'Alice');
  const created = await world.expect(tenant.admin, 201, 'POST', '/api-keys', { body: { name: 'telephony' } });
  return { key: created.json<{ key: string }>().key, queue, employee };
}

/** A queue call from `customer`, started, connected and answered: the id and the API's three answers. */
export async function queueCall(world: ApiWorld, telephony: Telephony, customer: string): Promise<{ callId: string; answers: Answer[] }> {
  const callId = `call-${randomUUID()}`;
  const report = (path: string, body: unknown) => world.http.send('POST', `/api/v1/calls${path}`, { token: telephony.key, body });
  const answers = [
    await report('', { callId, call: { kind: 'queue', customer, queue: telephony.queue } }),
    await report(`/${callId}/events`, { event: { type: 'connected' } }),
    await report(`/${callId}/events`, { event: { type: 'answered', employee: telephony.employee } }),
  ];
  return { callId, answers };
}

When(
  'a customer calls a queue of {string} from {string} and an employee answers',
  async function (this: ApiWorld & CallWorld, name: string, customer: string) {
    const telephony = await telephonyOf(this, this.tenant(name));
    await this.act(async () => {
      const { callId, answers } = await queueCall(this, telephony, customer);
      this.call = { key: telephony.key, callId };
      return answers;
    });
  },
);

Then('the call of {string} is recording', async function (this: ApiWorld & CallWorld, name: string) {
  assert.ok(this.call && this.tenants.has(name), `no call of ${name}`);
  const [started, connected, answered] = this.answers;
  assert.ok(started && connected && answered);
  expectStatus(started, 201);
  expectStatus(connected, 200);
  expectStatus(answered, 200);
  assert.equal(answered.json().recording, 'on', `the answer decided ${answered.text}`);
  const now = await this.http.send('GET', `/api/v1/calls/${this.call.callId}`, { token: this.call.key });
  expectStatus(now, 200);
  assert.equal(now.json().recording, 'on');
});
