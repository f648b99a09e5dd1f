import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';
import { SCENARIO_EXAMPLE } from './dto/scenario-example.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
// What `pnpm simulate` runs (turbo builds packages/cli before its own tests; `pnpm build` builds it too).
const CLI = join(ROOT, 'packages', 'cli', 'dist', 'simulate.js');
const SIMULATE = '/api/v1/simulate';

/** `pnpm simulate <file|->`: stdout, stderr and exit code of the command line. */
function cli(file: string, input?: string) {
  const run = spawnSync(process.execPath, [CLI, file], {
    input,
    encoding: 'utf8',
    cwd: EXAMPLES,
    env: { ...process.env, INIT_CWD: EXAMPLES },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const exampleFiles = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'));
const cliOutputs = new Map<string, string>();
function cliOutput(file: string): string {
  let output = cliOutputs.get(file);
  if (output === undefined) {
    const run = cli(file);
    if (run.status !== 0) throw new Error(`pnpm simulate ${file}: exit ${run.status}: ${run.stderr}`);
    output = run.stdout;
    cliOutputs.set(file, output);
  }
  return output;
}

/** A call to the demo tenant's `sales` queue (a queue-default queue), answered by alice. */
const salesCall = (customer = '+14085550111') => ({
  call: { kind: 'queue', customer, queue: 'sales' },
  events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }],
});

describe.each(TEST_DRIVERS)('POST /simulate on %s', (driver) => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm build" (or "pnpm --filter @ccp/cli build") first`);
  });
  const bed = apiTestbed(driver, { demo: true, apiKey: true });

  const simulate = (payload: unknown, authorization = bed.apiKey) =>
    bed.app.inject({
      method: 'POST',
      url: SIMULATE,
      headers: { authorization, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it.each(exampleFiles)('answers examples/%s byte for byte as `pnpm simulate` prints it', async (file) => {
    const res = await simulate(readFileSync(join(EXAMPLES, file), 'utf8'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(cliOutput(file));
  });

  it('a person may simulate too, and gets the same bytes', async () => {
    const res = await simulate(SCENARIO_EXAMPLE, bed.admin);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(cliOutput('queue-call-transfer-chain.json'));
  });

  it('documents the body in OpenAPI with the example of scenario-format.md (kept equal to the file)', async () => {
    expect(SCENARIO_EXAMPLE).toEqual(JSON.parse(readFileSync(join(EXAMPLES, 'queue-call-transfer-chain.json'), 'utf8')));
    const document = (await bed.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const operation = document.paths['/api/v1/simulate'].post;
    expect(operation.requestBody.content['application/json'].examples['queue-call-transfer-chain'].value).toEqual(SCENARIO_EXAMPLE);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '422']));
  });

  it('EXC-1: an invalid scenario is 422 with every problem at its path, the rule when one applies, and the detail of `pnpm simulate`', async () => {
    const scenario = {
      settings: { exclusions: ['12'], colour: 'red' },
      call: { kind: 'queue', queue: 'sales' },
      events: [{ type: 'connected' }, { type: 'hung-up' }],
    };
    const res = await simulate(scenario);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const problem = res.json();
    expect(problem).toMatchObject({ type: 'https://ccp.example/problems/validation-failed', status: 422 });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'settings.colour', message: expect.stringContaining('unknown key') },
        { path: 'settings.exclusions[0]', message: expect.any(String), rule: 'EXC-1' },
        { path: 'events[1].type', message: expect.stringContaining('"hung-up" is not one of') },
      ]),
    );
    expect(problem.errors).toHaveLength(3);
    const run = cli('-', JSON.stringify(scenario));
    expect(run.status).toBe(2);
    expect(`-: ${problem.detail}\n`).toBe(run.stderr);
  });

  it('an event that cannot happen at that point is 422 naming the event and the reason', async () => {
    const res = await simulate({ ...salesCall(), events: [{ type: 'connected' }, { type: 'agent', action: 'start' }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'events[1]', message: '"agent": no employee is on the line to start the recording' }]);
  });

  it('a body that is not JSON is 400, one that is not a scenario is 422', async () => {
    const malformed = await simulate('{"call": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().type).toBe('https://ccp.example/problems/malformed-body');
    const list = await simulate([1, 2]);
    expect(list.statusCode).toBe(422);
    expect(list.json().errors).toEqual([{ path: 'scenario', message: 'must be an object, not a list' }]);
  });

  it("QUE-1: without settings the call is replayed against the account's live settings, and follows a change at once", async () => {
    const before = await simulate(salesCall());
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().steps[1]).toMatchObject({ recording: 'on', prompt: true, rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
    // The demo tenant's own queues, employees and exclusions: billing is a custom `never` queue, +1 310 555 0142 is listed.
    const billing = await simulate({ ...salesCall(), call: { kind: 'queue', customer: '+14085550111', queue: 'billing' } });
    expect(billing.json().steps[1]).toMatchObject({ recording: 'off', rules: ['GLB-2', 'QUE-3', 'MOD-4', 'ANN-2'] });
    const excluded = await simulate(salesCall('(310) 555-0142'));
    expect(excluded.json().steps[1]).toMatchObject({
      recording: 'off',
      rejected: null,
      rules: ['EXC-2', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
    });

    const settings = await bed.app.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: bed.admin } });
    const { revision, ...body } = settings.json();
    const put = await bed.app.inject({
      method: 'PUT',
      url: '/api/v1/recording-settings',
      headers: { authorization: bed.admin, 'if-match': `"${revision}"` },
      payload: { ...body, queueDefault: { mode: 'manual', announcement: 'never' } },
    });
    expect(put.statusCode).toBe(200);

    const after = await simulate(salesCall());
    expect(after.json().steps[1]).toMatchObject({
      recording: 'off',
      prompt: false,
      controls: { start: true, stop: false, pause: false, resume: false },
      rules: ['GLB-2', 'QUE-1', 'MOD-3', 'ANN-2'],
    });
    expect(after.json().settingsVersion).not.toBe(before.json().settingsVersion);
  });

  it('GLB-1: a scenario with settings ignores the live ones (their omitted fields take the initial values)', async () => {
    const settings = { queues: [{ id: 'sales' }], employees: [{ id: 'alice', directLine: '+14155550100' }] };
    const res = await simulate({ ...salesCall(), settings });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().steps[1]).toMatchObject({ recording: 'on', rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
  });

  it("CNS-4: consent settings, the call's customerRegion and consent events are replayed, with `consent` at every step", async () => {
    const settings = {
      queues: [{ id: 'sales' }],
      employees: [{ id: 'alice', directLine: '+14155550100' }],
      consent: { mode: 'require', regions: ['wa'], unknownRegion: 'lenient' },
    };
    const res = await simulate({
      settings,
      call: { kind: 'queue', customer: '+14155550123', customerRegion: 'WA', queue: 'sales' },
      events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'consent', given: true }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const steps = res.json().steps;
    expect(steps.map((step: { recording: string }) => step.recording)).toEqual(['off', 'off', 'on']);
    expect(steps.map((step: { consent: { status: string } }) => step.consent.status)).toEqual(['pending', 'pending', 'given']);
    expect(steps[2].consent).toEqual({ region: 'WA', basis: 'account', announce: true, status: 'given' });
    expect(steps[1].rules[0]).toBe('CNS-4');

    const wrong = await simulate({ settings: { ...settings, consent: { regions: ['CA', 'XX'] } }, ...salesCall() });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ path: 'settings.consent.regions[1]', rule: 'CNS-2' })]);
  });

  it('ACC-3: without settings, another account replays against its own settings, which have no queue "sales"', async () => {
    const res = await simulate(salesCall(), (await bed.addAccount('other')).admin);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'call.queue', message: 'unknown queue "sales"' }]);
  });

  it('ACC-1, ACC-2: 401 without credentials, 403 without the feature or the permission', async () => {
    expect((await bed.app.inject({ method: 'POST', url: SIMULATE, payload: salesCall() })).statusCode).toBe(401);
    const basic = await simulate(salesCall(), await bed.login('admin@basic.test'));
    expect(basic.statusCode).toBe(403);
    expect(basic.json().type).toBe('https://ccp.example/problems/feature-not-enabled');
    const viewer = await simulate(salesCall(), await bed.login('viewer@demo.test'));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().type).toBe('https://ccp.example/problems/missing-permission');
  });
});
