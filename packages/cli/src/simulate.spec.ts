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

  it('CNS-4: --table shows where the customer is and the consent of each step when consent mattered', () => {
    const run = simulate(['consent-require-all-party-state.json', '--table']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[1]).toBe('customer region WA (from the area code)');
    expect(lines[2]).toMatch(/^#\s+event\s+recording\s+controls\s+prompt\s+autoPause\s+consent\s+rules$/);
    expect(lines.slice(3).map((row) => row.match(/(pending|given|refused|implied|not-needed)(, notice)?/)?.[0])).toContain(
      'pending, notice',
    );
    expect(run.stdout).toMatch(/customer consents\s+paused\s.*given, notice\s+CNS-4/);
  });

  it('HIS-2: replays an evidence file with settingsChanges and meta, each step naming the settings that decided it', () => {
    const run = simulate(['evidence-settings-changed-mid-call.json']);
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    const versions = output.steps.map((step: { settingsVersion: string }) => step.settingsVersion);
    expect(versions[0]).toBe(output.settingsVersion);
    expect(new Set(versions.slice(0, 4))).toEqual(new Set([output.settingsVersion]));
    expect(new Set(versions.slice(4)).size).toBe(1);
    expect(versions[4]).not.toBe(output.settingsVersion);
  });

  it('HIS-2: --table shows the short version of the settings that decided each step when the scenario has settingsChanges', () => {
    const run = simulate(['evidence-settings-changed-mid-call.json', '--table']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const steps = JSON.parse(simulate(['evidence-settings-changed-mid-call.json']).stdout).steps;
    const short = (i: number) => (steps[i].settingsVersion as string).slice('sha256:'.length, 'sha256:'.length + 8);
    expect(lines[0]).toBe(`settings ${steps[0].settingsVersion}`);
    expect(lines[1]).toMatch(/^#\s+settings\s+event\s+recording\s+controls\s+prompt\s+autoPause\s+rules$/);
    expect(lines[5]).toMatch(new RegExp(`^4\\s+${short(3)}\\s+agent resume\\s+on\\s`));
    expect(lines[6]).toMatch(new RegExp(`^5\\s+${short(4)}\\s+transferred to queue billing\\s+off\\s+-\\s+no\\s+yes\\s+TRF-2 GLB-2$`));
    expect(short(3)).not.toBe(short(4));
    expect(lines).toHaveLength(2 + steps.length);
  });

  it('HIS-2: without settingsChanges the table has no settings column and steps no settingsVersion', () => {
    const json = JSON.parse(simulate(['queue-call-transfer-chain.json']).stdout);
    for (const step of json.steps) expect(step).not.toHaveProperty('settingsVersion');
    expect(simulate(['queue-call-transfer-chain.json', '--table']).stdout.split('\n')[1]).not.toMatch(/settings/);
  });

  it('HIS-2: exits 2 naming the path of a bad settings change', () => {
    const run = simulate(
      ['-'],
      JSON.stringify({
        settings: { queues: [{ id: 'sales' }] },
        settingsChanges: [{ beforeEvent: 0, settings: {} }],
        call: { kind: 'queue', queue: 'sales' },
        events: [{ type: 'connected' }, { type: 'ended' }],
      }),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      '-: settingsChanges[0].beforeEvent: must be at least 1: the scenario\'s "settings" decide event 0, a change before it would only replace them\n',
    );
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
