/** Live calls through the API as the telephony side makes them (an API key of the account): ACC-3's "decided by". */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Then, When } from '@cucumber/cucumber';
import { type ApiWorld, expectStatus } from './world.js';

interface CallWorld {
  /** The account's API key and the id of the call it started. */
  call?: { key: string; callId: string };
}

When(
  'a customer calls a queue of {string} from {string} and an employee answers',
  async function (this: ApiWorld & CallWorld, name: string, customer: string) {
    const tenant = this.tenant(name);
    const queue = await this.ensureQueue(tenant, 'Support');
    const employee = await this.ensureEmployee(tenant, 'Alice');
    const created = await this.expect(tenant.admin, 201, 'POST', '/api-keys', { body: { name: 'telephony' } });
    const key = created.json<{ key: string }>().key;
    const callId = `call-${randomUUID()}`;
    this.call = { key, callId };
    await this.act(async () => [
      await this.http.send('POST', '/api/v1/calls', { token: key, body: { callId, call: { kind: 'queue', customer, queue } } }),
      await this.http.send('POST', `/api/v1/calls/${callId}/events`, { token: key, body: { event: { type: 'connected' } } }),
      await this.http.send('POST', `/api/v1/calls/${callId}/events`, { token: key, body: { event: { type: 'answered', employee } } }),
    ]);
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
