import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replay } from '@ccp/policy-core';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/simulate.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

function simulate(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', env: { ...process.env, INIT_CWD: examples } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pnpm simulate', () => {
  const files = readdirSync(examples).filter((name) => name.endsWith('.json'));

  it.each(files)('replays examples/%s as the JSON of policy-core, exit 0', (file) => {
    const run = simulate([file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = replay(JSON.parse(readFileSync(`${examples}${file}`, 'utf8')));
    expect(expected.ok).toBe(true);
    expect(JSON.parse(run.stdout)).toEqual(expected.ok && expected.replay);
  });

  it('reads the scenario from stdin with -', () => {
    const run = simulate(
      ['-'],
      JSON.stringify({ call: { kind: 'queue', queue: 'sales' }, settings: { queues: [{ id: 'sales' }] }, events: [{ type: 'connected' }] }),
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).steps[0]).toMatchObject({ recording: 'off', rules: ['GLB-2'] });
  });

  it('prints a table for people with --table', () => {
    const run = simulate(['queue-call-transfer-chain.json', '--table']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^#\s+event\s+recording\s+controls\s+prompt\s+autoPause\s+rules$/);
    expect(lines[4]).toMatch(/^3\s+answered by alice\s+on\s+stop,pause\s+yes\s+yes\s+GLB-2 QUE-6 QUE-1 MOD-2 ANN-1$/);
  });

  it('exits 2 with one line naming the event for an impossible event', () => {
    const run = simulate(
      ['-'],
      JSON.stringify({
        call: { kind: 'queue', queue: 'sales' },
        settings: { queues: [{ id: 'sales' }] },
        events: [{ type: 'answered', employee: 'x' }],
      }),
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('-: events[0]: the first event is "connected", not "answered"\n');
  });

  it('exits 2 for bad JSON, a missing file and a wrong usage', () => {
    expect(simulate(['-'], '{"call":').stderr).toMatch(/^-: not valid JSON \(.+\)\n$/);
    expect(simulate(['-'], '{"call":').status).toBe(2);
    expect(simulate(['nope.json'])).toMatchObject({ status: 2, stderr: 'nope.json: cannot be read (ENOENT)\n' });
    expect(simulate([])).toMatchObject({ status: 2, stderr: 'usage: pnpm simulate FILE|- [--table]\n' });
  });

  it('counts the other problems of an invalid scenario on its one line', () => {
    const run = simulate(
      ['-'],
      JSON.stringify({ settings: { trigger: 'sometimes', exclusions: ['555-01'] }, call: { kind: 'queue', queue: 'q' }, events: [] }),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('-: settings.trigger: "sometimes" is not one of on-answer, on-connect (and 1 more problem)\n');
  });
});
